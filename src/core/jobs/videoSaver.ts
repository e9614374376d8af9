// Saving a finished job's video into the workspace: the file (through the Downloader),
// the JSON sidecar beside it, the retries of a save that broke off, and the one decision
// to ask the service for a fresh link when the CDN's has expired. It reads jobs but never
// writes them: each outcome is a SaveEvent the JobManager applies (jobUpdates.ts). At most
// a few saves run at once; the others wait their turn. A video placed but not yet recorded
// keeps its temp file as a mark until the record is stored, so a crash in between is
// found again (recoverSave.ts) instead of saved twice.
import { promises as fsp } from 'node:fs';
import { writeFileExclusive } from '../download/files';
import { DownloadError } from '../download/downloadErrors';
import { downloadToFile } from '../download/downloader';
import { removeStaleTemps } from '../download/tempFiles';
import { videoBaseName } from '../download/naming';
import type { Clock, TimerHandle } from '../util/clock';
import type { Disposable } from '../util/events';
import { isFinished, type Job, type JobError, type JobOutput, type JobSettings } from './job';
import { findPlacedVideo } from './recoverSave';
import { sidecarFor, sidecarPathFor } from './sidecar';

export type SaveEvent =
  /** Other videos are being saved: this one waits for a free slot, in order. */
  | { readonly kind: 'queued'; readonly jobId: string }
  /** An attempt begins (a retry, or after the network came back): an earlier "trying again in …" no longer holds. */
  | { readonly kind: 'attempt'; readonly jobId: string }
  /** Another tenth of the video arrived. */
  | { readonly kind: 'progress'; readonly jobId: string; readonly percent: number }
  /** The video (and, when it could be written, its sidecar) is in the workspace. */
  | { readonly kind: 'saved'; readonly jobId: string; readonly output: JobOutput; readonly savedAt: number }
  /**
   * The save broke off; it starts again after `delayMs`. `offline`: the video server could
   * not be reached at all, so it waits for the network (no attempt is counted against it),
   * and starts sooner if a request to the service gets through meanwhile.
   */
  | { readonly kind: 'retrying'; readonly jobId: string; readonly delayMs: number; readonly offline?: boolean }
  /** The CDN link expired: the job must be polled again for a fresh one (once per job). */
  | { readonly kind: 'linkExpired'; readonly jobId: string }
  /** Saving failed for good. The service made the video: Resume fetches it again. */
  | { readonly kind: 'failed'; readonly jobId: string; readonly error: JobError };

export interface VideoSaverOptions {
  readonly clock: Clock;
  /** The absolute folder a job's video goes to; throws with a reason when there is none. */
  readonly outputFolder: (job: Pick<Job, 'workspaceFolder' | 'request'>) => string;
  readonly settings: () => Pick<JobSettings, 'maxDownloadBytes'>;
  /** The job as it stands now: a save whose job moved on (cancelled, removed) reports nothing. */
  readonly current: (id: string) => Job | undefined;
  /**
   * Resolves once what was reported is stored for good (the job list written). Until then
   * a placed video keeps its temp file as a mark, so a crash in between is recovered
   * (recoverSave.ts) rather than downloaded a second time.
   */
  readonly recorded?: () => Promise<void>;
  /** Called synchronously. */
  onEvent(e: SaveEvent): void;
  readonly log?: (line: string) => void;
  /** How many videos are saved at once (default 2); the others wait their turn, in order. */
  readonly maxConcurrent?: number;
}

/**
 * Downloads at once: a few streams fill the line as well as many, and 20 jobs finishing
 * together (or a restart with many saves to resume) must not open 20 sockets and files.
 */
const DEFAULT_MAX_CONCURRENT = 2;

const VIDEO_EXTENSION = '.mp4';

/** How often a failed save is tried in all before the job fails (5xx, truncation, a stall). */
const SAVE_ATTEMPTS = 3;
/** The wait before the second attempt; it doubles for each one after. */
const RETRY_BASE_MS = 2000;
/**
 * A save that cannot reach the video server at all waits for the network instead: 5 s,
 * 10 s, … at most 2 min between tries, for as long as it takes (the video is made and
 * billed; failing would only ask the person to Resume), and at once when a request to the
 * service gets through again (retryWaiting).
 */
const OFFLINE_BASE_MS = 5_000;
const OFFLINE_MAX_MS = 120_000;

export class VideoSaver implements Disposable {
  private readonly saving = new Map<string, AbortController>();
  private readonly retries = new Map<string, TimerHandle>();
  /** Jobs whose save waits for the network, with how many tries in a row found it down. */
  private readonly offline = new Map<string, number>();
  /** Saves waiting for a free slot, first come first served, with the attempt they are on. */
  private readonly queue: Array<{ readonly id: string; readonly attempt: number }> = [];
  private readonly maxConcurrent: number;
  /** Jobs whose expired video link was already renewed once. */
  private readonly linkRefreshed = new Set<string>();
  private disposed = false;

