// The one owner of a job's life: submit (validated by the catalog), watch (through the
// Poller), save (through the Downloader), retry, cancel, resume after a reload, remove.
// It is the only writer of the JobStore; views read the store and call these methods.
import { randomUUID } from 'node:crypto';
import type { VeoClient } from '../api/client';
import { ApiError, AuthError, CancelledError, ValidationError } from '../api/errors';
import type { Generation } from '../api/wire';
import { buildRequestBody, findModel, optionsOf, slot, unknownModel, validateDraft, type MediaCounts, type WireMedia } from '../catalog/catalog';
import type { MediaField, ModelSpec, OptionValue } from '../catalog/types';
import { DownloadError, downloadToFile, removeStaleTemps } from '../download/downloader';
import { writeFileExclusive } from '../download/files';
import { baseNameFromPrompt, sanitiseBaseName } from '../download/naming';
import { loadMedia, MediaError, type MediaPolicy } from '../media/mediaLoader';
import { checkTransport } from '../net/urlPolicy';
import { systemClock, type Clock } from '../util/clock';
import type { Disposable } from '../util/events';
import { canResume, isActive, isFinished, type Job, type JobError, type JobRequest, type MediaRef } from './job';
import type { JobStore } from './jobStore';
import type { PollEvent } from './pollEvents';
import { Poller, type PollerOptions } from './poller';
import { sidecarFor, sidecarPathFor } from './sidecar';
import type { TimingModel } from './timing';

export interface JobSettings {
  readonly jobTimeoutMs: number;
  readonly maxDownloadBytes: number;
}

export interface SubmitInput {
  readonly request: JobRequest;
  /** The workspace folder the job belongs to; its video is saved there. */
  readonly workspaceFolder?: string;
  readonly parentId?: string;
  readonly shotList?: { readonly file: string; readonly index: number };
}

export interface JobManagerOptions {
  readonly store: JobStore;
  readonly client: Pick<VeoClient, 'createGeneration' | 'getGeneration'>;
  readonly timing: TimingModel;
  readonly media: MediaPolicy;
  /** The absolute folder a job's video goes to; throws with a reason when there is none. */
  readonly outputFolder: (job: Pick<Job, 'workspaceFolder' | 'request'>) => string;
  readonly settings: () => JobSettings;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  readonly newId?: () => string;
  readonly poller?: Partial<Pick<PollerOptions, 'policy' | 'maxConcurrentRequests' | 'random'>>;
}

/** How often a failed download is tried again before the job fails (network, 5xx, truncation). */
const DOWNLOAD_ATTEMPTS = 3;

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

export class JobManager implements Disposable {
  private readonly clock: Clock;
  private readonly poller: Poller;
  private readonly downloads = new Map<string, AbortController>();
  /** Jobs whose expired video link was already renewed once. */
  private readonly linkRefreshed = new Set<string>();
  private disposed = false;

  constructor(private readonly o: JobManagerOptions) {
    this.clock = o.clock ?? systemClock;
    this.poller = new Poller({
      clock: this.clock,
      client: o.client,
      timing: o.timing,
      onEvent: (e) => this.onPollEvent(e),
      log: o.log,
      ...o.poller,
    });
  }

  /** The jobs, to read and to watch: only the manager writes them. */
  get store(): Pick<JobStore, 'get' | 'all' | 'onDidChange'> {
    return this.o.store;
  }

  // ---- submitting -------------------------------------------------------------------------

