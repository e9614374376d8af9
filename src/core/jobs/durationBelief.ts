// What one model's finished jobs say about its generating time: a belief updated job by
// job, and the law the poll policy plans with. Pure: the TimingModel (timing.ts) keeps
// the jobs and replays them through learn().
//
//   - ln(duration) ~ Normal(μ, σ²); μ is itself uncertain (variance P) and may drift a
//     little between jobs;
//   - every job gives an interval (it started between two polls and finished between two
//     polls), and μ is updated with what the interval says under the current belief
//     (widened, so a belief that is off does not pull every job to its nearest edge): the
//     mean and variance of the normal restricted to it. A wide interval teaches a little,
//     a narrow one a lot, and no job is thrown away;
//   - σ is a robust spread (median absolute deviation) of the recent jobs' positions, held
//     towards a typical spread while there are few of them: one odd job cannot blow it up;
//   - a job more than 3 spreads outside the belief is a suspect: it does not move μ, but
//     the next jobs are also looked for near it. A second suspect on the same side means
//     the service changed: the belief starts again from the two; one on the other side
//     means the jobs spread wider than believed. A suspect followed by an ordinary job
//     counts towards the spread only among enough jobs to shrug it off. So one 10-minute
//     outlier changes nothing, and a service that got faster or slower is learned from
//     two jobs;
//   - the law keeps room for being wrong: thin heavy tails on both sides.
import { truncatedMoments, type DurationLaw } from './durationLaw';

/** A job's generating time, in ms: at least lo, at most hi. */
export type Sample = readonly [lo: number, hi: number];

export interface Point {
  /** Where the job sits, ln ms. */
  readonly x: number;
  /** How much it says (1: exactly known; towards 0: an interval as wide as the belief). */
  readonly w: number;
}

export interface Belief {
  readonly mu: number;
  readonly p: number;
  /** The recent jobs since the service last changed, for the spread. */
  readonly points: readonly Point[];
  /** The last job, if it fell far outside: not part of `points` unless a later job says it was no outlier. */
  readonly suspect?: Point & { readonly above: boolean };
  /** The spread to expect while this model's own jobs are few (ln units): the account's other models', or a typical one. */
  readonly typical?: number;
}

/** Durations below this are clock trouble, not jobs. */
const FLOOR_MS = 1_000;
/** The spread of one model's jobs around their median, before any are seen (ln units)… */
const TYPICAL_SPREAD = 0.12;
/** …worth this many jobs. */
const TYPICAL_SPREAD_WEIGHT = 2;
const MIN_SPREAD = 0.03;
const MAX_SPREAD = 1.2;
/** Jobs the spread is measured over. */
const SPREAD_JOBS = 12;
/** MAD × this = σ for a normal. */
const MAD_TO_SD = 1.4826;
/** How much the median may wander between two jobs (variance, ln units). */
const DRIFT_VARIANCE = 0.03 ** 2;
/** Intervals are read under the belief widened this much. */
const TEMPER = 2;
/** A job this many spreads outside the belief is a suspect, not a sample. */
const OUTLIER_SPREADS = 3;
/** How wide a belief a far job's interval is read under (ln units). */
const FAR_SPREAD = 0.5;
/** A suspect that turned out not to start a change joins the spread once this many jobs are there. */
const SUSPECT_KEPT_AMONG = 6;
/** While a suspect waits for a second opinion, this share of the law sits where it was. */
export const SUSPECT_WEIGHT = 0.3;
/**
 * Room for being wrong: a heavy slow tail (a hidden queue, a stuck job) and a fast one (a
 * service that just got faster): share of the law, centre relative to the median, spread.
 */
const SLOW_TAIL = { weight: 0.04, shift: 1.5, spread: 1 };
const FAST_TAIL = { weight: 0.05, shift: 0.6, spread: 0.2 };

/** Before any job: centred on `mu` (ln ms), unsure of it by `locationSd`. */
export function startBelief(mu: number, locationSd: number): Belief {
  return { mu, p: locationSd * locationSd, points: [] };
}

