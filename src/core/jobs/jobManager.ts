// The one owner of a job's life and the only writer of the JobStore: views read the store
// and call these methods. The work itself sits beside it, each piece in its own file:
//   submission.ts  checks a request, loads its media, and what the one POST's answer means
//   creates.ts     the one POST of each job: rate limits, and answers that were lost
//   extend.ts      which video an extend job (or its retry) sends
//   poller.ts      watches accepted jobs (one scheduler, pollPolicy.ts says when)
//   videoSaver.ts  saves a finished video and its sidecar (a few at once), retries, renews
//                  an expired link
//   jobUpdates.ts  what each poll and save event does to a job (pure)
//   restart.ts     what a window finds when it starts, and what becomes of each job
// Here they are wired together: events become store writes, and the person's actions
// (retry, cancel, resume, "resume everything", remove) reach every piece that holds the
// job. Every request passes the reachability watch (api/reachability.ts): when the service
// answers again after an outage, the checks and saves that wait for the network go on at once.
//
// A create cannot be called back once it left, and the service may accept (and bill) it
// after the person changed their mind. So, while a job is being sent:
// - Cancel sticks: the job is never polled or saved by itself. It says whether anything can
//   still be billed, and keeps the id the answer brings, so Resume can fetch the video.
// - Remove of a job whose POST is on the wire waits for the answer (the job shows as
//   cancelled meanwhile): if nothing was made it goes, as asked; if the service took it, it
//   stays, cancelled, with the billed id, since removing it would lose the only record of
//   what may be billed. A second Remove forgets it. Before the POST left (waiting for the
//   rate limit) Remove is immediate: nothing was sent.
import { randomUUID } from 'node:crypto';
import type { VeoClient } from '../api/client';
import { NotFoundError } from '../api/errors';
import { RateGate } from '../api/rateGate';
import { Reachability } from '../api/reachability';
import { systemClock, type Clock } from '../util/clock';
import type { Disposable } from '../util/events';
import type { MediaPolicy } from '../media/mediaLoader';
import { extendSubmission, retryRequest, type ExtendInput } from './extend';
import { canResume, isActive, isFinished, type Job, type JobRequest, type JobSettings } from './job';
import type { JobPatch, JobStore } from './jobStore';
import { pollUpdate, saveUpdate, type JobUpdate } from './jobUpdates';
import type { PollEvent } from './pollEvents';
import { Poller, type PollerOptions } from './poller';
import { CANCELLED_NOTICE, Creates } from './creates';
import { restartJobs } from './restart';
import { prepareSubmission, type SubmitInput } from './submission';
import type { TimingModel } from './timing';
import { VideoSaver, type SaveEvent } from './videoSaver';

// The facade's own vocabulary, importable from here as before.
export type { ExtendInput } from './extend';
export type { JobSettings } from './job';
export type { SubmitInput } from './submission';

export interface JobManagerOptions {
  readonly store: JobStore;
  readonly client: Pick<VeoClient, 'createGeneration' | 'getGeneration' | 'getLogs'>;
  /** The account's rate limit (default: the manager's own), shared with everything that asks the service. */
  readonly gate?: RateGate;
  readonly timing: TimingModel;
  readonly media: MediaPolicy;
  /** The absolute folder a job's video goes to; throws with a reason when there is none. */
  readonly outputFolder: (job: Pick<Job, 'workspaceFolder' | 'request'>) => string;
  readonly settings: () => JobSettings;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  readonly newId?: () => string;
  readonly poller?: Partial<Pick<PollerOptions, 'policy' | 'maxConcurrentRequests' | 'minSpacingMs' | 'random'>>;
  /** How many videos are saved at once (default 2); the others wait their turn, in order. */
  readonly maxConcurrentDownloads?: number;
}