  /**
   * Validates, loads the media, creates the job and POSTs it once. Invalid input throws a
   * ValidationError naming the field and creates no job. A failed POST leaves the job in
   * the list as failed (so the person sees why and can retry) and rethrows.
   */
  async submit(input: SubmitInput): Promise<Job> {
    const model = findModel(input.request.model);
    if (!model) throw new ValidationError([unknownModel(input.request.model)]);
    const request = { ...input.request, model: model.id };
    const draft = validateDraft({ model: model.id, prompt: request.prompt, media: mediaCounts(request.media), options: request.options });
    if (!draft.ok) throw new ValidationError(draft.issues);
    this.checkDestination(request, input.workspaceFolder);

    const wire = await this.loadAll(model, request.media);
    const built = buildRequestBody({ model: model.id, prompt: request.prompt, media: wire, options: request.options });
    if (!built.ok) throw new ValidationError(built.issues);
    // Keep the options exactly as sent (normalised, defaults filled) so a retry repeats them.
    const options = optionsOf(model, built.value);

    const now = this.clock.now();
    const job = this.o.store.add({
      id: (this.o.newId ?? randomUUID)(),
      request: { ...request, prompt: request.prompt.trim(), options },
      status: 'submitting',
      createdAt: now,
      updatedAt: now,
      ...(input.workspaceFolder ? { workspaceFolder: input.workspaceFolder } : {}),
      ...(input.parentId ? { parentId: input.parentId } : {}),
      ...(input.shotList ? { shotList: input.shotList } : {}),
    });
    this.o.log?.(`job ${job.id}: submitting ${model.id}`);
    try {
      const created = await this.o.client.createGeneration(built.value, { clientRequestId: job.id });
      const at = this.clock.now();
      const pending = this.o.store.update(job.id, {
        status: 'pending',
        generationId: created.id,
        remoteStatus: created.status,
        submittedAt: at,
        timeoutFrom: at,
      })!;
      this.o.log?.(`job ${job.id}: accepted as ${created.id}`);
      this.watch(pending);
      return this.o.store.get(job.id) ?? pending;
    } catch (error) {
      if (error instanceof AuthError && error.reason === 'missing') {
        // Nothing was sent: no job to keep, just the missing key to report.
        this.o.store.remove(job.id);
      } else {
        this.fail(job.id, toJobError(error));
      }
      throw error;
    }
  }

  /**
   * Where the video will be saved must be known and allowed before anything is sent: a
   * name or folder refused after the service has generated (and billed) the video would
   * cost the person money for nothing.
   */
  private checkDestination(request: JobRequest, workspaceFolder: string | undefined): void {
    const refuse = (field: string, error: unknown) => new ValidationError([{ field, message: error instanceof Error ? error.message : String(error) }]);
    if (request.outputName !== undefined) {
      try {
        sanitiseBaseName(request.outputName);
      } catch (error) {
        throw refuse('outputName', error);
      }
    }
    try {
      this.o.outputFolder({ request, ...(workspaceFolder ? { workspaceFolder } : {}) });
    } catch (error) {
      throw refuse('outputFolder', error);
    }
  }

  private async loadAll(model: ModelSpec, media: JobRequest['media']): Promise<WireMedia> {
    const wire: WireMedia = {};
    for (const slot of model.slots) {
      const value = media[slot.field];
      if (value === undefined) continue;
      try {
        if (slot.field === 'image_urls') {
          wire.image_urls = await Promise.all((value as readonly MediaRef[]).map((r) => loadMedia(r, slot.accepts, this.o.media)));
        } else {
          wire[slot.field] = await loadMedia(value as MediaRef, slot.accepts, this.o.media);
        }
      } catch (error) {
        if (error instanceof MediaError) throw new ValidationError([{ field: slot.field, message: error.message }]);
        throw error;
      }
    }
    return wire;
  }

  /** Submits the same request again as a new job (a new POST: the person asked for it). */
  retry(id: string): Promise<Job> {
    const job = this.require(id);
    return this.submit({
      request: this.refreshedExtendSource(job),
      ...(job.workspaceFolder ? { workspaceFolder: job.workspaceFolder } : {}),
      ...(job.parentId ? { parentId: job.parentId } : {}),
      ...(job.shotList ? { shotList: job.shotList } : {}),
    });
  }

