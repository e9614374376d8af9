// The one scheduler that watches every active job. Nothing else polls.
//
// One timer, armed for the earliest moment a job may be polled (never one timer per job,
// never an interval), at most `maxConcurrentRequests` requests in flight, and a small gap
// between request starts so jobs due together never leave as a burst. With nothing
// tracked there is no timer at all. The account, not the job, is what a 429 limits, so a
// Retry-After holds back every request. Transient faults (5xx, network, timeout,
// unreadable answers) are retried with backoff and never fail a job; terminal answers
// (401, 403, 404, 400) fail it. The Poller never creates jobs: a second POST could
// bill twice.
//
// When to poll each job is a policy's decision (pollPolicy.ts): the adaptive one spends
// polls where completion is likely, from the TimingModel's learned window. What the
// answers said so far is the job's PollHistory (pollHistory.ts); its deadline, which waits
// while the service cannot be reached, is kept with it (pollEntry.ts). This file is the
// machinery around them: timers, slots, the account's rate limit, events.
import type { VeoClient } from '../api/client';
import { CancelledError, isUnreachable, RateLimitError } from '../api/errors';
import { RateGate } from '../api/rateGate';
import type { Generation } from '../api/wire';
import type { Clock, TimerHandle } from '../util/clock';
import { asPollError, checked, deadlineOf, newEntry, NO_VIDEO_GRACE_MS, NO_VIDEO_RECHECK_MS, policyContext, timedOutEvent, type PollEntry } from './pollEntry';
import type { PollEvent, PollTarget } from './pollEvents';
import { afterPending, generatingDuration } from './pollHistory';
import { adaptivePolicy, faultBackoff, type DelayPolicy } from './pollPolicy';
import type { TimingModel } from './timing';

export interface PollerOptions {
  readonly clock: Clock;
  readonly client: Pick<VeoClient, 'getGeneration'>;
  readonly timing: TimingModel;
  /** The account's rate limit, shared with everything else that asks the service (default: the Poller's own). */
  readonly gate?: RateGate;
  /** Called synchronously; a listener that throws is logged and ignored. */
  onEvent(e: PollEvent): void;
  /** Default: adaptivePolicy(). */
  readonly policy?: DelayPolicy;
  /** Default 4. */
  readonly maxConcurrentRequests?: number;
  /** Least time between two request starts (default 100 ms): no bursts. */
  readonly minSpacingMs?: number;
  /** [0, 1) for jitter; default Math.random. */
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

const DEFAULT_MAX_CONCURRENT = 4;
const DEFAULT_SPACING_MS = 100;

type Outcome = { readonly ok: true; readonly generation: Generation } | { readonly ok: false; readonly error: unknown };

export class Poller {
  private readonly entries = new Map<string, PollEntry>();
  private readonly policy: DelayPolicy;
  private readonly maxInFlight: number;
  private readonly spacingMs: number;
  private readonly random: () => number;
  private timer: TimerHandle | undefined;
  private timerAt = 0;
  private inFlight = 0;
  private readonly gate: RateGate;
  private readonly gateSubscription: { dispose(): void };
  private nextStartAt = Number.NEGATIVE_INFINITY;
  private focused = true;
  private disposed = false;

  constructor(private readonly o: PollerOptions) {
    this.policy = o.policy ?? adaptivePolicy();
    this.maxInFlight = Math.max(1, Math.floor(o.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT));
    this.spacingMs = Math.max(0, o.minSpacingMs ?? DEFAULT_SPACING_MS);
    this.random = o.random ?? Math.random;
    // A 429 elsewhere (a create, a log search) holds the polls back too: plan again.
    this.gate = o.gate ?? new RateGate(o.clock, this.random);
    this.gateSubscription = this.gate.onDidChange(() => this.schedule());
  }