/** σ² of the jobs around their median: robust, and held towards the typical spread while jobs are few. */
export function spreadVariance(b: Belief): number {
  const { sd, weight } = robustSpread([b.points]);
  const typical = b.typical ?? TYPICAL_SPREAD;
  const variance = (TYPICAL_SPREAD_WEIGHT * typical * typical + weight * sd * sd) / (TYPICAL_SPREAD_WEIGHT + weight);
  return Math.min(MAX_SPREAD ** 2, Math.max(MIN_SPREAD ** 2, variance));
}

/**
 * The spread of several models' jobs, each around its own median (median absolute
 * deviation, as a standard deviation), and how many jobs' worth it rests on.
 */
export function robustSpread(groups: ReadonlyArray<readonly Point[]>): { sd: number; weight: number } {
  const deviations: Point[] = [];
  for (const points of groups) {
    if (points.length === 0) continue;
    const centre = weightedMedian(points);
    for (const p of points) deviations.push({ x: Math.abs(p.x - centre), w: p.w });
  }
  const weight = deviations.reduce((s, p) => s + p.w, 0);
  // The median absolute deviation of a few jobs runs low: the usual small-sample factor.
  const small = weight > 1 ? weight / (weight - 0.8) : 1;
  return { sd: weight > 0 ? MAD_TO_SD * small * weightedMedian(deviations) : 0, weight };
}

/** The typical spread the account's models show, held towards TYPICAL_SPREAD while they are few. */
export function typicalSpread(beliefs: Iterable<Belief>): number {
  const { sd, weight } = robustSpread([...beliefs].map((b) => b.points));
  return Math.sqrt((TYPICAL_SPREAD_WEIGHT * TYPICAL_SPREAD ** 2 + weight * sd * sd) / (TYPICAL_SPREAD_WEIGHT + weight));
}

/** Where a job sits against a belief: far outside it (a suspect), or not. */
export function judge(b: Belief, sample: Sample): { readonly outside: boolean; readonly above: boolean } {
  const lo = Math.log(Math.max(FLOOR_MS, sample[0]));
  const hi = Math.log(Math.max(FLOOR_MS, sample[1]));
  const sd = Math.sqrt(spreadVariance(b) + b.p + DRIFT_VARIANCE);
  return { outside: Math.max(0, lo - b.mu, b.mu - hi) > OUTLIER_SPREADS * sd, above: lo > b.mu };
}

/**
 * The belief after one more job. `confirmed`: another model of the account already saw
 * the service change this way, so one suspect of this model's own is enough.
 */
export function learn(b: Belief, sample: Sample, confirmed = false): Belief {
  const lo = Math.log(Math.max(FLOOR_MS, sample[0]));
  const hi = Math.log(Math.max(FLOOR_MS, sample[1]));
  const p = b.p + DRIFT_VARIANCE;
  const sigma2 = spreadVariance(b);
  const sd = Math.sqrt(sigma2 + p);
  const width2 = ((hi - lo) * (hi - lo)) / 12;
  const { outside, above } = judge(b, sample);
  if (outside) {
    // Where in its interval: read under a belief wide enough to reach it, so an interval
    // that is only bounded on one side ([0, 33 s] when 60 s was expected) sits near its
    // bounded edge, not at the middle of its logarithm (6 s).
    const x = truncatedMoments(b.mu, Math.max(TEMPER * sd, FAR_SPREAD), lo, hi).mean;
    const point = { x, w: Math.max(0.05, 1 - width2 / (sd * sd)) };
    if (b.suspect && b.suspect.above === above) {
      // A second job out there on the same side: the service changed. Start from the two.
      const half = (point.x - b.suspect.x) / 2;
      return { mu: (point.x + b.suspect.x) / 2, p: Math.max(sigma2, half * half) + width2, points: [b.suspect, point] };
    }
    if (confirmed) return { mu: point.x, p: 2 * sigma2 + width2, points: [point] };
    if (b.suspect) {
      // Far out on both sides: the jobs spread wider than the belief said. Both count.
      return { ...b, p, points: recent([...b.points, b.suspect, point]), suspect: undefined };
    }
    return { ...b, p, suspect: { ...point, above } };
  }
  // What the interval says (placement), then the usual normal update of μ.
  const seen = placement(b, sample);
  const gain = p / (sigma2 + p);
  const pAfter = Math.max(1e-6, p - gain * gain * Math.max(0, sigma2 + p - seen.variance));
  const point = { x: seen.x, w: seen.w };
  // A suspect followed by an ordinary job was an outlier, or the law's own tail: among
  // enough jobs it counts (the median deviation shrugs one off), among a few it does not.
  const kept = b.suspect && b.points.length >= SUSPECT_KEPT_AMONG ? [b.suspect, point] : [point];
  return { mu: b.mu + gain * (seen.x - b.mu), p: pAfter, points: recent([...b.points, ...kept]) };
}