  /**
   * Continues a finished clip: a new job on an extend model whose `video_url` is the
   * parent's video (see extendSource), saved beside it and linked to it by `parentId`.
   */
  async extend(parentId: string, input: ExtendInput): Promise<Job> {
    const parent = this.require(parentId);
    const model = findModel(input.model);
    if (!model) throw new ValidationError([unknownModel(input.model)]);
    if (!slot(model, 'video_url')) throw new ValidationError([{ field: 'model', message: `${model.label} does not extend videos.` }]);
    const audio = parent.request.options['generate_audio'];
    const options = { ...(typeof audio === 'boolean' ? { generate_audio: audio } : {}), ...input.options };
    return this.submit({
      request: {
        model: model.id,
        prompt: input.prompt,
        media: { video_url: extendSource(parent, this.clock.now()) },
        options,
        ...(parent.request.outputFolder ? { outputFolder: parent.request.outputFolder } : {}),
      },
      ...(parent.workspaceFolder ? { workspaceFolder: parent.workspaceFolder } : {}),
      parentId: parent.id,
    });
  }

  /**
   * An extend job that sent its parent's URL would send a stale one when retried later:
   * take the parent's video afresh (URL while fresh, else its file).
   */
  private refreshedExtendSource(job: Job): JobRequest {
    const parent = job.parentId ? this.o.store.get(job.parentId) : undefined;
    if (!parent || job.request.media.video_url?.kind !== 'url' || parent.status !== 'completed') return job.request;
    return { ...job.request, media: { ...job.request.media, video_url: extendSource(parent, this.clock.now()) } };
  }

  // ---- watching ---------------------------------------------------------------------------

  private watch(job: Job): void {
    if (!job.generationId || this.disposed) return;
    this.poller.track({
      jobId: job.id,
      generationId: job.generationId,
      model: job.request.model,
      submittedAt: job.submittedAt ?? job.createdAt,
      deadlineAt: (job.timeoutFrom ?? job.submittedAt ?? job.createdAt) + this.o.settings().jobTimeoutMs,
    });
  }

  private onPollEvent(event: PollEvent): void {
    const job = this.o.store.get(event.jobId);
    if (!job || job.status !== 'pending') return;
    switch (event.kind) {
      case 'pending':
        this.o.store.update(job.id, { remoteStatus: event.generation.status, notice: undefined, ...usageOf(event.generation) });
        return;
      case 'retrying':
        this.o.store.update(job.id, { notice: `${shortReason(event.error)}; trying again in ${Math.max(1, Math.round(event.delayMs / 1000))} s` });
        return;
      case 'completed':
        this.o.log?.(`job ${job.id}: completed on the service`);
        this.startDownload(
          this.o.store.update(job.id, {
            status: 'downloading',
            remoteStatus: event.generation.status,
            videoUrl: event.generation.videoUrl,
            videoUrlAt: this.clock.now(),
            notice: undefined,
            ...usageOf(event.generation),
          })!,
        );
        return;
      case 'failed':
        this.fail(
          job.id,
          event.error
            ? toJobError(event.error)
            : { kind: 'generation', message: event.generation?.error ?? 'The service reported the job as failed.' },
          event.generation,
        );
        return;
      case 'timedOut': {
        const minutes = Math.round(this.o.settings().jobTimeoutMs / 60_000);
        // When the last checks failed, the cause is the connection or the service, not a slow job.
        const why = event.lastError ? ` The last checks failed: ${event.lastError.message}` : '';
        this.o.store.update(job.id, {
          status: 'timedOut',
          finishedAt: this.clock.now(),
          notice: undefined,
          error: { kind: 'timeout', message: `Still not finished after ${minutes} min.${why} Resume to keep waiting, or retry.` },
        });
        return;
      }
    }
  }

  // ---- saving -------------------------------------------------------------------------------

  private startDownload(job: Job, attempt = 1): void {
    if (this.disposed || this.downloads.has(job.id)) return;
    const controller = new AbortController();
    this.downloads.set(job.id, controller);
    void this.download(job, controller.signal)
      .then(() => undefined, (error: unknown) => this.onDownloadError(job.id, error, attempt))
      .finally(() => {
        if (this.downloads.get(job.id) === controller) this.downloads.delete(job.id);
      });
  }