  /** No request leaves before this: the service's Retry-After, for the whole account. */
  private get blockedUntil(): number {
    return this.gate.blockedUntil;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Starts watching a job. For a job already watched, takes the new target (e.g. a new
   * deadline after a resume); a new generation id starts the job's history afresh.
   */
  track(target: PollTarget): void {
    if (this.disposed) return;
    const existing = this.entries.get(target.jobId);
    if (existing && existing.target.generationId !== target.generationId) this.untrack(target.jobId);
    if (existing && this.entries.has(target.jobId)) {
      existing.target = target;
      existing.dueAt = Math.min(existing.dueAt, deadlineOf(existing));
    } else {
      const entry = newEntry(target);
      entry.dueAt = this.plan(entry, this.o.clock.now());
      this.entries.set(target.jobId, entry);
    }
    this.pump();
  }

  /** Stops watching a job; a request in flight for it is aborted. No event follows. */
  untrack(jobId: string): void {
    const entry = this.entries.get(jobId);
    if (!entry) return;
    this.entries.delete(jobId);
    entry.inFlight?.abort();
    this.schedule();
  }

  isTracking(jobId: string): boolean {
    return this.entries.has(jobId);
  }

  /** Unfocused windows stretch the sparse phases; regaining focus re-plans every job at once. */
  setFocused(focused: boolean): void {
    if (this.focused === focused) return;
    this.focused = focused;
    if (!focused || this.disposed) return;
    const now = this.o.clock.now();
    for (const entry of this.entries.values()) {
      if (!entry.inFlight) entry.dueAt = Math.min(entry.dueAt, this.plan(entry, now));
    }
    this.pump();
  }

  /**
   * What one job's finish taught (the service got faster, say) reaches the jobs that sleep a
   * long gap planned from the old belief: each is planned again, and only ever sooner.
   */
  private replanAfterNews(): void {
    const now = this.o.clock.now();
    for (const other of this.entries.values()) {
      if (!other.inFlight && other.dueAt > now) other.dueAt = Math.min(other.dueAt, this.plan(other, now));
    }
  }

  /** Makes one job (or every job) due now, e.g. for a "Refresh" command. Rate limits still apply. */
  pollNow(jobId?: string): void {
    const now = this.o.clock.now();
    for (const entry of this.entries.values()) {
      if (jobId === undefined || entry.target.jobId === jobId) entry.dueAt = Math.min(entry.dueAt, now);
    }
    this.pump();
  }

  /**
   * Makes every job whose last check failed for want of a connection (`unreachable`: the
   * network is back) or for any passing reason (`faulted`: the person asked to resume
   * everything) due now. Rate limits still apply.
   */
  retryNow(which: 'unreachable' | 'faulted'): void {
    const now = this.o.clock.now();
    for (const entry of this.entries.values()) {
      if (entry.inFlight || !entry.lastError || (which === 'unreachable' && !isUnreachable(entry.lastError))) continue;
      entry.dueAt = Math.min(entry.dueAt, now);
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.gateSubscription.dispose();
    this.clearTimer();
    for (const entry of this.entries.values()) entry.inFlight?.abort();
    this.entries.clear();
  }

  // ---- scheduling ---------------------------------------------------------------------

  /** Starts what may start now, then arms the one timer for whatever comes next. */
  private pump(): void {
    if (this.disposed) return;
    const now = this.o.clock.now();
    this.expireBlocked(now);
    while (this.inFlight < this.maxInFlight && now >= this.blockedUntil && now >= this.nextStartAt) {
      const entry = this.earliestDue(now);
      if (!entry) break;
      this.start(entry, now);
    }
    this.schedule();
  }

  /** A job whose deadline passes while the account is rate-limited cannot be asked once more. */
  private expireBlocked(now: number): void {
    if (now >= this.blockedUntil) return;
    for (const entry of [...this.entries.values()]) {
      if (!entry.inFlight && now >= deadlineOf(entry)) this.finish(entry, timedOutEvent(entry));
    }
  }

  private earliestDue(now: number): PollEntry | undefined {
    let best: PollEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.inFlight || entry.dueAt > now) continue;
      if (!best || entry.dueAt < best.dueAt) best = entry;
    }
    return best;
  }

  private schedule(): void {
    if (this.disposed) return;
    const wake = this.nextWake();
    if (wake === undefined) {
      this.clearTimer();
      return;
    }
    if (this.timer !== undefined && this.timerAt === wake) return;
    this.clearTimer();
    this.timerAt = wake;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.max(0, wake - this.o.clock.now()));
  }

