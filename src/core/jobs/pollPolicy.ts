// When to poll a job next: a pure function of what the Poller knows about it (elapsed
// time, the phase it was last seen in, the TimingModel's law for its model, focus, a
// random source for jitter). It never sees the network or a timer, so it is tested and
// benchmarked on its own, and a new policy is one object with one method.
//
// The adaptive policy treats a poll as a cost and a late detection as a cost, and spends
// polls where completion is likely:
//   - one poll a few seconds after submission: catches an immediate failure and says
//     whether the job waits in the queue or already generates;
//   - while queued, polls that thin out (the wait is normally seconds, sometimes minutes);
//   - once generating, completion = start + duration: the start lies between the last
//     "queued" answer and the first "generating" one, the duration follows the law
//     (timing.ts). The next poll comes when the completions it would catch have waited,
//     in total, the price of one poll per job still running: with h the hazard of
//     completion, a gap of about √(2·price/h), dense where jobs finish and sparse where
//     they do not. That is the optimum of "delay + price × polls" while polls are close;
//   - the price is set per part of the law so that a job of that part costs `budgetShare`
//     of what a fixed 10 s poller (the provider's scripts) spends on it: the policy wins
//     by placing its polls, not by spending more. A job that outlived the main part is one
//     of the slow ones now and is priced like one, so it is not polled densely for long;
//   - the account's recent spend (timing.ts) feeds back: jobs that cost more than
//     `spendTarget` × the reference make polls dearer;
//   - no wait is ever longer than max(capMinMs, capGrowth × age), two minutes at most,
//     and tighter while the account explores: the law may be wrong (a cold start, a
//     service that just got faster), and then the job is found late by a bounded share
//     of its duration, never by minutes.
//
// A check that failed (a 5xx, the network, a 429 without Retry-After) is not a policy's
// business: faultBackoff below spaces the next attempts the same way for every policy.
import { lawCdf, lawMean, lawOfRange, lawPdf, lawQuantile, normalCdf, type DurationLaw } from './durationLaw';
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
  /** The learned generating duration of this model (its law, when the TimingModel has one). */
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
  /** The poller the budget is measured against: what the provider's scripts do. */
  readonly referenceMs: number;
  /** Polls per job, as a share of what the reference poller spends on the law's mean duration. */
  readonly budgetShare: number;
  /** The account's spend (polls per reference poll) is held near this: above it, polls cost (spend / target)^spendGain more. */
  readonly spendTarget: number;
  readonly spendGain: number;
  /** Longest wait while generating: max(capMinMs, capGrowth × time since submission), at most capMaxMs… */
  readonly capMinMs: number;
  readonly capGrowth: number;
  readonly capMaxMs: number;
  /**
   * …or, while the account explores (it may be far faster than any docs, like the sandbox
   * simulator's 12 s jobs), max(exploreMinMs, exploreGrowth × time since submission).
   */
  readonly exploreMinMs: number;
  readonly exploreGrowth: number;
  /** When the window is not focused, polls cost this much more squared and the longest waits stretch by it. */
  readonly unfocusedStretch: number;
  /** Shortest wait between polls of one job. */
  readonly denseMinMs: number;
  /** ± this fraction of every delay, so jobs submitted together drift apart… */
  readonly jitter: number;
  /** …but never more than this: a long wait must not overshoot where completion is likely. */
  readonly jitterMaxMs: number;
}

/** Tuned on the benchmark's tuning seeds only (test/bench/seeds.ts). */
export const DEFAULT_TUNING: AdaptiveTuning = {
  firstPollMs: 3_000,
  queueGrowth: 0.7,
  queueMinMs: 4_000,
  queueMaxMs: 25_000,
  referenceMs: 10_000,
  budgetShare: 0.7,
  spendTarget: 0.92,
  spendGain: 3,
  capMinMs: 30_000,
  capGrowth: 0.5,
  capMaxMs: 120_000,
  exploreMinMs: 12_000,
  exploreGrowth: 0.6,
  unfocusedStretch: 1.2,
  denseMinMs: 1_200,
  jitter: 0.1,
  jitterMaxMs: 1_000,
};

/**
 * A fixed poller (a poll at once, then every interval) spends duration ÷ interval + about
 * 1.5 polls on a job: the one at submission, and the one that finds it done.
 */
const REFERENCE_EXTRA_POLLS = 1.5;
/** The look-ahead search's steps: this share of the delay so far, at least 100 ms. */
const SEARCH_STEP_SHARE = 0.04;
const MIN_SEARCH_STEP_MS = 100;
/** Points of the midpoint rule over the start's uncertainty. */
const START_POINTS = 4;
/** How far the account's spend may move the price either way. */
const SPEND_RANGE = 4;

export function adaptivePolicy(tuning: Partial<AdaptiveTuning> = {}): DelayPolicy {
  const t: AdaptiveTuning = { ...DEFAULT_TUNING, ...tuning };
  // The TimingModel hands out the same law until a job changes it: price it once.
  const prices = new WeakMap<DurationLaw, readonly number[]>();
  const pricesOf = (law: DurationLaw): readonly number[] => {
    let found = prices.get(law);
    if (found === undefined) {
      found = law.map((part) => budgetPrice([{ ...part, weight: 1 }], t));
      prices.set(law, found);
    }
    return found;
  };
  return {
    next(ctx) {
      const base = baseDelay(ctx, t, pricesOf);
      const spread = Math.min(base * t.jitter, t.jitterMaxMs);
      return Math.max(0, Math.round(base + spread * (2 * ctx.random() - 1)));
    },
  };
}