  private async download(job: Job, signal: AbortSignal): Promise<void> {
    if (!job.videoUrl) throw new DownloadError('expired', 'The service gave no video URL.', true);
    const folder = this.o.outputFolder(job);
    const baseName = job.request.outputName ? sanitiseBaseName(job.request.outputName) : baseNameFromPrompt(job.request.prompt);
    this.o.log?.(`job ${job.id}: downloading into ${folder}`);
    let shownPercent = 0;
    const result = await downloadToFile({
      url: job.videoUrl,
      folder,
      baseName,
      maxBytes: this.o.settings().maxDownloadBytes,
      tempTag: job.id,
      companions: ['.json'],
      signal,
      // Big videos take a while: the tree says how far, in steps of 10 %.
      onProgress: (received, total) => {
        const percent = total ? Math.floor((received / total) * 10) * 10 : 0;
        if (percent <= shownPercent || percent >= 100 || this.o.store.get(job.id)?.status !== 'downloading') return;
        shownPercent = percent;
        this.o.store.update(job.id, { notice: `${percent} % saved` });
      },
    });
    const savedAt = this.clock.now();
    let sidecar: string | undefined = sidecarPathFor(result.file);
    try {
      await writeFileExclusive(sidecar, JSON.stringify(sidecarFor(job, result.file, result.bytes, savedAt), null, 2) + '\n');
    } catch (error) {
      // The video is safe; a missing sidecar is worth a log line, not a failed job. The
      // path is not recorded: a file there now is not ours.
      this.o.log?.(`job ${job.id}: could not write ${sidecar}: ${error instanceof Error ? error.message : String(error)}`);
      sidecar = undefined;
    }
    if (this.o.store.get(job.id)?.status !== 'downloading') return;
    this.linkRefreshed.delete(job.id);
    this.o.store.update(job.id, { status: 'completed', finishedAt: savedAt, notice: undefined, output: { file: result.file, ...(sidecar ? { sidecar } : {}), bytes: result.bytes } });
    this.o.log?.(`job ${job.id}: saved ${result.file} (${result.bytes} bytes)`);
  }