/**
 * Where an ordinary job's interval puts it, read under the belief widened TEMPER times (a
 * belief that is off would otherwise pull every job to the edge of its interval nearest
 * to it, and learn its own mistake): its position, how much it says, and the variance left.
 */
export function placement(b: Belief, sample: Sample): Point & { readonly variance: number } {
  const lo = Math.log(Math.max(FLOOR_MS, sample[0]));
  const hi = Math.log(Math.max(FLOOR_MS, sample[1]));
  const sd = Math.sqrt(spreadVariance(b) + b.p + DRIFT_VARIANCE);
  const seen = truncatedMoments(b.mu, TEMPER * sd, lo, hi);
  return { x: seen.mean, w: Math.max(0.05, 1 - seen.variance / (TEMPER * TEMPER * sd * sd)), variance: seen.variance };
}

/**
 * The law the policy plans with: the belief, a suspect's place if one waits (this model's
 * own, or `elsewhere`: where another model's news puts this one), and the tails.
 */
export function lawOf(b: Belief, elsewhere?: { readonly shift: number; readonly weight: number }): DurationLaw {
  const sigma2 = spreadVariance(b);
  const median = Math.exp(b.mu);
  const suspect = b.suspect ? { x: b.suspect.x, weight: SUSPECT_WEIGHT } : elsewhere ? { x: b.mu + elsewhere.shift, weight: elsewhere.weight } : undefined;
  const law = [
    { medianMs: median, logSpread: Math.sqrt(sigma2 + b.p + DRIFT_VARIANCE), weight: 1 - SLOW_TAIL.weight - FAST_TAIL.weight - (suspect?.weight ?? 0) },
    { medianMs: median * SLOW_TAIL.shift, logSpread: SLOW_TAIL.spread, weight: SLOW_TAIL.weight },
    { medianMs: median * FAST_TAIL.shift, logSpread: FAST_TAIL.spread, weight: FAST_TAIL.weight },
  ];
  // One job says where the service went, give or take its own spread and the median's.
  if (suspect) law.push({ medianMs: Math.exp(suspect.x), logSpread: Math.sqrt(2 * sigma2 + DRIFT_VARIANCE), weight: suspect.weight });
  return law.filter((part) => part.weight > 0);
}

function recent(points: readonly Point[]): readonly Point[] {
  return points.slice(-SPREAD_JOBS);
}

/** The x below which half the weight lies. */
function weightedMedian(points: readonly Point[]): number {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const half = sorted.reduce((s, p) => s + p.w, 0) / 2;
  let acc = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    acc += p.w;
    // Exactly half below: the median lies between this one and the next.
    if (Math.abs(acc - half) < 1e-9) return (p.x + (sorted[i + 1]?.x ?? p.x)) / 2;
    if (acc > half) return p.x;
  }
  return sorted[sorted.length - 1]?.x ?? 0;
}
