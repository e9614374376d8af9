// The JSON file saved beside every video: what made it, so a person (or "Save as Shot",
// or a retry months later) can see and reproduce it.
import * as path from 'node:path';
import type { Job, JobOrigin, MediaRef } from './job';
import { isInside } from '../util/paths';

export interface Sidecar {
  readonly generator: 'Veo Studio';
  readonly video: string;
  readonly prompt: string;
  readonly model: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Source images/videos: workspace-relative paths or URLs. */
  readonly sources: Readonly<Record<string, string | readonly string[]>>;
  readonly jobId: string;
  readonly generationId?: string;
  readonly createdAt: string;
  readonly submittedAt?: string;
  readonly savedAt: string;
  readonly bytes: number;
  readonly cost?: { readonly usd?: number; readonly credits?: number };
  readonly extends?: string;
  /** Who asked for the video, when not the person directly: `agent` (the chat agent's tools). */
  readonly origin?: JobOrigin;
  /** The job whose frame this video starts from (Continue from Frame): a source, not a video_url. */
  readonly continues?: string;
  /** The shot of a shot list this video is (a take of): the list relative to the workspace folder. */
  readonly shot?: { readonly list: string; readonly index: number; readonly take?: number };
  /** Frames saved from this video (Save Frame), added after it was saved. */
  readonly frames?: readonly SidecarFrame[];
}

/** A frame saved from a video, as its sidecar lists it. */
export interface SidecarFrame {
  /** The PNG, relative to the sidecar's folder, with `/` (e.g. "frames/boat@00-05.240.png"). */
  readonly file: string;
  /** Seconds into the video. */
  readonly at: number;
  readonly width: number;
  readonly height: number;
  readonly savedAt: string;
}

export function sidecarPathFor(videoFile: string): string {
  return videoFile.replace(/\.[^./\\]+$/, '') + '.json';
}

/** A source as a person reads it: a URL, or a path relative to the workspace folder when inside it. */
export function describeRef(ref: MediaRef, base: string | undefined): string {
  if (ref.kind === 'url') return ref.url.startsWith('data:') ? '(inline data)' : ref.url;
  if (!base || !isInside(ref.path, base)) return ref.path;
  return path.relative(base, ref.path).split(path.sep).join('/');
}

export function sidecarFor(job: Job, videoFile: string, bytes: number, savedAt: number): Sidecar {
  const base = job.workspaceFolder;
  const sources: Record<string, string | readonly string[]> = {};
  for (const [field, value] of Object.entries(job.request.media)) {
    if (Array.isArray(value)) sources[field] = value.map((r: MediaRef) => describeRef(r, base));
    else if (value) sources[field] = describeRef(value as MediaRef, base);
  }
  return {
    generator: 'Veo Studio',
    video: path.basename(videoFile),
    prompt: job.request.prompt,
    model: job.request.model,
    parameters: job.request.options,
    sources,
    jobId: job.id,
    ...(job.generationId ? { generationId: job.generationId } : {}),
    createdAt: new Date(job.createdAt).toISOString(),
    ...(job.submittedAt ? { submittedAt: new Date(job.submittedAt).toISOString() } : {}),
    savedAt: new Date(savedAt).toISOString(),
    bytes,
    ...(job.usage ? { cost: job.usage } : {}),
    // A job with a parent and a source video extends it; without one it starts from its frame.
    ...(job.parentId ? (job.request.media.video_url ? { extends: job.parentId } : { continues: job.parentId }) : {}),
    ...(job.shotList
      ? { shot: { list: describeRef({ kind: 'file', path: job.shotList.file }, base), index: job.shotList.index, ...(job.shotList.take !== undefined ? { take: job.shotList.take } : {}) } }
      : {}),
    ...(job.origin ? { origin: job.origin } : {}),
  };
}