export class JobManager implements Disposable {
  private readonly clock: Clock;
  private readonly poller: Poller;
  private readonly saver: VideoSaver;
  private readonly creates: Creates;
  /** The account's rate limit: polls, creates and log searches all wait behind it. */
  readonly gate: RateGate;
  /** Whether the service can be reached, as every request of the manager finds out. */
  private readonly reach = new Reachability();
  private readonly reconnected: Disposable;
  private disposed = false;

  constructor(private readonly o: JobManagerOptions) {
    this.clock = o.clock ?? systemClock;
    this.gate = o.gate ?? new RateGate(this.clock);
    // Every request goes through the reachability watch: the first answer after an outage
    // wakes whatever waits for the network (checks in backoff, saves), at once.
    const client: JobManagerOptions['client'] = {
      createGeneration: (body, options) => this.reach.watch(o.client.createGeneration(body, options)),
      getGeneration: (id, options) => this.reach.watch(o.client.getGeneration(id, options)),
      getLogs: (query, options) => this.reach.watch(o.client.getLogs(query, options)),
    };
    this.reconnected = this.reach.onDidReconnect(() => {
      this.o.log?.('the AI/ML API answers again: checks and saves that waited for the network go on now');
      this.poller.retryNow('unreachable');
      this.saver.retryWaiting();
    });
    this.poller = new Poller({
      clock: this.clock,
      client,
      gate: this.gate,
      timing: o.timing,
      onEvent: (e) => this.onPollEvent(e),
      log: o.log,
      ...o.poller,
    });
    this.saver = new VideoSaver({
      clock: this.clock,
      outputFolder: o.outputFolder,
      settings: o.settings,
      current: (id) => o.store.get(id),
      recorded: () => o.store.flush(),
      onEvent: (e) => this.onSaveEvent(e),
      log: o.log,
      ...(o.maxConcurrentDownloads ? { maxConcurrent: o.maxConcurrentDownloads } : {}),
    });
    this.creates = new Creates({
      store: o.store,
      client,
      gate: this.gate,
      clock: this.clock,
      log: o.log,
      watch: (job) => this.watch(job),
      fail: (id, patch) => this.fail(id, patch),
    });
  }

  /** The jobs, to read and to watch: only the manager writes them. */
  get store(): Pick<JobStore, 'get' | 'all' | 'onDidChange'> {
    return this.o.store;
  }

  // ---- submitting -------------------------------------------------------------------------

  /**
   * Validates, loads the media, creates the job and POSTs it. Invalid input throws a
   * ValidationError naming the field and creates no job. The job is stored (durably)
   * before the POST leaves, carrying its id as X-Client-Request-Id. Then:
   * - accepted, or an answer lost after its headers named the generation → watched;
   * - refused (400, 401, 403, …) → failed, not billed, and the error is rethrown;
   * - 429 → nothing was made: it waits for the account's rate limit and is sent again;
   * - lost before anything was said → `unconfirmed`, looked for in the usage logs, and
   *   resolved with (never sent again by itself).
   */
  async submit(input: SubmitInput): Promise<Job> {
    const prepared = await prepareSubmission(input, {
      media: this.o.media,
      outputFolder: this.o.outputFolder,
      now: () => this.clock.now(),
      newId: this.o.newId ?? randomUUID,
    });
    const job = this.o.store.add(prepared.job);
    this.o.log?.(`job ${job.id}: submitting ${job.request.model}`);
    // Durable before the POST leaves: a crash from here on leaves a job to look for, not a lost bill.
    await this.o.store.flush();
    return this.creates.send(job.id, prepared.body);
  }

  /** Stops looking for an unconfirmed job in the usage logs; it ends as unconfirmed (it may still bill). */
  stopLooking(id: string): Job {
    return this.creates.stopLooking(this.require(id));
  }

  /** The person knows an unconfirmed job never ran (their dashboard says so): it ends, not billed. */
  markNotCreated(id: string): Job {
    return this.creates.markNotCreated(this.require(id));
  }

