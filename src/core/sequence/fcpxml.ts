// FCPXML 1.10 (.fcpxml), which Final Cut Pro 10.6 and later and DaVinci Resolve import:
//
//   fcpxml version="1.10"
//     resources: one `format` per picture format (frame duration, size), one `asset` per video
//                (its length, sound, and a media-rep with the file's absolute file:// URL)
//     library / event / project / sequence / spine: one `asset-clip` per clip, end to end
//
// Times are rational seconds ("1001/24000s", "4s"). The sequence takes the format most clips
// have and starts at 01:00:00:00 like the other exports; every offset and duration is a whole
// number of its frames, because Final Cut refuses edits between frames. Each clip's prompt is
// its note; its shot number and how it was made are metadata (Shot, Description). Element
// and attribute order follow the 1.10 DTD.
import { formatUsd } from '../text/money';
import { fileUrl } from './fileUrl';
import { add, multiply, rational, type Rational } from './rational';
import { dominantFormat, formatOf, layOut, sameFormat, START_HOURS, timecodeBase, type PictureFormat, type Sequence, type SequenceClip } from './sequence';
import { attrs, xmlText } from './xml';

export const FCPXML_VERSION = '1.10';

/** "0s", "4s", "1001/24000s": how FCPXML writes a time. */
export function fcpTime(seconds: Rational): string {
  return seconds.den === 1 ? `${seconds.num}s` : `${seconds.num}/${seconds.den}s`;
}

function frameDuration(rate: Rational): Rational {
  return rational(rate.den, rate.num);
}

function framesToTime(frames: number, rate: Rational): Rational {
  return multiply(rational(frames), frameDuration(rate));
}

/** "model …, seed …, job …, cost $…": how a take was made, for Final Cut's Description column. */
function description(clip: SequenceClip): string {
  const parts = [`model ${clip.model}`];
  if (clip.seed !== undefined) parts.push(`seed ${clip.seed}`);
  if (clip.jobId) parts.push(`job ${clip.jobId}`);
  if (clip.costUsd !== undefined) parts.push(`cost ${formatUsd(clip.costUsd)}`);
  return parts.join(', ');
}

/** The sequence as an FCPXML 1.10 document. */
export function toFcpxml(sequence: Sequence): string {
  const { clips } = sequence;
  const main = dominantFormat(clips);
  const formats: PictureFormat[] = [main];
  for (const clip of clips) if (!formats.some((f) => sameFormat(f, formatOf(clip)))) formats.push(formatOf(clip));
  const formatId = (f: PictureFormat) => `r${formats.findIndex((g) => sameFormat(g, f)) + 1}`;
  // One asset per video file, even if a file appears twice.
  const files = [...new Set(clips.map((c) => c.file))];
  const assetId = (file: string) => `r${formats.length + files.indexOf(file) + 1}`;

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE fcpxml>', `<fcpxml version="${FCPXML_VERSION}">`, '    <resources>'];
  for (const f of formats) {
    out.push(`        <format${attrs([['id', formatId(f)], ['frameDuration', fcpTime(frameDuration(f.frameRate))], ['width', f.width], ['height', f.height]])}/>`);
  }
  for (const file of files) {
    const clip = clips.find((c) => c.file === file)!;
    const { media } = clip;
    const sound = media.audio;
    out.push(
      `        <asset${attrs([
        ['id', assetId(file)],
        ['name', clip.output],
        ['start', '0s'],
        ['duration', fcpTime(media.duration)],
        ['hasVideo', 1],
        ['format', formatId(formatOf(clip))],
        ['hasAudio', sound ? 1 : undefined],
        ['videoSources', 1],
        ['audioSources', sound ? 1 : undefined],
        ['audioChannels', sound?.channels],
        ['audioRate', sound?.sampleRate],
      ])}>`,
      `            <media-rep${attrs([['kind', 'original-media'], ['src', fileUrl(file)]])}/>`,
      '        </asset>',
    );
  }
  out.push('    </resources>');

  const rate = main.frameRate;
  const origin = START_HOURS * 3600 * timecodeBase(rate);
  const placed = layOut(clips, rate);
  const total = placed.reduce((sum, p) => sum + p.frames, 0);
  const title = sequence.title || 'Untitled';
  out.push(
    '    <library>',
    `        <event${attrs([['name', title]])}>`,
    `            <project${attrs([['name', title]])}>`,
    `                <sequence${attrs([
      ['format', formatId(main)],
      ['duration', fcpTime(framesToTime(total, rate))],
      ['tcStart', fcpTime(framesToTime(origin, rate))],
      ['tcFormat', 'NDF'],
      ['audioLayout', 'stereo'],
      ['audioRate', '48k'],
    ])}>`,
    '                    <spine>',
  );
  for (const { clip, start, frames } of placed) {
    out.push(
      `                        <asset-clip${attrs([
        ['ref', assetId(clip.file)],
        ['offset', fcpTime(add(framesToTime(origin, rate), framesToTime(start, rate)))],
        ['name', clip.output],
        ['start', '0s'],
        ['duration', fcpTime(framesToTime(frames, rate))],
        ['format', formatId(formatOf(clip))],
        ['tcFormat', 'NDF'],
      ])}>`,
    );
    if (clip.prompt) out.push(`                            <note>${xmlText(clip.prompt)}</note>`);
    out.push(
      '                            <metadata>',
      `                                <md${attrs([['key', 'com.apple.proapps.studio.shot'], ['value', String(clip.shotIndex + 1)]])}/>`,
      `                                <md${attrs([['key', 'com.apple.proapps.spotlight.kMDItemDescription'], ['value', description(clip)]])}/>`,
      '                            </metadata>',
      '                        </asset-clip>',
    );
  }
  out.push('                    </spine>', '                </sequence>', '            </project>', '        </event>', '    </library>', '</fcpxml>', '');
  return out.join('\n');
}
