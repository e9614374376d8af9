// The one scheduler that watches every active job. Nothing else polls.
//
// One timer, armed for the earliest moment a job may be polled (never one timer per job,
// never an interval), at most `maxConcurrentRequests` requests in flight, and a small gap
// between request starts so jobs due together never leave as a burst. With nothing
// tracked there is no timer at all. The account, not the job, is what a 429 limits, so a
// Retry-After holds back every request. Transient faults (5xx but 504, network, timeout,
// unreadable answers) are retried with backoff and never fail a job; terminal answers
// (401, 403, 404, 504, 400) fail it. The Poller never creates jobs: a second POST could
// bill twice.
//
// When to poll each job is a policy's decision (below): the adaptive one spends polls
// where completion is likely, from the TimingModel's learned window.
import type { VeoClient } from '../api/client';
import { ApiError, CancelledError, NetworkError, RateLimitError } from '../api/errors';
import { remotePhase } from '../api/remoteStatus';
import type { Generation } from '../api/wire';
import type { Clock, TimerHandle } from '../util/clock';
import type { GenerationWindow, TimingModel } from './timing';

// ---- policies -------------------------------------------------------------------------
//
// A policy is a pure function of what the Poller knows about a job; it never sees the
// network, so it is tested and benchmarked on its own.
//
// The adaptive policy treats a poll as a cost and a late detection as a cost, and spends
// polls where completion is likely:
//   - one poll a few seconds after submission: catches an immediate failure and says
//     whether the job waits in the queue or already generates;
//   - while queued, polls that thin out (the wait is normally seconds, sometimes minutes);
//   - once generating, completion = start + duration, where the start lies between the
//     last "queued" answer and the first "generating" one and the duration is uniform over
//     the learned window. The next poll comes when the completions it would catch have
//     waited `costMs` in total per still-running job: the optimum of "delay + cost × polls"
//     for that model of completion. Before the window opens that moment never comes, so
//     the wait is capped at a sparse interval; inside the window it is seconds.
//   - past the window the model was wrong about this job: back off geometrically.

/** How far the Poller has seen a job go. `new`: no answer yet. */
export type PollPhase = 'new' | 'queued' | 'generating';

/** All a policy may know about a job when choosing its next poll. Times are clock ms. */
export interface PollContext {
  readonly model: string;
  readonly now: number;
  readonly submittedAt: number;
  /** Pending answers so far. */
  readonly polls: number;
  readonly phase: PollPhase;
  /** Start of the last poll that saw the job queued (undefined: none did). */
  readonly lastQueuedAt?: number;
  /** Start of the first poll that saw the job generating. */
  readonly generatingSeenAt?: number;
  /** The learned generating duration of this model. */
  readonly window: GenerationWindow;
  /** False when the user is elsewhere: sparse phases may stretch. */
  readonly focused: boolean;
  /** [0, 1), for jitter; injected so tests and the benchmark are reproducible. */
  readonly random: () => number;
}

export interface DelayPolicy {
  /** Milliseconds from `ctx.now` until the next poll. */
  next(ctx: PollContext): number;
}

/** What the provider's samples do: poll at once, then every `ms`. No jitter, no learning. */
export function fixedPolicy(ms: number): DelayPolicy {
  return { next: (ctx) => (ctx.phase === 'new' ? Math.max(0, ctx.submittedAt - ctx.now) : ms) };
}

export interface AdaptiveTuning {
  /** First poll this long after submission. */
  readonly firstPollMs: number;
  /** While queued: wait this fraction of the time queued so far, within [min, max]. */
  readonly queueGrowth: number;
  readonly queueMinMs: number;
  readonly queueMaxMs: number;
  /** Longest wait while generating, before the window opens. */
  readonly sparseMaxMs: number;
  /** How much the sparse phases stretch when the window is not focused. */
  readonly unfocusedStretch: number;
  /** The price of one poll, in ms of detection delay (λ). */
  readonly costMs: number;
  /**
   * Lower bound of the still-running probability used for the price: completions do run
   * past the learned window, so the end of the window must not look certain.
   */
  readonly survivalFloor: number;
  /** Shortest wait between polls of one job. */
  readonly denseMinMs: number;
  /** Past the window: wait this fraction of the time overdue, capped. */
  readonly tailGrowth: number;
  readonly tailMaxMs: number;
  /** ± this fraction of every delay, so jobs submitted together drift apart… */
  readonly jitter: number;
  /** …but never more than this: a long wait must not overshoot the opening of the window. */
  readonly jitterMaxMs: number;
}