function baseDelay(ctx: PollContext, t: AdaptiveTuning, pricesOf: (law: DurationLaw) => readonly number[]): number {
  const stretch = ctx.focused ? 1 : t.unfocusedStretch;
  switch (ctx.phase) {
    case 'new':
      // A job resumed after a restart is already past this point: poll at once.
      return Math.max(0, ctx.submittedAt + t.firstPollMs - ctx.now);
    case 'queued':
      return clamp((ctx.now - ctx.submittedAt) * t.queueGrowth, t.queueMinMs, t.queueMaxMs * stretch);
    case 'generating': {
      const law = ctx.window.law ?? lawOfRange(ctx.window.minMs, ctx.window.maxMs);
      return generatingDelay(ctx, t, law, pricesOf(law), stretch);
    }
  }
}

function generatingDelay(ctx: PollContext, t: AdaptiveTuning, law: DurationLaw, prices: readonly number[], stretch: number): number {
  const seen = ctx.generatingSeenAt ?? ctx.now;
  const parts = completionSurvival(Math.min(ctx.lastQueuedAt ?? ctx.submittedAt, seen), seen, law);
  const survival = (at: number): number => sum(parts(at));
  const age = ctx.now - ctx.submittedAt;
  const longest = ctx.window.explore === true ? Math.max(t.exploreMinMs, t.exploreGrowth * age) : Math.max(t.capMinMs, t.capGrowth * age);
  const cap = Math.min(t.capMaxMs, longest) * stretch;
  const still = parts(ctx.now);
  const running = sum(still);
  // Past everything the law can say (numerically): the cap is all there is.
  if (!(running > 1e-9)) return cap;
  // Weighted by how likely the job belongs to each part of the law, given it still runs.
  let logPrice = 0;
  still.forEach((s, i) => (logPrice += (s / running) * Math.log(prices[i] ?? 1)));
  const spend = ctx.window.spend === undefined ? 1 : clamp((ctx.window.spend / t.spendTarget) ** t.spendGain, 1 / SPEND_RANGE, SPEND_RANGE);
  const price = Math.exp(logPrice) * stretch * stretch * spend;
  return clamp(lookAhead(survival, ctx.now, cap, price * running), Math.min(t.denseMinMs, cap), cap);
}

/**
 * The first delay d after which the completions the next poll would catch have waited
 * `budget` ms in total: the integral of S(now) − S(u) for u from now to now + d reaches
 * the budget. At most `cap`. Steps grow with d (4 % of it, at least 100 ms), and the
 * crossing is interpolated within the last one: as precise at 2 s as at 2 min.
 */
function lookAhead(survival: (t: number) => number, now: number, cap: number, budget: number): number {
  const base = survival(now);
  let waited = 0;
  let d = 0;
  while (d < cap) {
    const step = Math.max(MIN_SEARCH_STEP_MS, d * SEARCH_STEP_SHARE);
    d += step;
    const more = (base - survival(now + d)) * step;
    waited += more;
    if (waited >= budget) return Math.min(cap, d - (step * (waited - budget)) / more);
  }
  return cap;
}

/**
 * P(not complete by t) for each part of the law, weighted: completion = start +
 * duration, start uniform on [from, to] (it began between two polls), duration by the
 * part. A survival, not 1 − CDF, so a job deep in the tail keeps its precision.
 */
export function completionSurvival(from: number, to: number, law: DurationLaw): (t: number) => number[] {
  const spread = Math.max(0, to - from);
  const points = spread < 1_000 ? [(from + to) / 2] : Array.from({ length: START_POINTS }, (_, i) => from + ((i + 0.5) / START_POINTS) * spread);
  const parts = law.map((p) => ({ w: p.weight / points.length, mu: Math.log(p.medianMs), sd: p.logSpread }));
  return (t) =>
    parts.map((p) => {
      let s = 0;
      for (const start of points) s += t <= start ? p.w : p.w * normalCdf((p.mu - Math.log(t - start)) / p.sd);
      return s;
    });
}

/** P(complete by t). */
export function completionCdf(from: number, to: number, law: DurationLaw): (t: number) => number {
  const survival = completionSurvival(from, to, law);
  return (t) => 1 - sum(survival(t));
}

/**
 * The price of a poll (ms of delay) that makes the look-ahead rule spend `budgetShare` of
 * the reference poller's polls on a job of this law. With gaps of √(2·price·S/f), a job
 * meets ∫ S/gap dt = ∫ √(f·S) dt / √(2·price) polls; solved for the price. (For a known
 * law this lands within about 15 % of the price the benchmark's oracle, a dynamic
 * programme, finds for the same budget.)
 */
function budgetPrice(law: DurationLaw, t: AdaptiveTuning): number {
  const polls = Math.max(1, t.budgetShare * (lawMean(law) / t.referenceMs + REFERENCE_EXTRA_POLLS));
  const lo = Math.log(lawQuantile(law, 1e-4));
  const hi = Math.log(lawQuantile(law, 1 - 1e-4));
  const n = 200;
  const du = (hi - lo) / n;
  let integral = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.exp(lo + (i + 0.5) * du);
    integral += Math.sqrt(lawPdf(law, x) * Math.max(0, 1 - lawCdf(law, x))) * x * du;
  }
  return Math.max(1, (integral * integral) / (2 * polls * polls));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
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
