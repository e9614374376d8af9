// Continuing a finished clip: which extend model, and where the parent's video comes from.
// The extend job is an ordinary submission whose `video_url` is the parent's video, saved
// beside it and linked to it by `parentId`. Pure: the JobManager submits what this builds.
import { ValidationError } from '../api/errors';
import { findModel, slot, unknownModel } from '../catalog/catalog';
import type { OptionValue } from '../catalog/types';
import { checkTransport } from '../net/urlPolicy';
import type { Job, JobRequest, MediaRef } from './job';
import type { SubmitInput } from './submission';

/** What to extend a finished clip with: which extend model, and what happens next. */
export interface ExtendInput {
  readonly model: string;
  readonly prompt: string;
  readonly options?: Readonly<Record<string, OptionValue>>;
}

/**
 * A service video URL younger than this is handed back to the service as is (no upload);
 * older ones may have expired on the CDN, so the saved file is sent instead.
 */
export const FRESH_VIDEO_URL_MS = 10 * 60_000;

/**
 * Where an extend job takes its parent's video from: the service's own URL while it is
 * fresh and reachable from the service (https), else the saved file (sent as a data URI).
 * Throws a ValidationError when the parent has neither.
 */
export function extendSource(parent: Job, now: number): MediaRef {
  if (parent.status !== 'completed') {
    throw new ValidationError([{ field: 'video_url', message: 'Only a finished video can be extended.' }]);
  }
  const url = parent.videoUrl ? checkTransport(parent.videoUrl) : undefined;
  const fresh = parent.videoUrlAt !== undefined && now - parent.videoUrlAt >= 0 && now - parent.videoUrlAt < FRESH_VIDEO_URL_MS;
  if (url?.ok && url.url.protocol === 'https:' && fresh) return { kind: 'url', url: parent.videoUrl! };
  if (parent.output) return { kind: 'file', path: parent.output.file };
  throw new ValidationError([{ field: 'video_url', message: 'This job has no saved video to extend.' }]);
}

/**
 * The submission that continues `parent` on an extend model: its sound setting carries
 * over unless `input` says otherwise; its video goes where the parent's went. Throws a
 * ValidationError for a model that does not extend, or a parent with nothing to extend.
 */
export function extendSubmission(parent: Job, input: ExtendInput, now: number): SubmitInput {
  const model = findModel(input.model);
  if (!model) throw new ValidationError([unknownModel(input.model)]);
  if (!slot(model, 'video_url')) throw new ValidationError([{ field: 'model', message: `${model.label} does not extend videos.` }]);
  const audio = parent.request.options['generate_audio'];
  const options = { ...(typeof audio === 'boolean' ? { generate_audio: audio } : {}), ...input.options };
  return {
    request: {
      model: model.id,
      prompt: input.prompt,
      media: { video_url: extendSource(parent, now) },
      options,
      ...(parent.request.outputFolder ? { outputFolder: parent.request.outputFolder } : {}),
    },
    ...(parent.workspaceFolder ? { workspaceFolder: parent.workspaceFolder } : {}),
    parentId: parent.id,
  };
}

/**
 * The request to send again when retrying `job`. An extend job that sent its parent's URL
 * would send a stale one when retried later: take the parent's video afresh (URL while
 * fresh, else its file). Any other job is sent as it was.
 */
export function retryRequest(job: Job, parent: Job | undefined, now: number): JobRequest {
  if (!parent || job.request.media.video_url?.kind !== 'url' || parent.status !== 'completed') return job.request;
  return { ...job.request, media: { ...job.request.media, video_url: extendSource(parent, now) } };
}