  constructor(private readonly o: VideoSaverOptions) {
    this.maxConcurrent = Math.max(1, Math.floor(o.maxConcurrent ?? DEFAULT_MAX_CONCURRENT));
  }

  /**
   * Saves a job's video: now when a slot is free, else after the saves queued before it (a
   * job already being saved, or queued, is left to that).
   */
  save(job: Job, attempt = 1): void {
    if (this.disposed || this.saving.has(job.id) || this.queue.some((q) => q.id === job.id)) return;
    if (this.saving.size >= this.maxConcurrent) {
      this.queue.push({ id: job.id, attempt });
      this.o.onEvent({ kind: 'queued', jobId: job.id });
      return;
    }
    this.start(job, attempt);
  }

  private start(job: Job, attempt: number): void {
    const controller = new AbortController();
    this.saving.set(job.id, controller);
    if (this.o.current(job.id)?.notice) this.o.onEvent({ kind: 'attempt', jobId: job.id });
    void this.download(job, controller.signal)
      .then(() => undefined, (error: unknown) => this.onError(job.id, error, attempt))
      .finally(() => {
        if (this.saving.get(job.id) === controller) this.saving.delete(job.id);
        this.startNext();
      });
  }

  /** Fills the free slots from the queue, in order, skipping jobs that moved on meanwhile. */
  private startNext(): void {
    while (!this.disposed && this.saving.size < this.maxConcurrent && this.queue.length) {
      const next = this.queue.shift()!;
      const current = this.o.current(next.id);
      if (current?.status === 'downloading') this.start(current, next.attempt);
    }
  }

  /** Stops saving a job: the socket is closed and the temp file removed; no retry follows. */
  cancel(id: string): void {
    this.saving.get(id)?.abort();
    this.saving.delete(id);
    this.clearRetry(id);
    this.offline.delete(id);
    const queued = this.queue.findIndex((q) => q.id === id);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.startNext();
  }

  /** Forgets what the saver remembers of a job that ended (whether its link was renewed). */
  forget(id: string): void {
    this.linkRefreshed.delete(id);
    this.offline.delete(id);
  }

  /** The network is back (or the person asked): every save waiting for it starts now. Returns how many. */
  retryWaiting(): number {
    let started = 0;
    for (const id of [...this.offline.keys()]) {
      if (!this.retries.has(id)) continue;
      this.clearRetry(id);
      const current = this.o.current(id);
      if (current?.status !== 'downloading') continue;
      this.save(current);
      started++;
    }
    return started;
  }