  /** Submits the same request again as a new job (a new POST: the person asked for it). */
  retry(id: string, extra: Pick<SubmitInput, 'estimate'> = {}): Promise<Job> {
    const job = this.require(id);
    return this.submit({
      request: this.retryRequest(id),
      ...(job.workspaceFolder ? { workspaceFolder: job.workspaceFolder } : {}),
      ...(job.parentId ? { parentId: job.parentId } : {}),
      ...(job.shotList ? { shotList: job.shotList } : {}),
      ...extra,
    });
  }

  /** What a retry of the job would send (to price it first). */
  retryRequest(id: string): JobRequest {
    const job = this.require(id);
    return retryRequest(job, job.parentId ? this.o.store.get(job.parentId) : undefined, this.clock.now());
  }

  /** What extending the job would send (to price it first). */
  extendRequest(parentId: string, input: ExtendInput): JobRequest {
    return extendSubmission(this.require(parentId), input, this.clock.now()).request;
  }

  /**
   * Continues a finished clip: a new job on an extend model whose `video_url` is the
   * parent's video (see extendSource), saved beside it and linked to it by `parentId`.
   */
  async extend(parentId: string, input: ExtendInput, extra: Pick<SubmitInput, 'estimate'> = {}): Promise<Job> {
    return this.submit({ ...extendSubmission(this.require(parentId), input, this.clock.now()), ...extra });
  }

  // ---- what the Poller and the VideoSaver report ------------------------------------------

  private watch(job: Job): void {
    if (!job.generationId || this.disposed) return;
    const from = job.timeoutFrom ?? job.submittedAt ?? job.createdAt;
    this.poller.track({
      jobId: job.id,
      generationId: job.generationId,
      model: job.request.model,
      submittedAt: job.submittedAt ?? job.createdAt,
      deadlineAt: from + this.o.settings().jobTimeoutMs,
      // The setting as it is now: a changed veoStudio.jobTimeoutMinutes reaches running jobs.
      deadline: () => from + this.o.settings().jobTimeoutMs,
    });
  }

  private onPollEvent(event: PollEvent): void {
    const job = this.o.store.get(event.jobId);
    if (job && event.kind === 'failed' && event.error instanceof NotFoundError && this.creates.reconsider(job)) {
      this.poller.untrack(job.id);
      return;
    }
    const update = pollUpdate(this.o.store.get(event.jobId), event, this.clock.now(), this.o.settings());
    if (update?.then === 'save') this.o.log?.(`job ${event.jobId}: completed on the service`);
    if (update) this.apply(event.jobId, update);
  }

  private onSaveEvent(event: SaveEvent): void {
    this.apply(event.jobId, saveUpdate(event, this.clock.now()));
  }

  private apply(id: string, update: JobUpdate): void {
    if (update.then === 'fail') {
      this.fail(id, update.patch);
      return;
    }
    const job = this.o.store.update(id, update.patch);
    if (!job) return;
    if (update.then === 'save') this.saver.save(job);
    else if (update.then === 'watch') this.watch(job);
  }

  // ---- the person's actions -----------------------------------------------------------------

  /**
   * Stops watching (and downloading) a job. The service may still finish and bill it; a job
   * still being sent says so, and keeps the id its answer brings (see the top of this file).
   */
  cancel(id: string): Job {
    const job = this.require(id);
    if (!isActive(job)) return job;
    this.stop(id);
    this.o.log?.(`job ${id}: cancelled by the user`);
    return this.o.store.update(id, { status: 'cancelled', finishedAt: this.clock.now(), notice: this.cancelNotice(job) })!;
  }

  /**
   * "Resume All": watches again every job that timed out or failed on our side while the
   * service still has it (canResume), and makes every check and save waiting out a fault go
   * now. Cancelled jobs stay cancelled: the person stopped them on purpose. Returns how many
   * jobs were resumed.
   */
  resumeEverything(): number {
    const resumable = this.o.store.all().filter((job) => canResume(job) && job.status !== 'cancelled');
    for (const job of resumable) this.resume(job.id);
    this.poller.retryNow('faulted');
    this.saver.retryWaiting();
    if (resumable.length) this.o.log?.(`resumed ${resumable.length} job(s)`);
    return resumable.length;
  }

