// What the chat agent's tools accept, checked with the same schemas as the commands: the
// `veoStudio.generate` argument object (generateArgs.ts, then the catalog's draft check)
// for estimateCost and generateVideo, small objects for getJobs, runShotList and
// saveFrame, and continueFromFrame's choices on top of the continued clip's recipe.
// Anything wrong throws a ValidationError whose issues name the field as the agent wrote it
// (`options.duration`, `images[0]`), with the allowed values where the catalog has them.
//
// Two rules are the agent's own, because the agent is not the person: it may not pass a
// budget by itself (`allowOverBudget` is refused: the person is asked instead), and it
// names media only as text — a workspace path or an https URL, never a Uri object.
import * as z from 'zod/mini';
import { ValidationError } from '../api/errors';
import { allModels, findModel, option, slot, validateDraft, type FieldIssue } from '../catalog/catalog';
import { MEDIA_KINDS, isMediaField, mediaCounts, mediaKind } from '../catalog/media';
import { requestFromArgs, type ArgsContext } from '../jobs/generateArgs';
import type { ModelSpec } from '../catalog/types';
import type { JobRequest } from '../jobs/job';

/** How many jobs "recent" lists. */
export const RECENT_JOBS = 10;

/** The fields of the generate input the agent may use: the argument object's, without `allowOverBudget`. */
export const AGENT_REFUSED_ARGS = ['allowOverBudget'] as const;

const asObject = (raw: unknown): Record<string, unknown> | undefined =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;

/** zod's issues as field issues: `ids[1]`, `which`, unknown keys with what the tool takes. */
function fieldIssues(error: z.core.$ZodError, takes: readonly string[]): FieldIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), message: `Unknown field(s): ${issue.keys.join(', ')}. This tool takes: ${takes.join(', ')}.` };
    }
    let field = '';
    for (const part of issue.path) field += typeof part === 'number' ? `[${part}]` : field ? `.${String(part)}` : String(part);
    return { field: field || 'input', message: issue.message };
  });
}

/**
 * The request a generate input asks for, fully checked (model, prompt, media, every
 * option against the model) before anything is priced or sent. `ctx` must keep files
 * inside the workspace.
 */
export function requestFromAgentInput(raw: unknown, ctx: ArgsContext): JobRequest {
  const input = asObject(raw);
  if (!input) throw new ValidationError([{ field: 'input', message: 'The input must be an object with at least "model" and "prompt".' }]);
  const issues: FieldIssue[] = [];
  for (const field of AGENT_REFUSED_ARGS) {
    if (field in input) {
      issues.push({ field, message: `${field} is not accepted from the agent: when a video would pass a budget, the person is asked in the confirmation instead.` });
    }
  }
  for (const kind of MEDIA_KINDS) {
    const value = input[kind.arg];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    values.forEach((v, i) => {
      if (typeof v === 'object' && v !== null) {
        issues.push({ field: kind.argIsArray ? `${kind.arg}[${i}]` : kind.arg, message: `Give the ${kind.noun} as text: a path relative to a workspace folder, or an https URL.` });
      }
    });
  }
  if (issues.length) throw new ValidationError(issues);

  const request = requestFromArgs(input, ctx);
  const draft = validateDraft({ model: request.model, prompt: request.prompt, media: mediaCounts(request.media), options: request.options });
  if (!draft.ok) throw new ValidationError(draft.issues.map((issue) => asArgIssue(issue, request)));
  return request;
}

/** A catalog issue (service field names) as the argument object names it. */
export function asArgIssue(issue: FieldIssue, request: Pick<JobRequest, 'model' | 'options'>): FieldIssue {
  if (isMediaField(issue.field)) return { field: mediaKind(issue.field).arg, message: issue.message };
  const model = findModel(request.model);
  if ((model && option(model, issue.field)) || issue.field in request.options) return { field: `options.${issue.field}`, message: issue.message };
  if (issue.field === 'request') return { field: 'input', message: issue.message };
  return issue;
}

// ---- getJobs ------------------------------------------------------------------------------

export const JOBS_QUERY_FIELDS = ['ids', 'which'] as const;

export const jobsQuerySchema = z.strictObject({
  ids: z.optional(
    z.array(z.string().check(z.minLength(1)), { error: 'ids must be an array of job ids, as veoStudio_generateVideo and veoStudio_runShotList return them.' }),
  ),
  which: z.optional(z.enum(['active', 'recent'], { error: `which must be "active" (jobs still running) or "recent" (the ${RECENT_JOBS} newest).` })),
});

export type JobsQuery = { readonly kind: 'ids'; readonly ids: readonly string[] } | { readonly kind: 'active' } | { readonly kind: 'recent' };

/** `{}` (or nothing) means the recent jobs; ids win over `which`. */
export function parseJobsQuery(raw: unknown): JobsQuery {
  const parsed = jobsQuerySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, JOBS_QUERY_FIELDS));
  if (parsed.data.ids?.length) return { kind: 'ids', ids: parsed.data.ids };
  return { kind: parsed.data.which ?? 'recent' };
}

// ---- runShotList --------------------------------------------------------------------------

export const shotListInputSchema = z.strictObject({
  file: z.string({ error: 'file must be the path of a *.veo.json shot list, relative to a workspace folder.' }).check(
    z.minLength(1, { error: 'file must name a *.veo.json shot list.' }),
  ),
});