export const DEFAULT_TUNING: AdaptiveTuning = {
  firstPollMs: 3_000,
  queueGrowth: 0.5,
  queueMinMs: 4_000,
  queueMaxMs: 20_000,
  sparseMaxMs: 40_000,
  unfocusedStretch: 2,
  costMs: 75,
  survivalFloor: 0.1,
  denseMinMs: 1_200,
  tailGrowth: 0.5,
  tailMaxMs: 30_000,
  jitter: 0.1,
  jitterMaxMs: 1_000,
};

/** Resolution of the look-ahead search; far below any delay it chooses. */
const SEARCH_STEP_MS = 100;

export function adaptivePolicy(tuning: Partial<AdaptiveTuning> = {}): DelayPolicy {
  const t: AdaptiveTuning = { ...DEFAULT_TUNING, ...tuning };
  return {
    next(ctx) {
      const base = baseDelay(ctx, t);
      const spread = Math.min(base * t.jitter, t.jitterMaxMs);
      return Math.max(0, Math.round(base + spread * (2 * ctx.random() - 1)));
    },
  };
}

function baseDelay(ctx: PollContext, t: AdaptiveTuning): number {
  const stretch = ctx.focused ? 1 : t.unfocusedStretch;
  switch (ctx.phase) {
    case 'new':
      // A job resumed after a restart is already past this point: poll at once.
      return Math.max(0, ctx.submittedAt + t.firstPollMs - ctx.now);
    case 'queued':
      return clamp((ctx.now - ctx.submittedAt) * t.queueGrowth, t.queueMinMs, t.queueMaxMs * stretch);
    case 'generating':
      return generatingDelay(ctx, t, stretch);
  }
}

function generatingDelay(ctx: PollContext, t: AdaptiveTuning, stretch: number): number {
  const seen = ctx.generatingSeenAt ?? ctx.now;
  const startFrom = Math.min(ctx.lastQueuedAt ?? ctx.submittedAt, seen);
  const cdf = completionCdf(startFrom, seen, ctx.window);
  const end = seen + ctx.window.maxMs;
  if (ctx.now >= end) {
    return clamp((ctx.now - end) * t.tailGrowth, t.denseMinMs, t.tailMaxMs);
  }
  const cap = t.sparseMaxMs * stretch;
  // Never look past the end of the window: beyond it the model predicts nothing, so the
  // search would run to the cap and a job finishing late would wait a sparse interval.
  const limit = Math.min(cap, end - ctx.now + t.denseMinMs);
  const found = lookAhead(cdf, ctx.now, limit, t.costMs * Math.max(1 - cdf(ctx.now), t.survivalFloor));
  return clamp(found, t.denseMinMs, cap);
}

/**
 * The first delay d after which the completions the next poll would catch have waited
 * `budget` ms in total: the integral of F(u) − F(now) for u from now to now + d reaches
 * the budget. At most `cap`.
 */
function lookAhead(cdf: (t: number) => number, now: number, cap: number, budget: number): number {
  const base = cdf(now);
  let waited = 0;
  for (let d = SEARCH_STEP_MS; d <= cap; d += SEARCH_STEP_MS) {
    waited += (cdf(now + d) - base) * SEARCH_STEP_MS;
    if (waited >= budget) return d;
  }
  return cap;
}

/**
 * CDF of completion = start + duration, start uniform on [from, to] (it began between two
 * polls), duration uniform on the window: a trapezoid, from the integral of the window's
 * own CDF.
 */