  /** Watches a timed-out or cancelled job again; its timeout starts over. */
  resume(id: string): Job {
    const job = this.require(id);
    if (!canResume(job)) return job;
    const resumed = this.o.store.update(id, { status: 'pending', timeoutFrom: this.clock.now(), error: undefined, finishedAt: undefined })!;
    this.watch(resumed);
    return resumed;
  }

  /**
   * Forgets a job (its files stay), after stopping everything that goes on for it. A job
   * whose POST is on the wire is not forgotten yet: it is cancelled, and goes once the answer
   * says nothing was made (`afterAnswer`; see the top of this file).
   */
  remove(id: string): 'removed' | 'afterAnswer' {
    const job = this.o.store.get(id);
    if (job && this.creates.isSending(id)) {
      this.creates.removeWhenAnswered(id);
      this.o.log?.(`job ${id}: removed while it was being sent; it goes once the service answers`);
      this.o.store.update(id, { status: 'cancelled', finishedAt: job.finishedAt ?? this.clock.now(), notice: CANCELLED_NOTICE.removing });
      return 'afterAnswer';
    }
    this.stop(id);
    this.o.store.remove(id);
    return 'removed';
  }

  /** Forgets every finished job; returns how many. A cancelled job still being sent stays (its answer may bring a billed id). */
  clearFinished(): number {
    const finished = this.o.store.all().filter((job) => isFinished(job) && !this.creates.isSending(job.id));
    for (const job of finished) this.o.store.remove(job.id);
    return finished.length;
  }

  /** Polls every watched job (or one) now: the "Refresh" button. */
  refresh(id?: string): void {
    this.poller.pollNow(id);
  }

  /** Forgets how long jobs took on this service (the poller starts again from the docs' figures). */
  resetTimings(): void {
    this.o.timing.reset();
  }

  setFocused(focused: boolean): void {
    this.poller.setFocused(focused);
  }

  /** After a reload, a crash or hours closed: every job goes on where it was (restart.ts). */
  resumeAll(): Promise<void> {
    return restartJobs({
      store: this.o.store,
      now: () => this.clock.now(),
      lookFor: (job) => this.creates.lookFor(job),
      watch: (job) => this.watch(job),
      save: (job) => this.saver.save(job),
      sweepTemps: (jobs) => this.saver.sweepTemps(jobs),
    });
  }

  dispose(): void {
    this.disposed = true;
    this.reconnected.dispose();
    this.reach.dispose();
    this.poller.dispose();
    this.saver.dispose();
    this.creates.dispose();
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Nothing goes on for the job any more: no poll, no save, no log search. */
  private stop(id: string): void {
    this.poller.untrack(id);
    this.saver.cancel(id);
    this.creates.forget(id);
  }

  /** What a job cancelled now says about money: only one still being sent needs a word. */
  private cancelNotice(job: Job): string | undefined {
    if (job.status !== 'submitting') return undefined;
    return this.creates.isSending(job.id) ? CANCELLED_NOTICE.whileSending : CANCELLED_NOTICE.beforeSent;
  }

  /** Ends a job as failed: nothing goes on for it (polling, saving state), then the patch is written. */
  private fail(id: string, patch: JobPatch): void {
    this.poller.untrack(id);
    this.saver.forget(id);
    this.creates.forget(id);
    this.o.store.update(id, patch);
    this.o.log?.(`job ${id}: failed: ${patch.error?.message ?? 'unknown reason'}`);
  }

  private require(id: string): Job {
    const job = this.o.store.get(id);
    if (!job) throw new Error(`There is no job ${id}.`);
    return job;
  }
}