  /**
   * After a restart: removes the temp files no save will finish, in the folders of `jobs`
   * (the whole list): those of jobs that ended, and old leftovers; never those of the saves
   * that go on, nor a fresh one another window may be writing (removeStaleTemps).
   */
  async sweepTemps(jobs: readonly Job[]): Promise<void> {
    const folders = new Map<string, { keep: Set<string>; ended: Set<string> }>();
    for (const job of jobs) {
      const saving = job.status === 'downloading';
      if (!saving && !isFinished(job)) continue;
      try {
        const folder = this.o.outputFolder(job);
        if (!folders.has(folder)) folders.set(folder, { keep: new Set(), ended: new Set() });
        folders.get(folder)![saving ? 'keep' : 'ended'].add(job.id);
      } catch {
        // reported when the save itself runs
      }
    }
    for (const [folder, { keep, ended }] of folders) await removeStaleTemps(folder, keep, { endedTags: ended }).catch(() => 0);
  }

  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    for (const controller of this.saving.values()) controller.abort();
    this.saving.clear();
    for (const id of [...this.retries.keys()]) this.clearRetry(id);
  }

  private isSaving(id: string): boolean {
    return this.o.current(id)?.status === 'downloading';
  }

  private async download(job: Job, signal: AbortSignal): Promise<void> {
    if (!job.videoUrl) throw new DownloadError('expired', 'The service gave no video URL.', true);
    const folder = this.o.outputFolder(job);
    const stem = videoBaseName(job.request);
    // Take N of a shot list's shot: `<name>.take-N.mp4` (and `<name>.take-N.json`).
    const baseName = job.shotList?.take !== undefined ? `${stem}.take-${job.shotList.take}` : stem;
    // Placed before a crash, but never recorded: record that file, do not fetch a second copy.
    const placed = await findPlacedVideo(folder, baseName, VIDEO_EXTENSION, job);
    if (placed) this.o.log?.(`job ${job.id}: found ${placed.file}, placed before VS Code closed; recording it instead of downloading it again`);
    else this.o.log?.(`job ${job.id}: downloading into ${folder}`);
    let shownPercent = 0;
    const result = placed ?? await downloadToFile({
      url: job.videoUrl,
      folder,
      baseName,
      extension: VIDEO_EXTENSION,
      maxBytes: this.o.settings().maxDownloadBytes,
      tempTag: job.id,
      companions: ['.json'],
      keepTemp: true,
      signal,
      // Big videos take a while: the tree says how far, in steps of 10 %.
      onProgress: (received, total) => {
        const percent = total ? Math.floor((received / total) * 10) * 10 : 0;
        if (percent <= shownPercent || percent >= 100 || !this.isSaving(job.id)) return;
        shownPercent = percent;
        this.o.onEvent({ kind: 'progress', jobId: job.id, percent });
      },
    });
    const marker = placed ? placed.marker : 'temp' in result ? result.temp : undefined;
    const savedAt = this.o.clock.now();
    let sidecar: string | undefined = placed?.sidecar ?? sidecarPathFor(result.file);
    if (!placed?.sidecar) {
      try {
        await writeFileExclusive(sidecar, JSON.stringify(sidecarFor(job, result.file, result.bytes, savedAt), null, 2) + '\n');
      } catch (error) {
        // The video is safe; a missing sidecar is worth a log line, not a failed job. The
        // path is not recorded: a file there now is not ours.
        this.o.log?.(`job ${job.id}: could not write ${sidecar}: ${error instanceof Error ? error.message : String(error)}`);
        sidecar = undefined;
      }
    }
    if (this.isSaving(job.id)) {
      this.linkRefreshed.delete(job.id);
      this.offline.delete(job.id);
      this.o.onEvent({ kind: 'saved', jobId: job.id, savedAt, output: { file: result.file, ...(sidecar ? { sidecar } : {}), bytes: result.bytes } });
      this.o.log?.(`job ${job.id}: saved ${result.file} (${result.bytes} bytes)`);
      // The mark goes only once the record is stored: a crash before that finds the file again.
      await this.o.recorded?.();
    }
    if (marker) await fsp.rm(marker, { force: true }).catch(() => undefined);
  }

  private onError(id: string, error: unknown, attempt: number): void {
    const job = this.o.current(id);
    if (!job || job.status !== 'downloading' || this.disposed) return;
    if (error instanceof DownloadError && error.kind === 'cancelled') return;
    this.o.log?.(`job ${id}: download attempt ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof DownloadError && error.kind === 'expired' && !this.linkRefreshed.has(id) && job.generationId) {
      // CDN links expire. The service hands out a fresh one when asked: the job goes back
      // to the Poller (its rate limits and retries included), once, and saving starts over
      // when the poll says completed.
      this.linkRefreshed.add(id);
      this.o.onEvent({ kind: 'linkExpired', jobId: id });
      return;
    }
    if (error instanceof DownloadError && error.kind === 'network') {
      // No connection to the video server: wait for the network, however long.
      const streak = (this.offline.get(id) ?? 0) + 1;
      this.offline.set(id, streak);
      const delayMs = Math.min(OFFLINE_MAX_MS, OFFLINE_BASE_MS * 2 ** (streak - 1));
      this.retryLater(id, delayMs, attempt);
      this.o.onEvent({ kind: 'retrying', jobId: id, delayMs, offline: true });
      return;
    }
    this.offline.delete(id);
    const retryable = error instanceof DownloadError ? error.retryable : false;
    if (retryable && attempt < SAVE_ATTEMPTS) {
      const delayMs = RETRY_BASE_MS * 2 ** (attempt - 1);
      this.retryLater(id, delayMs, attempt + 1);
      // After the timer is set, so a listener that cancels the job clears it too.
      this.o.onEvent({ kind: 'retrying', jobId: id, delayMs });
      return;
    }
    // The service has made the video (and billed it): Resume fetches it again, Retry would pay twice.
    this.o.onEvent({
      kind: 'failed',
      jobId: id,
      error: {
        kind: 'download',
        message: `${error instanceof Error ? error.message : String(error)} The video was generated: Resume saves it without generating it again.`,
      },
    });
  }

  private retryLater(id: string, delayMs: number, attempt: number): void {
    this.clearRetry(id);
    this.retries.set(
      id,
      this.o.clock.setTimeout(() => {
        this.retries.delete(id);
        const current = this.o.current(id);
        if (current?.status === 'downloading') this.save(current, attempt);
      }, delayMs),
    );
  }

  private clearRetry(id: string): void {
    const timer = this.retries.get(id);
    if (timer !== undefined) this.o.clock.clearTimeout(timer);
    this.retries.delete(id);
  }
}
