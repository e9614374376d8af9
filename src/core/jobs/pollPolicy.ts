// When to poll a job next: a pure function of what the Poller knows about it (elapsed
// time, the phase it was last seen in, the model's learned window, focus, a random source
// for jitter). It never sees the network or a timer, so it is tested and benchmarked on
// its own, and a new policy is one object with one method.
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
//
// A check that failed (a 5xx, the network, a 429 without Retry-After) is not a policy's
// business: faultBackoff below spaces the next attempts the same way for every policy.
import type { GenerationWindow } from './timing';

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

// ---- after a failed check -----------------------------------------------------------------

/** Transient faults: 5 s, 10 s, 20 s … at most 2 min, ± 20 %. */
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 120_000;
const BACKOFF_JITTER = 0.2;

/** How long to wait after the `attempt`-th failure in a row (from 1), jittered by `random` in [0, 1). */
export function faultBackoff(attempt: number, random: () => number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = base * (1 + BACKOFF_JITTER * (2 * random() - 1));
  return Math.round(Math.min(BACKOFF_MAX_MS, jittered));
}
