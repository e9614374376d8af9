// Getting a request to the service: checked by the catalog, its media loaded, its
// destination known, then POSTed once. Everything that can be refused is refused here,
// before a job exists or a byte is sent; the JobManager adds the job this prepares, sends
// it, and applies what the answer means.
import type { CreatedGeneration } from '../api/wire';
import { AuthError, KeyStoreError, ValidationError } from '../api/errors';
import { buildRequestBody, findModel, optionsOf, unknownModel, validateDraft, type WireMedia } from '../catalog/catalog';
import { mapMedia, mediaCounts, mediaFromLists, refsOf, type MediaField } from '../catalog/media';
import type { ModelSpec } from '../catalog/types';
import { sanitiseBaseName } from '../download/naming';
import type { CreateBody } from '../api/client';
import { StreamedJson, type FileValue } from '../api/streamedBody';
import { checkMediaRef, MediaError, type MediaPolicy } from '../media/mediaLoader';
import type { Job, JobEstimate, JobOrigin, JobRequest, MediaRef } from './job';
import type { JobPatch } from './jobStore';

export interface SubmitInput {
  readonly request: JobRequest;
  /** The workspace folder the job belongs to; its video is saved there. */
  readonly workspaceFolder?: string;
  readonly parentId?: string;
  readonly shotList?: Job['shotList'];
  /** What the route quoted for it (kept beside the actual cost). */
  readonly estimate?: JobEstimate;
  /** Who asked for it, when not the person directly (the agent's tools). */
  readonly origin?: JobOrigin;
}

export interface SubmissionContext {
  readonly media: MediaPolicy;
  /** The absolute folder a job's video goes to; throws with a reason when there is none. */
  readonly outputFolder: (job: Pick<Job, 'workspaceFolder' | 'request'>) => string;
  readonly now: () => number;
  readonly newId: () => string;
}

/** A submission that passed every check: the job to add (status `submitting`) and the body to POST. */
export interface PreparedSubmission {
  readonly job: Job;
  /** What to POST: the request's files are read only as it is sent (a stream). */
  readonly body: CreateBody;
}

/**
 * Validates the request, checks where its video will go, and loads its media. Invalid
 * input throws a ValidationError naming the field; nothing is created or sent.
 */
export async function prepareSubmission(input: SubmitInput, ctx: SubmissionContext): Promise<PreparedSubmission> {
  const model = findModel(input.request.model);
  if (!model) throw new ValidationError([unknownModel(input.request.model)]);
  const request = { ...input.request, model: model.id };
  const draft = validateDraft({ model: model.id, prompt: request.prompt, media: mediaCounts(request.media), options: request.options });
  if (!draft.ok) throw new ValidationError(draft.issues);
  checkDestination(request, input.workspaceFolder, ctx);

  const { wire, files } = await checkMedia(model, request.media, ctx.media);
  const built = buildRequestBody({ model: model.id, prompt: request.prompt, media: wire, options: request.options });
  if (!built.ok) throw new ValidationError(built.issues);
  // Keep the options exactly as sent (normalised, defaults filled) so a retry repeats them.
  const options = optionsOf(model, built.value);

  const now = ctx.now();
  const job: Job = {
    id: ctx.newId(),
    request: { ...request, prompt: request.prompt.trim(), options },
    status: 'submitting',
    createdAt: now,
    updatedAt: now,
    ...(input.workspaceFolder ? { workspaceFolder: input.workspaceFolder } : {}),
    ...(input.parentId ? { parentId: input.parentId } : {}),
    ...(input.shotList ? { shotList: input.shotList } : {}),
    ...(input.estimate ? { estimate: input.estimate } : {}),
    ...(input.origin ? { origin: input.origin } : {}),
  };
  return { job, body: files.size ? new StreamedJson(built.value, files) : built.value };
}

/** What the service's "accepted" means for the job: it is pending, and its timeout starts now. */
export function acceptedPatch(created: CreatedGeneration, at: number): JobPatch {
  return { status: 'pending', generationId: created.id, remoteStatus: created.status, submittedAt: at, timeoutFrom: at, notice: undefined, error: undefined };
}

/** A job whose create answer was lost but which the service turned out to have (headers or logs). */
export function foundPatch(generationId: string, job: Pick<Job, 'sentAt' | 'createdAt'>, at: number, by: 'headers' | 'logs', how: string): JobPatch {
  return { status: 'pending', generationId, identifiedBy: by, submittedAt: job.sentAt ?? job.createdAt, timeoutFrom: at, notice: how, error: undefined, finishedAt: undefined };
}

/**
 * Whether a failed POST certainly never reached the service (there was no key to send, or
 * it could not be read): then there is no job to keep. Any other failure leaves the job,
 * failed, to see and retry.
 */
export function nothingWasSent(error: unknown): boolean {
  return (error instanceof AuthError && error.reason === 'missing') || error instanceof KeyStoreError;
}

/**
 * Where the video will be saved must be known and allowed before anything is sent: a
 * name or folder refused after the service has generated (and billed) the video would
 * cost the person money for nothing.
 */
function checkDestination(request: JobRequest, workspaceFolder: string | undefined, ctx: SubmissionContext): void {
  const refuse = (field: string, error: unknown) => new ValidationError([{ field, message: error instanceof Error ? error.message : String(error) }]);
  if (request.outputName !== undefined) {
    try {
      sanitiseBaseName(request.outputName);
    } catch (error) {
      throw refuse('outputName', error);
    }
  }
  try {
    ctx.outputFolder({ request, ...(workspaceFolder ? { workspaceFolder } : {}) });
  } catch (error) {
    throw refuse('outputFolder', error);
  }
}

/**
 * Checks every medium the model takes and gives the body's values for them: an https URL as
 * it is, a workspace file as a stand-in data URI of its type (the schema checks the body with
 * it), mapped to the file that the stream sends in its place.
 */
async function checkMedia(model: ModelSpec, media: JobRequest['media'], policy: MediaPolicy): Promise<{ wire: WireMedia; files: Map<string, FileValue> }> {
  // Only the fields the model takes (validateDraft refused any other).
  const lists: Partial<Record<MediaField, readonly MediaRef[]>> = {};
  for (const s of model.slots) lists[s.field] = refsOf(media, s.field);
  const files = new Map<string, FileValue>();
  const wire = await mapMedia(mediaFromLists(lists), async (ref, kind) => {
    try {
      const checked = await checkMediaRef(ref, kind.accepts, policy);
      if (checked.kind === 'url') return checked.url;
      const standIn = `data:${checked.mime};base64,VeoStudioFile${files.size}`;
      files.set(standIn, { path: checked.path, mime: checked.mime, bytes: checked.bytes });
      return standIn;
    } catch (error) {
      if (error instanceof MediaError) throw new ValidationError([{ field: kind.field, message: error.message }]);
      throw error;
    }
  });
  return { wire, files };
}