  /** When the next request may leave; undefined when nothing waits, or every slot is busy (a finishing request pumps). */
  private nextWake(): number | undefined {
    if (this.inFlight >= this.maxInFlight) return undefined;
    const gate = Math.max(this.blockedUntil, this.nextStartAt);
    let wake: number | undefined;
    for (const entry of this.entries.values()) {
      if (entry.inFlight) continue;
      let at = Math.max(entry.dueAt, gate);
      // Rate-limited past its deadline: wake at the deadline to report it.
      if (this.blockedUntil > deadlineOf(entry)) at = Math.min(at, Math.max(entry.dueAt, deadlineOf(entry)));
      if (wake === undefined || at < wake) wake = at;
    }
    return wake;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When to poll next, from the policy, never past the deadline (the last look). */
  private plan(entry: PollEntry, now: number): number {
    const delay = this.policy.next(policyContext(entry, now, this.o.timing.window(entry.target.model), this.focused, this.random));
    return Math.min(now + Math.max(0, delay), Math.max(now, deadlineOf(entry)));
  }

  // ---- one request --------------------------------------------------------------------

  private start(entry: PollEntry, now: number): void {
    const controller = new AbortController();
    entry.inFlight = controller;
    this.inFlight++;
    this.nextStartAt = now + this.spacingMs;
    void this.request(entry, controller, now);
  }

  private async request(entry: PollEntry, controller: AbortController, startedAt: number): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = { ok: true, generation: await this.o.client.getGeneration(entry.target.generationId, { signal: controller.signal }) };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      this.inFlight--;
      entry.inFlight = undefined;
    }
    if (this.disposed) return;
    // Untracked (or replaced) while the request was out: its answer is nobody's business.
    if (this.entries.get(entry.target.jobId) === entry) {
      if (outcome.ok) this.onAnswer(entry, outcome.generation, startedAt);
      else this.onError(entry, outcome.error, startedAt);
    }
    this.pump();
  }

  private onAnswer(entry: PollEntry, generation: Generation, startedAt: number): void {
    const jobId = entry.target.jobId;
    entry.failures = 0;
    entry.lastError = undefined;
    checked(entry, startedAt, this.o.clock.now(), undefined);
    this.gate.answered();
    if (generation.state === 'completed') {
      const duration = generatingDuration(entry.history, entry.target.submittedAt, startedAt);
      if (duration !== undefined) {
        this.o.timing.record(entry.target.model, duration);
        this.replanAfterNews();
      }
      this.finish(entry, { kind: 'completed', jobId, generation });
      return;
    }
    if (generation.state === 'failed') {
      this.finish(entry, { kind: 'failed', jobId, generation });
      return;
    }
    if (generation.state === 'completedWithoutVideo') {
      this.onNoVideo(entry, generation, startedAt);
      return;
    }
    entry.noVideoSince = undefined;
    entry.history = afterPending(entry.history, generation.status, startedAt);
    const now = this.o.clock.now();
    const overdue = now >= deadlineOf(entry);
    // Planned before the event, so a listener's pollNow() or untrack() has the last word.
    if (!overdue) entry.dueAt = this.plan(entry, now);
    this.emit({ kind: 'pending', jobId, generation });
    if (overdue && this.entries.get(jobId) === entry) this.finish(entry, timedOutEvent(entry));
  }

  /** Finished, says the service, but no video URL: ask again for a while, then give up (resumable). */
  private onNoVideo(entry: PollEntry, generation: Generation, startedAt: number): void {
    const jobId = entry.target.jobId;
    entry.noVideoSince ??= startedAt;
    const now = this.o.clock.now();
    if (now - entry.noVideoSince >= NO_VIDEO_GRACE_MS) {
      this.finish(entry, { kind: 'noVideo', jobId, generation, final: true, delayMs: 0 });
      return;
    }
    entry.dueAt = now + NO_VIDEO_RECHECK_MS;
    this.emit({ kind: 'noVideo', jobId, generation, final: false, delayMs: NO_VIDEO_RECHECK_MS });
  }

  private onError(entry: PollEntry, raw: unknown, startedAt: number): void {
    const jobId = entry.target.jobId;
    const error = asPollError(raw, this.o.log);
    if (!error.retryable && !(error instanceof CancelledError)) {
      this.finish(entry, { kind: 'failed', jobId, error });
      return;
    }
    const now = this.o.clock.now();
    entry.lastError = error;
    // Unreachable: the deadline waits (never "timed out" for time nobody could ask).
    checked(entry, startedAt, now, error);
    if (now >= deadlineOf(entry)) {
      this.finish(entry, timedOutEvent(entry));
      return;
    }
    if (error instanceof RateLimitError) {
      this.gate.rateLimited(error);
      entry.dueAt = this.blockedUntil;
      this.o.log?.(`rate-limited (429): no request before ${Math.round((this.blockedUntil - now) / 1000)} s`);
    } else {
      entry.failures++;
      entry.dueAt = Math.min(now + faultBackoff(entry.failures, this.random), Math.max(now, deadlineOf(entry)));
    }
    const delayMs = Math.max(0, entry.dueAt - now);
    this.o.log?.(`poll of ${jobId} failed (${error.kind}), retrying in ${Math.round(delayMs / 1000)} s: ${error.message}`);
    this.emit({ kind: 'retrying', jobId, error, delayMs });
  }

  private finish(entry: PollEntry, event: PollEvent): void {
    this.entries.delete(entry.target.jobId);
    if (event.kind === 'timedOut') this.o.log?.(`job ${event.jobId} still pending at its deadline`);
    this.emit(event);
  }

  private emit(event: PollEvent): void {
    try {
      this.o.onEvent(event);
    } catch (error) {
      // A broken listener must not stop the scheduler for every other job.
      this.o.log?.(`poll event listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