export function completionCdf(from: number, to: number, window: GenerationWindow): (t: number) => number {
  const a = window.minMs;
  const w = Math.max(0, window.maxMs - window.minMs);
  /** ∫ of the duration CDF from −∞ to x. */
  const integral = (x: number): number => {
    if (x <= a) return 0;
    if (w === 0 || x >= a + w) return w / 2 + (x - a - w);
    return ((x - a) * (x - a)) / (2 * w);
  };
  const durationCdf = (x: number): number => (w === 0 ? (x >= a ? 1 : 0) : clamp((x - a) / w, 0, 1));
  const spread = to - from;
  if (spread <= 0) return (t) => durationCdf(t - to);
  return (t) => clamp((integral(t - from) - integral(t - to)) / spread, 0, 1);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

// ---- the scheduler --------------------------------------------------------------------

export interface PollTarget {
  readonly jobId: string;
  readonly generationId: string;
  readonly model: string;
  /** When the service accepted the job (clock ms). */
  readonly submittedAt: number;
  /** A job still pending at this moment is reported `timedOut` and dropped. */
  readonly deadlineAt: number;
}

export type PollEvent =
  /** Every successful answer that says the job is still running. */
  | { readonly kind: 'pending'; readonly jobId: string; readonly generation: Generation }
  /** The service finished the job with a video URL. */
  | { readonly kind: 'completed'; readonly jobId: string; readonly generation: Generation }
  /** The service said failed (`generation`), or the poll hit a terminal error (`error`). */
  | { readonly kind: 'failed'; readonly jobId: string; readonly generation?: Generation; readonly error?: ApiError }
  /** Still pending at its deadline. */
  /** Still pending at its deadline; `lastError` when the last checks failed rather than found it running. */
  | { readonly kind: 'timedOut'; readonly jobId: string; readonly lastError?: ApiError }
  /** A transient fault; the job keeps going and is polled again after `delayMs`. */
  | { readonly kind: 'retrying'; readonly jobId: string; readonly error: ApiError; readonly delayMs: number };

export interface PollerOptions {
  readonly clock: Clock;
  readonly client: Pick<VeoClient, 'getGeneration'>;
  readonly timing: TimingModel;
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
/** Transient faults: 5 s, 10 s, 20 s … at most 2 min, ± 20 %. */
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 120_000;
const BACKOFF_JITTER = 0.2;
/**
 * A generating duration is learned only when the polls pin it down to this fraction of
 * itself (or 10 s): a job resumed after a restart, or seen through long backoffs, would
 * teach noise.
 */
const LEARN_MAX_UNCERTAINTY = 0.3;
const LEARN_MIN_UNCERTAINTY_MS = 10_000;

interface Entry {
  target: PollTarget;
  dueAt: number;
  polls: number;
  phase: PollPhase;
  lastQueuedAt?: number;
  generatingSeenAt?: number;
  /** Start of the latest poll that saw the job pending. */
  lastPendingAt?: number;
  /** Consecutive transient failures (not 429s: those are the account's). */
  failures: number;
  /** The fault behind the latest failed check, until an answer comes again. */
  lastError?: ApiError;
  inFlight?: AbortController;
}

function timedOut(entry: Entry): PollEvent {
  return { kind: 'timedOut', jobId: entry.target.jobId, ...(entry.lastError ? { lastError: entry.lastError } : {}) };
}

type Outcome = { readonly ok: true; readonly generation: Generation } | { readonly ok: false; readonly error: unknown };

export class Poller {
  private readonly entries = new Map<string, Entry>();
  private readonly policy: DelayPolicy;
  private readonly maxInFlight: number;
  private readonly spacingMs: number;
  private readonly random: () => number;
  private timer: TimerHandle | undefined;
  private timerAt = 0;
  private inFlight = 0;
  /** No request leaves before this: the service's Retry-After, for the whole account. */
  private blockedUntil = Number.NEGATIVE_INFINITY;
  /** 429s in a row without Retry-After, for the account's own backoff. */
  private rateLimitStreak = 0;
  private nextStartAt = Number.NEGATIVE_INFINITY;
  private focused = true;
  private disposed = false;

  constructor(private readonly o: PollerOptions) {
    this.policy = o.policy ?? adaptivePolicy();
    this.maxInFlight = Math.max(1, Math.floor(o.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT));
    this.spacingMs = Math.max(0, o.minSpacingMs ?? DEFAULT_SPACING_MS);
    this.random = o.random ?? Math.random;
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
      existing.dueAt = Math.min(existing.dueAt, target.deadlineAt);
    } else {
      const entry: Entry = { target, dueAt: 0, polls: 0, phase: 'new', failures: 0 };
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

  /** Makes one job (or every job) due now, e.g. for a "Refresh" command. Rate limits still apply. */
  pollNow(jobId?: string): void {
    const now = this.o.clock.now();
    for (const entry of this.entries.values()) {
      if (jobId === undefined || entry.target.jobId === jobId) entry.dueAt = Math.min(entry.dueAt, now);
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
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
      if (!entry.inFlight && now >= entry.target.deadlineAt) this.finish(entry, timedOut(entry));
    }
  }

  private earliestDue(now: number): Entry | undefined {
    let best: Entry | undefined;
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
      if (this.blockedUntil > entry.target.deadlineAt) at = Math.min(at, Math.max(entry.dueAt, entry.target.deadlineAt));
      if (wake === undefined || at < wake) wake = at;
    }
    return wake;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When to poll next, from the policy, never past the deadline (the last look). */
  private plan(entry: Entry, now: number): number {
    const delay = this.policy.next(this.context(entry, now));
    return Math.min(now + Math.max(0, delay), Math.max(now, entry.target.deadlineAt));
  }

  private context(entry: Entry, now: number): PollContext {
    const { model, submittedAt } = entry.target;
    return {
      model,
      now,
      submittedAt,
      polls: entry.polls,
      phase: entry.phase,
      lastQueuedAt: entry.lastQueuedAt,
      generatingSeenAt: entry.generatingSeenAt,
      window: this.o.timing.window(model),
      focused: this.focused,
      random: this.random,
    };
  }

  // ---- one request --------------------------------------------------------------------

  private start(entry: Entry, now: number): void {
    const controller = new AbortController();
    entry.inFlight = controller;
    this.inFlight++;
    this.nextStartAt = now + this.spacingMs;
    void this.request(entry, controller, now);
  }

  private async request(entry: Entry, controller: AbortController, startedAt: number): Promise<void> {
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
      else this.onError(entry, outcome.error);
    }
    this.pump();
  }

  private onAnswer(entry: Entry, generation: Generation, startedAt: number): void {
    const jobId = entry.target.jobId;
    entry.failures = 0;
    entry.lastError = undefined;
    this.rateLimitStreak = 0;
    if (generation.state === 'completed') {
      this.learn(entry, startedAt);
      this.finish(entry, { kind: 'completed', jobId, generation });
      return;
    }
    if (generation.state === 'failed') {
      this.finish(entry, { kind: 'failed', jobId, generation });
      return;
    }
    this.observe(entry, generation.status, startedAt);
    const now = this.o.clock.now();
    const overdue = now >= entry.target.deadlineAt;
    // Planned before the event, so a listener's pollNow() or untrack() has the last word.
    if (!overdue) entry.dueAt = this.plan(entry, now);
    this.emit({ kind: 'pending', jobId, generation });
    if (overdue && this.entries.get(jobId) === entry) this.finish(entry, timedOut(entry));
  }

  /** Remembers the phase boundaries the policy and the learning need. */
  private observe(entry: Entry, status: string, at: number): void {
    entry.polls++;
    entry.lastPendingAt = at;
    // Any other pending word (generating, or one remoteStatus.ts does not know) counts as generating.
    if (remotePhase(status) === 'queued') {
      // Back in the queue after generating (the service restarted it): start over.
      entry.phase = 'queued';
      entry.lastQueuedAt = at;
      entry.generatingSeenAt = undefined;
    } else if (entry.phase !== 'generating') {
      entry.phase = 'generating';
      entry.generatingSeenAt = at;
    }
  }

  private onError(entry: Entry, raw: unknown): void {
    const jobId = entry.target.jobId;
    const error = asApiError(raw, this.o.log);
    if (!error.retryable && !(error instanceof CancelledError)) {
      this.finish(entry, { kind: 'failed', jobId, error });
      return;
    }
    const now = this.o.clock.now();
    entry.lastError = error;
    if (now >= entry.target.deadlineAt) {
      this.finish(entry, timedOut(entry));
      return;
    }
    if (error instanceof RateLimitError) {
      const wait = error.retryAfterMs ?? this.backoff(++this.rateLimitStreak);
      this.blockedUntil = Math.max(this.blockedUntil, now + wait);
      entry.dueAt = this.blockedUntil;
      this.o.log?.(`rate-limited (429): no request before ${Math.round((this.blockedUntil - now) / 1000)} s`);
    } else {
      entry.failures++;
      entry.dueAt = Math.min(now + this.backoff(entry.failures), Math.max(now, entry.target.deadlineAt));
    }
    const delayMs = Math.max(0, entry.dueAt - now);
    this.o.log?.(`poll of ${jobId} failed (${error.kind}), retrying in ${Math.round(delayMs / 1000)} s: ${error.message}`);
    this.emit({ kind: 'retrying', jobId, error, delayMs });
  }

  private backoff(attempt: number): number {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
    const jittered = base * (1 + BACKOFF_JITTER * (2 * this.random() - 1));
    return Math.round(Math.min(BACKOFF_MAX_MS, jittered));
  }

  /**
   * Teaches the TimingModel how long this job generated: from the middle of (last queued,
   * first generating] to the middle of (last pending, completed], when both are narrow.
   */
  private learn(entry: Entry, completedAt: number): void {
    const seen = entry.generatingSeenAt;
    if (seen === undefined) return;
    const before = Math.min(entry.lastQueuedAt ?? entry.target.submittedAt, seen);
    const lastPending = entry.lastPendingAt ?? seen;
    const duration = (lastPending + completedAt) / 2 - (before + seen) / 2;
    const uncertainty = seen - before + (completedAt - lastPending);
    if (duration <= 0 || uncertainty > Math.max(LEARN_MIN_UNCERTAINTY_MS, duration * LEARN_MAX_UNCERTAINTY)) return;
    this.o.timing.record(entry.target.model, duration);
  }

  private finish(entry: Entry, event: PollEvent): void {
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

/** The client throws only ApiErrors; anything else (a key store failing) is treated as passing trouble. */
function asApiError(error: unknown, log: ((line: string) => void) | undefined): ApiError {
  if (error instanceof ApiError) return error;
  log?.(`unexpected error while polling: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new NetworkError('the AI/ML API', error);
}
