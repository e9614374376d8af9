// "Save as Shot": a finished video's recipe (its sidecar, or the job itself) written as a
// one-shot shot list, so it can be tweaked and generated again. Paths stay workspace-
// relative, as in the sidecar; a new file never replaces an existing one.
import * as path from 'node:path';
import { writeFileExclusive } from '../download/files';
import { MEDIA_KINDS, refsOf } from '../catalog/media';
import type { Job } from '../jobs/job';
import { describeRef, type Sidecar } from '../jobs/sidecar';
import { SHOT_LIST_SUFFIX, type ShotListDocument, type ShotSpec } from './format';

/** Whether parsed JSON is a sidecar Veo Studio wrote beside a video. */
export function isSidecar(value: unknown): value is Sidecar {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['generator'] === 'Veo Studio' && typeof v['prompt'] === 'string' && typeof v['model'] === 'string';
}

/** A workspace file's sidecar text that is cheap to sniff: the marker is near the start. */
export function looksLikeSidecarText(head: string): boolean {
  return /^\s*\{\s*"generator"\s*:\s*"Veo Studio"/.test(head);
}

export interface ShotFromSource {
  readonly shot: ShotSpec;
  /** Things that could not be carried over (inline data), to tell the person. */
  readonly warnings: readonly string[];
}

function stem(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

/** `sources`: the media by request field, as the sidecar writes them (one text or a list). */
function build(prompt: string, model: string, sources: Readonly<Record<string, string | readonly string[] | undefined>>, options: Readonly<Record<string, unknown>>, output: string | undefined): ShotFromSource {
  const warnings: string[] = [];
  const shot: Record<string, unknown> = { prompt, model };
  for (const kind of MEDIA_KINDS) {
    const value = sources[kind.field];
    if (value === undefined) continue;
    const list = typeof value === 'string' ? [value] : [...value];
    if (list.some((v) => v.startsWith('(') || v.startsWith('data:'))) {
      warnings.push(`The ${kind.arg} of the original was sent as inline data and is not saved anywhere; add it again as a workspace path or an https URL.`);
      continue;
    }
    shot[kind.arg] = kind.argIsArray ? list : list[0];
  }
  if (Object.keys(options).length) shot['options'] = { ...options };
  if (output) shot['output'] = output;
  return { shot: shot as unknown as ShotSpec, warnings };
}

/**
 * A sidecar is JSON a person may have edited: isSidecar checks only its marker, so the
 * fields this reads are checked here, each named when it is not what a sidecar holds.
 */
function sidecarFieldProblem(sidecar: Sidecar): string | undefined {
  const wrong = (field: string, should: string) => `The sidecar’s "${field}" must be ${should}; fix it or save the shot from the job instead.`;
  const { video, parameters, sources } = sidecar as unknown as Record<string, unknown>;
  if (video !== undefined && typeof video !== 'string') return wrong('video', 'the video’s file name (text)');
  if (parameters !== undefined && !isPlainObject(parameters)) return wrong('parameters', 'an object of option values');
  if (sources === undefined) return undefined;
  if (!isPlainObject(sources)) return wrong('sources', 'an object of workspace paths or URLs by field');
  for (const [field, value] of Object.entries(sources)) {
    const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) return wrong(`sources.${field}`, 'a workspace path or URL (text), or a list of them');
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shot a sidecar describes; throws an Error naming the field when one has the wrong type. */
export function shotFromSidecar(sidecar: Sidecar): ShotFromSource {
  const problem = sidecarFieldProblem(sidecar);
  if (problem) throw new Error(problem);
  return build(sidecar.prompt, sidecar.model, sidecar.sources ?? {}, sidecar.parameters ?? {}, sidecar.video ? stem(sidecar.video) : undefined);
}

/** From a job: its request, with files relative to its workspace folder where they are inside it. */
export function shotFromJob(job: Job): ShotFromSource {
  const sources: Record<string, string[]> = {};
  for (const kind of MEDIA_KINDS) {
    const refs = refsOf(job.request.media, kind.field);
    if (refs.length) sources[kind.field] = refs.map((ref) => describeRef(ref, job.workspaceFolder));
  }
  const output = job.output ? stem(job.output.file) : job.request.outputName;
  return build(job.request.prompt, job.request.model, sources, job.request.options, output);
}

export function shotListText(shots: readonly ShotSpec[]): string {
  const doc: ShotListDocument = { shots };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Writes `<stem>.veo.json`, else `<stem>-2.veo.json`, …: never over an existing file. Returns the path. */
export async function writeNewShotList(folder: string, baseName: string, text: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const file = path.join(folder, `${n === 1 ? baseName : `${baseName}-${n}`}${SHOT_LIST_SUFFIX}`);
    try {
      await writeFileExclusive(file, text);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`Could not find a free name for ${baseName}${SHOT_LIST_SUFFIX} in ${folder}.`);
}
