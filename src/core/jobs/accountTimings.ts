// What an account's finished jobs, in the order they finished, say about every model:
// each model's own belief (durationBelief.ts), plus what one model's news says about
// the others, because the service that runs them is the same:
//   - a model with no history starts from its docs' centre moved by how this account's
//     other models compare with theirs (a slow account is slow for every model), and a
//     model with few jobs expects them to spread as the other models' jobs do;
//   - when a job of one model falls far outside its belief, the other models are also
//     looked for that much faster or slower (an alarm), and a job of another model out
//     there on the same side is the second opinion: that model moves at once. A job of
//     the alarm's own model that falls inside its belief again calls the alarm off (it
//     was an outlier);
//   - a change too small to alarm (a third faster, inside three spreads) still moves
//     every model a little: the account has a level, a random walk the models share,
//     and each ordinary job moves it by a Kalman gain (its share of what the job says,
//     more when the level is unsure, less when the job's own model spreads widely). A
//     model's centre is its own belief moved as the level moved since its last job.
// So a service that got faster is learned by the account's third job, whichever models
// they were.
// Pure: the TimingModel (timing.ts) stores the jobs and caches what this returns.
import { judge, learn, placement, spreadVariance, startBelief, SUSPECT_WEIGHT, typicalSpread, type Belief, type Sample } from './durationBelief';

/** One finished job of an account. */
export interface FinishedJob {
  readonly model: string;
  readonly sample: Sample;
}

/** The news one model's jobs bring to the others. */
interface Alarm {
  readonly from: string;
  /** How much faster or slower (ln units). */
  readonly shift: number;
  readonly above: boolean;
  /** The change is confirmed (two jobs said so), not one job that may be an outlier. */
  readonly confirmed: boolean;
  /** Models that finished a job since, and so have their own answer. */
  readonly seen: ReadonlySet<string>;
}

export interface AccountBeliefs {
  /** The belief a model would start from now, and what it has learned. */
  belief(model: string): Belief;
  /** How many jobs of a model the beliefs rest on. */
  count(model: string): number;
  /**
   * The account knows too little to trust any window for this model: it has finished
   * fewer than two jobs at all, or this model's last job was seen only through a bracket
   * wider than half its length (polled so sparsely that where it ended is unknown).
   */
  explore(model: string): boolean;
  /** Where another model's news puts this one, if it has not answered it yet. */
  elsewhere(model: string): { readonly shift: number; readonly weight: number } | undefined;
}

/** Where the docs put a model: the centre of their range (ln ms), and how unsure that is (1 sd, ln units). */
export interface Prior {
  readonly mu: number;
  readonly sd: number;
}

/** Once other models of the account have taught how it compares with the docs. */
const ACCOUNT_LOCATION_SD = 0.2;
/** The account explores until this many of its jobs have finished… */
const EXPLORE_JOBS = 2;
/** …and a model explores again after a job seen through a bracket this wide (share of its length). */
const EXPLORE_WIDTH = 0.5;
/** A confirmed change elsewhere weighs this much of this model's law until it answers. */
const CONFIRMED_WEIGHT = 0.5;

/**
 * The account's level: how far every model has moved together since it was last seen,
 * as a random walk shared by the models (ln units). Its variance grows this much a job…
 */
const LEVEL_DRIFT_VARIANCE = 0.04 ** 2;
/** …and starts here (before any job, the `start` offset says how the account runs). */
const LEVEL_START_VARIANCE = 0.04 ** 2;

/** Replays `jobs` (oldest first) from each model's prior. */
export function replay(jobs: readonly FinishedJob[], prior: (model: string) => Prior): AccountBeliefs {
  const beliefs = new Map<string, Belief>();
  const counts = new Map<string, number>();
  const lastWidth = new Map<string, number>();
  let alarm: Alarm | undefined;
  // A job of one model that runs faster or slower than its belief, even within it, says a
  // little about the service all of them share: the level moves by a Kalman gain, and a
  // model's centre is its own belief moved as the level moved since its last job.
  let level = 0;
  let levelVariance = LEVEL_START_VARIANCE;
  const levelAt = new Map<string, number>();
  const centre = (model: string, b: Belief): number => b.mu + level - (levelAt.get(model) ?? level);
  /** A model without history: its docs' centre, moved as the others moved from theirs. */
  const start = (model: string): Belief => {
    let sum = 0;
    let weight = 0;
    for (const [other, b] of beliefs) {
      const n = counts.get(other) ?? 0;
      sum += (n / (n + 1)) * (centre(other, b) - prior(other).mu);
      weight += n / (n + 1);
    }
    const own = prior(model);
    return weight === 0 ? startBelief(own.mu, own.sd) : startBelief(own.mu + sum / weight, Math.min(own.sd, ACCOUNT_LOCATION_SD));
  };
  /** The belief with the spread the account's other models show, for a model whose own jobs are few. */
  const current = (model: string): Belief => {
    const own = beliefs.get(model);
    const b = own ? { ...own, mu: centre(model, own) } : start(model);
    return { ...b, typical: typicalSpread([...beliefs].filter(([m]) => m !== model).map(([, other]) => other)) };
  };
  for (const { model, sample } of jobs) {
    const before = current(model);
    const { outside, above } = judge(before, sample);
    const news = alarm && alarm.from !== model && !alarm.seen.has(model) && alarm.above === above ? alarm : undefined;
    let after = learn(before, sample, outside && news !== undefined);
    levelVariance += LEVEL_DRIFT_VARIANCE;
    if (!outside) {
      // An ordinary job: the level takes its share of what the job says (a far one is the
      // alarm's business below). The job's own model moves by both, never past the job.
      const seen = placement(before, sample);
      const residual = seen.x - before.mu;
      const gain = (seen.w * levelVariance) / (levelVariance + spreadVariance(before) + before.p);
      level += gain * residual;
      levelVariance *= 1 - gain;
      const room = Math.max(0, Math.abs(residual) - Math.abs(after.mu - before.mu));
      after = { ...after, mu: after.mu + Math.sign(residual) * Math.min(room, Math.abs(gain * residual)) };
    }
    beliefs.set(model, after);
    levelAt.set(model, level);
    counts.set(model, (counts.get(model) ?? 0) + 1);
    lastWidth.set(model, (sample[1] - sample[0]) / Math.max(1, sample[1]));
    if (outside) {
      // Only a change moves μ on a job far outside; a suspect or a wider spread does not.
      const changed = after.mu !== before.mu;
      alarm = changed
        ? { from: model, shift: after.mu - before.mu, above, confirmed: true, seen: new Set([model]) }
        : after.suspect
          ? { from: model, shift: after.suspect.x - before.mu, above, confirmed: false, seen: new Set([model]) }
          : alarm;
    } else if (alarm) {
      // An ordinary job: this model has its answer; the alarm's own model calls it off.
      alarm = alarm.from === model && !alarm.confirmed ? undefined : { ...alarm, seen: new Set([...alarm.seen, model]) };
    }
  }
  return {
    belief: current,
    count: (model) => counts.get(model) ?? 0,
    explore: (model) => jobs.length < EXPLORE_JOBS || (lastWidth.get(model) ?? 0) > EXPLORE_WIDTH,
    elsewhere: (model) =>
      alarm && alarm.from !== model && !alarm.seen.has(model) ? { shift: alarm.shift, weight: alarm.confirmed ? CONFIRMED_WEIGHT : SUSPECT_WEIGHT } : undefined,
  };
}
