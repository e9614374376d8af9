// What the best schedule reaches when the law is known: the bound each scenario's delay
// ratio is read against.
//
// For one job law (its total time T, submission → completion, sampled), a schedule is a
// list of poll times; it costs E[polls until T is seen] and E[delay]. For a price λ per
// poll, the schedule minimising E[delay] + λ·E[polls] follows from dynamic programming
// over candidate poll times: the best cost from "last poll at s, still running" is
//   V(s) = min over t > s of  λ·P(T > s) + E[(t − T); s < T ≤ t] + V(t).
// λ is then searched (one λ for all of a scenario's jobs: the optimal way to share a
// budget) until the schedules spend what the fixed 10 s poller spends on the same laws,
// interpolating between the two nearest λ. The fixed poller's own figures come from the
// same samples: polls at 0, 10, 20 s …, so ceil(T/10) + 1 requests and 10·ceil(T/10) − T of delay.
//
// The oracle does not see the job's phase (queued or generating): in the "queue shown"
// scenario an adaptive poller may beat it.
import { seededRandom } from './random';
import type { JobLaw } from './scenarios';

const SAMPLES = 4_000;
/** Candidate poll times: at quantiles of the law, plus an even grid for the empty stretches. */
const QUANTILE_POINTS = 180;
const EVEN_POINTS = 80;
const FIXED_MS = 10_000;

interface Prepared {
  /** Candidate poll times, ascending; times[0] = 0, the last one ≥ every sample. */
  readonly times: Float64Array;
  /** Cumulative mass and cumulative mass × T up to each time. */
  readonly mass: Float64Array;
  readonly moment: Float64Array;
  readonly fixedPolls: number;
  readonly fixedDelayMs: number;
}

function prepare(law: JobLaw): Prepared {
  const random = seededRandom(0x0ac1e);
  const samples = Float64Array.from({ length: SAMPLES }, () => {
    const t = law.draw(random);
    return t.queueMs + t.generateMs;
  }).sort();
  const max = samples[SAMPLES - 1] ?? 0;
  const points = new Set<number>([0, max]);
  for (let i = 1; i <= QUANTILE_POINTS; i++) points.add(samples[Math.min(SAMPLES - 1, Math.floor((i / QUANTILE_POINTS) * SAMPLES))] ?? max);
  for (let i = 1; i < EVEN_POINTS; i++) points.add((i / EVEN_POINTS) * max);
  const times = Float64Array.from([...points]).sort();
  const mass = new Float64Array(times.length);
  const moment = new Float64Array(times.length);
  let k = 0;
  let m = 0;
  let mt = 0;
  for (let i = 0; i < times.length; i++) {
    while (k < SAMPLES && (samples[k] ?? 0) <= (times[i] ?? 0)) {
      m += 1 / SAMPLES;
      mt += (samples[k] ?? 0) / SAMPLES;
      k++;
    }
    mass[i] = m;
    moment[i] = mt;
  }
  let fixedPolls = 0;
  let fixedDelay = 0;
  for (const t of samples) {
    const seen = Math.ceil(t / FIXED_MS) * FIXED_MS;
    fixedPolls += seen / FIXED_MS + 1;
    fixedDelay += seen - t;
  }
  return { times, mass, moment, fixedPolls: fixedPolls / SAMPLES, fixedDelayMs: fixedDelay / SAMPLES };
}

/** The best schedule for price λ: its mean polls and mean delay. */
function best(p: Prepared, lambda: number): { polls: number; delayMs: number } {
  const n = p.times.length;
  const value = new Float64Array(n);
  const next = new Int32Array(n);
  const { times, mass, moment } = p;
  next[n - 1] = n - 1;
  for (let s = n - 2; s >= 0; s--) {
    const running = 1 - (mass[s] ?? 0);
    if (running <= 1e-12) {
      value[s] = 0;
      next[s] = n - 1;
      continue;
    }
    let bestCost = Number.POSITIVE_INFINITY;
    let bestT = n - 1;
    for (let t = s + 1; t < n; t++) {
      const caught = (mass[t] ?? 0) - (mass[s] ?? 0);
      const waited = (times[t] ?? 0) * caught - ((moment[t] ?? 0) - (moment[s] ?? 0));
      // The delay of what this poll catches only grows with t, and V ≥ 0: nothing later can win.
      if (lambda * running + waited >= bestCost) break;
      const cost = lambda * running + waited + (value[t] ?? 0);
      if (cost < bestCost) {
        bestCost = cost;
        bestT = t;
      }
    }
    value[s] = bestCost;
    next[s] = bestT;
  }
  let polls = 0;
  let delay = 0;
  for (let s = 0; s < n - 1 && 1 - (mass[s] ?? 0) > 1e-12; ) {
    const t = next[s] ?? n - 1;
    polls += 1 - (mass[s] ?? 0);
    delay += (times[t] ?? 0) * ((mass[t] ?? 0) - (mass[s] ?? 0)) - ((moment[t] ?? 0) - (moment[s] ?? 0));
    s = t;
  }
  return { polls, delayMs: delay };
}

export interface OracleFigures {
  /** Oracle mean delay ÷ fixed 10 s mean delay, at the fixed poller's mean requests. */
  readonly ratio: number;
  readonly fixedDelayMs: number;
  readonly oracleDelayMs: number;
  /** The price of a poll (ms of delay) at which the oracle spends the budget. */
  readonly lambdaMs: number;
}

/** The oracle for a scenario's jobs (one law per job; laws with one key are planned once). */
export function oracle(laws: readonly JobLaw[]): OracleFigures {
  const byKey = new Map<string, { prepared: Prepared; count: number }>();
  for (const law of laws) {
    const found = byKey.get(law.key);
    if (found) found.count++;
    else byKey.set(law.key, { prepared: prepare(law), count: 1 });
  }
  const groups = [...byKey.values()];
  const total = laws.length;
  const budget = groups.reduce((s, g) => s + g.prepared.fixedPolls * g.count, 0) / total;
  const fixedDelayMs = groups.reduce((s, g) => s + g.prepared.fixedDelayMs * g.count, 0) / total;
  const at = (lambda: number): { polls: number; delayMs: number } => {
    let polls = 0;
    let delayMs = 0;
    for (const g of groups) {
      const r = best(g.prepared, lambda);
      polls += (r.polls * g.count) / total;
      delayMs += (r.delayMs * g.count) / total;
    }
    return { polls, delayMs };
  };
  // Polls fall as λ rises: bracket the budget in log λ, then interpolate the two ends.
  let lo = 10;
  let hi = 1e6;
  let low = at(lo);
  let high = at(hi);
  for (let i = 0; i < 18; i++) {
    const mid = Math.sqrt(lo * hi);
    const r = at(mid);
    if (r.polls > budget) {
      lo = mid;
      low = r;
    } else {
      hi = mid;
      high = r;
    }
  }
  const w = low.polls === high.polls ? 1 : (low.polls - budget) / (low.polls - high.polls);
  const oracleDelayMs = low.delayMs + (high.delayMs - low.delayMs) * Math.min(1, Math.max(0, w));
  return { ratio: oracleDelayMs / fixedDelayMs, fixedDelayMs, oracleDelayMs, lambdaMs: Math.sqrt(lo * hi) };
}