/** The shot list's path as the agent wrote it. */
export function parseShotListInput(raw: unknown): string {
  const parsed = shotListInputSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, ['file']));
  return parsed.data.file;
}

// ---- saveFrame and continueFromFrame --------------------------------------------------------

/** Which frame: seconds into the video (a time past its end gives the last frame), "first" or "last". */
export type FrameTime = number | 'first' | 'last';

const AT_MESSAGE = 'at must be seconds into the video (a number from 0, e.g. 5.24), "first" or "last".';
const atSchema = z.union([z.number().check(z.gte(0, { error: AT_MESSAGE })), z.enum(['first', 'last'])], { error: AT_MESSAGE });
const VIDEO_MESSAGE = 'video must be a saved video: its path relative to a workspace folder (as veoStudio_getJobs reports it), or the id of a job whose video is saved.';
const videoSchema = z.string({ error: VIDEO_MESSAGE }).check(z.minLength(1, { error: VIDEO_MESSAGE }));

export const SAVE_FRAME_FIELDS = ['video', 'at'] as const;

export const saveFrameInputSchema = z.strictObject({ video: videoSchema, at: z.optional(atSchema) });

export interface SaveFrameInput {
  readonly video: string;
  readonly at: FrameTime;
}

/** The video and the frame (the last one by default). */
export function parseSaveFrameInput(raw: unknown): SaveFrameInput {
  const parsed = saveFrameInputSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, SAVE_FRAME_FIELDS));
  return { video: parsed.data.video, at: parsed.data.at ?? 'last' };
}

export const CONTINUE_FIELDS = ['video', 'at', 'frame', 'prompt', 'model', 'options', 'lastImage', 'outputFolder', 'outputName'] as const;

const text = (error: string) => z.string({ error }).check(z.minLength(1, { error }));

export const continueInputSchema = z.strictObject({
  video: z.optional(videoSchema),
  at: z.optional(atSchema),
  frame: z.optional(text('frame must be the path of a saved frame (a PNG) relative to a workspace folder, as veoStudio_saveFrame returns it.')),
  prompt: text('prompt must be text describing what happens next in the new clip.'),
  model: z.optional(text('model must be a model id that takes a start image (see veoStudio_listModels).')),
  options: z.optional(z.record(z.string(), z.unknown(), { error: "options must be an object of the service's field names (duration, resolution, …)." })),
  lastImage: z.optional(text('lastImage must be the path of an image in the workspace, or an https URL.')),
  outputFolder: z.optional(text('outputFolder must be a folder relative to the workspace folder.')),
  outputName: z.optional(text('outputName must be a file name without extension.')),
});

/** Where a continuation starts: a frame of a video (saved once the person approves), or a frame already saved. */
export type ContinueFrom = { readonly kind: 'video'; readonly video: string; readonly at: FrameTime } | { readonly kind: 'frame'; readonly frame: string; readonly video?: string };

export interface ContinueInput {
  readonly from: ContinueFrom;
  readonly prompt: string;
  readonly model?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly lastImage?: string;
  readonly outputFolder?: string;
  readonly outputName?: string;
}

/** The continuation the agent asks for: from `video` (at `at`, the last frame by default) or from a saved `frame`. */
export function parseContinueInput(raw: unknown): ContinueInput {
  const parsed = continueInputSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, CONTINUE_FIELDS));
  const { video, at, frame, prompt, model, options, lastImage, outputFolder, outputName } = parsed.data;
  if (!prompt.trim()) throw new ValidationError([{ field: 'prompt', message: 'prompt must say what happens next in the new clip.' }]);
  if (video === undefined && frame === undefined) {
    throw new ValidationError([{ field: 'video', message: 'Give video (a saved video to continue from; its last frame unless at says otherwise) or frame (a PNG saved with veoStudio_saveFrame).' }]);
  }
  if (frame !== undefined && at !== undefined) {
    throw new ValidationError([{ field: 'at', message: 'at picks a frame of video; leave it out when frame names the saved frame to continue from.' }]);
  }
  const from: ContinueFrom = frame !== undefined ? { kind: 'frame', frame, ...(video !== undefined ? { video } : {}) } : { kind: 'video', video: video!, at: at ?? 'last' };
  return {
    from,
    prompt,
    ...(model !== undefined ? { model } : {}),
    ...(options !== undefined ? { options } : {}),
    ...(lastImage !== undefined ? { lastImage } : {}),
    ...(outputFolder !== undefined ? { outputFolder } : {}),
    ...(outputName !== undefined ? { outputName } : {}),
  };
}

/** Models that take a start image and so can continue from a frame. */
export function continuationModels(): readonly ModelSpec[] {
  return allModels().filter((m) => slot(m, 'image_url') !== undefined);
}

/** `model` when it can continue from a frame; else a ValidationError listing those that can. */
export function checkContinuationModel(model: string): ModelSpec {
  const spec = findModel(model);
  if (spec && slot(spec, 'image_url')) return spec;
  const allowed = continuationModels().map((m) => m.id).join(', ');
  const why = spec ? `${spec.id} takes no start image, so it cannot continue from a frame.` : `Unknown model "${model}".`;
  throw new ValidationError([{ field: 'model', message: `${why} Models that can: ${allowed}.` }]);
}