  private onDownloadError(id: string, error: unknown, attempt: number): void {
    const job = this.o.store.get(id);
    if (!job || job.status !== 'downloading' || this.disposed) return;
    if (error instanceof DownloadError && error.kind === 'cancelled') return;
    this.o.log?.(`job ${id}: download attempt ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof DownloadError && error.kind === 'expired' && !this.linkRefreshed.has(id) && job.generationId) {
      // CDN links expire. The service hands out a fresh one when asked: the job goes back
      // to the Poller (its rate limits and retries included), once, and saving starts over
      // when the poll says completed.
      this.linkRefreshed.add(id);
      const now = this.clock.now();
      this.watch(this.o.store.update(id, { status: 'pending', videoUrl: undefined, timeoutFrom: now, notice: 'The video link expired; asking the service for a fresh one' })!);
      return;
    }
    const retryable = error instanceof DownloadError ? error.retryable : false;
    if (retryable && attempt < DOWNLOAD_ATTEMPTS) {
      const delay = 2000 * 2 ** (attempt - 1);
      this.o.store.update(id, { notice: `Download interrupted; trying again in ${delay / 1000} s` });
      this.clock.setTimeout(() => {
        const current = this.o.store.get(id);
        if (current?.status === 'downloading') this.startDownload(current, attempt + 1);
      }, delay);
      return;
    }
    // The service has made the video (and billed it): Resume fetches it again, Retry would pay twice.
    this.fail(id, {
      kind: 'download',
      message: `${error instanceof Error ? error.message : String(error)} The video was generated: Resume saves it without generating it again.`,
    });
  }

  // ---- the person's actions -----------------------------------------------------------------

  /** Stops watching (and downloading) a job. The service may still finish and bill it. */
  cancel(id: string): Job {
    const job = this.require(id);
    if (!isActive(job)) return job;
    this.poller.untrack(id);
    this.downloads.get(id)?.abort();
    this.downloads.delete(id);
    this.o.log?.(`job ${id}: cancelled by the user`);
    return this.o.store.update(id, { status: 'cancelled', finishedAt: this.clock.now(), notice: undefined })!;
  }

  /** Watches a timed-out or cancelled job again; its timeout starts over. */
  resume(id: string): Job {
    const job = this.require(id);
    if (!canResume(job)) return job;
    const resumed = this.o.store.update(id, { status: 'pending', timeoutFrom: this.clock.now(), error: undefined, finishedAt: undefined })!;
    this.watch(resumed);
    return resumed;
  }

  /** Forgets a job (its files stay). Stops watching it first. */
  remove(id: string): void {
    this.poller.untrack(id);
    this.downloads.get(id)?.abort();
    this.o.store.remove(id);
  }

  /** Forgets every finished job; returns how many. */
  clearFinished(): number {
    const finished = this.o.store.all().filter(isFinished);
    for (const job of finished) this.o.store.remove(job.id);
    return finished.length;
  }

  /** Polls every watched job (or one) now: the "Refresh" button. */
  refresh(id?: string): void {
    this.poller.pollNow(id);
  }

  setFocused(focused: boolean): void {
    this.poller.setFocused(focused);
  }

  /**
   * After a reload or crash: pending jobs are watched again, completed-but-unsaved ones
   * are saved, and a job cut off mid-POST is marked (never re-sent: it may exist already).
   */
  async resumeAll(): Promise<void> {
    const jobs = this.o.store.all();
    const folders = new Map<string, Set<string>>();
    for (const job of jobs) {
      if (job.status === 'submitting') {
        this.fail(job.id, {
          kind: 'interrupted',
          message: 'VS Code closed while this job was being sent, so it is not known whether the service received it. Check your AI/ML API dashboard before retrying: a retry may be billed again.',
        });
      } else if (job.status === 'pending') {
        this.watch(job);
      } else if (job.status === 'downloading') {
        try {
          const folder = this.o.outputFolder(job);
          if (!folders.has(folder)) folders.set(folder, new Set());
          folders.get(folder)!.add(job.id);
        } catch {
          // reported when the download itself runs
        }
        this.startDownload(job);
      }
    }
    // Temp files of downloads that no job will finish (cancelled, removed) are litter.
    for (const [folder, keep] of folders) await removeStaleTemps(folder, keep).catch(() => 0);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private fail(id: string, error: JobError, generation?: Generation): void {
    this.poller.untrack(id);
    this.linkRefreshed.delete(id);
    this.o.store.update(id, { status: 'failed', error, finishedAt: this.clock.now(), notice: undefined, ...(generation ? usageOf(generation) : {}) });
    this.o.log?.(`job ${id}: failed: ${error.message}`);
  }

  private require(id: string): Job {
    const job = this.o.store.get(id);
    if (!job) throw new Error(`There is no job ${id}.`);
    return job;
  }

  dispose(): void {
    this.disposed = true;
    this.poller.dispose();
    for (const controller of this.downloads.values()) controller.abort();
    this.downloads.clear();
  }
}

function mediaCounts(media: JobRequest['media']): MediaCounts {
  const counts: MediaCounts = {};
  for (const [field, value] of Object.entries(media)) {
    if (value === undefined) continue;
    counts[field as MediaField] = Array.isArray(value) ? value.length : 1;
  }
  return counts;
}

function usageOf(g: Generation): Pick<Job, 'usage'> {
  return g.usage ? { usage: g.usage } : {};
}

function shortReason(error: ApiError): string {
  switch (error.kind) {
    case 'rateLimit':
      return 'Rate-limited by the service';
    case 'service':
      return 'Service busy';
    case 'network':
      return 'Network problem';
    case 'timeout':
      return 'The service is slow to answer';
    default:
      return 'Unexpected answer';
  }
}

export function toJobError(error: unknown): JobError {
  if (error instanceof CancelledError) return { kind: 'cancelled', message: 'Cancelled.' };
  if (error instanceof ApiError) return { kind: error.kind, message: error.message };
  if (error instanceof DownloadError) return { kind: 'download', message: error.message };
  if (error instanceof MediaError) return { kind: 'media', message: error.message };
  return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
}
