// The three timeline formats behind one call, and where their files go: next to the shot
// list, named after it ("storyboard.veo.json" → "storyboard.otio", ".edl", ".fcpxml").
import * as path from 'node:path';
import { SHOT_LIST_SUFFIX } from '../shotList/format';
import { toEdl } from './edl';
import { toFcpxml } from './fcpxml';
import { toOtio } from './otio';
import type { Sequence } from './sequence';

export type ExportFormat = 'otio' | 'edl' | 'fcpxml';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['otio', 'edl', 'fcpxml'];

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { otio: '.otio', edl: '.edl', fcpxml: '.fcpxml' };

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The shot list's name without its suffix: "storyboard" for "storyboard.veo.json". */
export function sequenceTitle(shotListFile: string): string {
  const base = path.basename(shotListFile);
  if (base.toLowerCase().endsWith(SHOT_LIST_SUFFIX)) return base.slice(0, -SHOT_LIST_SUFFIX.length);
  return base.replace(/\.[^.]*$/, '');
}

/** Where a format's export of a shot list goes: beside it, "storyboard.otio". */
export function exportFileFor(shotListFile: string, format: ExportFormat): string {
  return path.join(path.dirname(shotListFile), `${sequenceTitle(shotListFile)}${EXPORT_EXTENSIONS[format]}`);
}

/** The text of a sequence in a format; `outputFile` (absolute) is where it will be written, which OTIO's relative paths need. */
export function exportSequence(format: ExportFormat, sequence: Sequence, outputFile: string): string {
  if (!sequence.clips.length) throw new RangeError('There is nothing to export: no shot has a video yet.');
  switch (format) {
    case 'otio':
      return toOtio(sequence, { otioFile: outputFile });
    case 'edl':
      return toEdl(sequence);
    case 'fcpxml':
      return toFcpxml(sequence);
  }
}
