// Saving a finished job's video into the workspace: the file (through the Downloader),
// the JSON sidecar beside it, the retries of a save that broke off, and the one decision
// to ask the service for a fresh link when the CDN's has expired. It reads jobs but never
// writes them: each outcome is a SaveEvent the JobManager applies (jobUpdates.ts).
import { writeFileExclusive } from '../download/files';
import { DownloadError } from '../download/downloadErrors';
import { downloadToFile } from '../download/downloader';
import { removeStaleTemps } from '../download/tempFiles';
import { baseNameFromPrompt, sanitiseBaseName } from '../download/naming';
import type { Clock, TimerHandle } from '../util/clock';
import type { Disposable } from '../util/events';
import type { Job, JobError, JobOutput, JobSettings } from './job';
import { sidecarFor, sidecarPathFor } from './sidecar';

export type SaveEvent =
  /** Another tenth of the video arrived. */
  | { readonly kind: 'progress'; readonly jobId: string; readonly percent: number }
  /** The video (and, when it could be written, its sidecar) is in the workspace. */
  | { readonly kind: 'saved'; readonly jobId: string; readonly output: JobOutput; readonly savedAt: number }
  /** The save broke off; it starts again after `delayMs`. */
  | { readonly kind: 'retrying'; readonly jobId: string; readonly delayMs: number }
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
  /** Called synchronously. */
  onEvent(e: SaveEvent): void;
  readonly log?: (line: string) => void;
}

/** How often a failed save is tried in all before the job fails (network, 5xx, truncation). */
const SAVE_ATTEMPTS = 3;
/** The wait before the second attempt; it doubles for each one after. */
const RETRY_BASE_MS = 2000;

export class VideoSaver implements Disposable {
  private readonly saving = new Map<string, AbortController>();
  private readonly retries = new Map<string, TimerHandle>();
  /** Jobs whose expired video link was already renewed once. */
  private readonly linkRefreshed = new Set<string>();
  private disposed = false;

  constructor(private readonly o: VideoSaverOptions) {}

  /** Starts saving a job's video (a job already being saved is left to it). */
  save(job: Job, attempt = 1): void {
    if (this.disposed || this.saving.has(job.id)) return;
    const controller = new AbortController();
    this.saving.set(job.id, controller);
    void this.download(job, controller.signal)
      .then(() => undefined, (error: unknown) => this.onError(job.id, error, attempt))
      .finally(() => {
        if (this.saving.get(job.id) === controller) this.saving.delete(job.id);
      });
  }

  /** Stops saving a job: the socket is closed and the temp file removed; no retry follows. */
  cancel(id: string): void {
    this.saving.get(id)?.abort();
    this.saving.delete(id);
    this.clearRetry(id);
  }

  /** Forgets what the saver remembers of a job that ended (whether its link was renewed). */
  forget(id: string): void {
    this.linkRefreshed.delete(id);
  }

  /**
   * After a restart: removes the temp files no save will finish (of cancelled or removed
   * jobs) from the folders of `saving`, the jobs whose save goes on.
   */
  async sweepTemps(saving: readonly Job[]): Promise<void> {
    const folders = new Map<string, Set<string>>();
    for (const job of saving) {
      try {
        const folder = this.o.outputFolder(job);
        if (!folders.has(folder)) folders.set(folder, new Set());
        folders.get(folder)!.add(job.id);
      } catch {
        // reported when the save itself runs
      }
    }
    for (const [folder, keep] of folders) await removeStaleTemps(folder, keep).catch(() => 0);
  }

  dispose(): void {
    this.disposed = true;
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
    const stem = job.request.outputName ? sanitiseBaseName(job.request.outputName) : baseNameFromPrompt(job.request.prompt);
    // Take N of a shot list's shot: `<name>.take-N.mp4` (and `<name>.take-N.json`).
    const baseName = job.shotList?.take !== undefined ? `${stem}.take-${job.shotList.take}` : stem;
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
        if (percent <= shownPercent || percent >= 100 || !this.isSaving(job.id)) return;
        shownPercent = percent;
        this.o.onEvent({ kind: 'progress', jobId: job.id, percent });
      },
    });
    const savedAt = this.o.clock.now();
    let sidecar: string | undefined = sidecarPathFor(result.file);
    try {
      await writeFileExclusive(sidecar, JSON.stringify(sidecarFor(job, result.file, result.bytes, savedAt), null, 2) + '\n');
    } catch (error) {
      // The video is safe; a missing sidecar is worth a log line, not a failed job. The
      // path is not recorded: a file there now is not ours.
      this.o.log?.(`job ${job.id}: could not write ${sidecar}: ${error instanceof Error ? error.message : String(error)}`);
      sidecar = undefined;
    }
    if (!this.isSaving(job.id)) return;
    this.linkRefreshed.delete(job.id);
    this.o.onEvent({ kind: 'saved', jobId: job.id, savedAt, output: { file: result.file, ...(sidecar ? { sidecar } : {}), bytes: result.bytes } });
    this.o.log?.(`job ${job.id}: saved ${result.file} (${result.bytes} bytes)`);
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
    const retryable = error instanceof DownloadError ? error.retryable : false;
    if (retryable && attempt < SAVE_ATTEMPTS) {
      const delayMs = RETRY_BASE_MS * 2 ** (attempt - 1);
      this.clearRetry(id);
      this.retries.set(
        id,
        this.o.clock.setTimeout(() => {
          this.retries.delete(id);
          const current = this.o.current(id);
          if (current?.status === 'downloading') this.save(current, attempt + 1);
        }, delayMs),
      );
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

  private clearRetry(id: string): void {
    const timer = this.retries.get(id);
    if (timer !== undefined) this.o.clock.clearTimeout(timer);
    this.retries.delete(id);
  }
}
