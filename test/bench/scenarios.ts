// The polling benchmark's scenarios. Each one is a duration law of its own, and none is
// the catalog's prior (src/core/catalog/models.ts `timing`, uniform within ±11 % of a
// centre): the policy must do well on jobs it was never tuned for. Centres come from the
// catalog, so "faster" and "slower" mean faster or slower than what the docs promise.
//
// A scenario turns a seed into a run: jobs (model, arrival, queue wait, generating time,
// whether the queue shows as `queued` or hides inside `generating`), 429 bursts and focus
// changes. Every job also carries its law, so the oracle (oracle.ts) can plan for it.
import { findModel } from '../../src/core/catalog/catalog';
import { exponential, logNormal, streamFor, uniform } from './random';

const SECOND = 1000;

/** One draw of a job's timing. */
export interface JobTiming {
  readonly queueMs: number;
  readonly generateMs: number;
}

/** The law one job's timing is drawn from: what an oracle would know. */
export interface JobLaw {
  /** Jobs with the same key have the same law (the oracle plans once per key). */
  readonly key: string;
  draw(random: () => number): JobTiming;
}

export interface PlannedJob extends JobTiming {
  readonly index: number;
  readonly model: string;
  /** Submitted this long after the run starts. */
  readonly arriveAt: number;
  /** The queue wait shows as `generating` (as in the docs' own i2v log), not `queued`. */
  readonly hiddenQueue: boolean;
  readonly law: JobLaw;
  /** Drift scenarios: 1 for the first job after the service changed, 2 for the next, … */
  readonly afterShift?: number;
  /** …and counted per model: 1 for the first job of this model after the change, … */
  readonly afterShiftOfModel?: number;
  readonly outlier?: boolean;
}

/** Every request in [from, to) is answered 429 with this Retry-After. */
export interface Burst {
  readonly from: number;
  readonly to: number;
  readonly retryAfterMs: number;
}

export interface RunPlan {
  readonly jobs: readonly PlannedJob[];
  readonly bursts: readonly Burst[];
  /** Focus changes, in time order; the window starts focused. */
  readonly focus: ReadonlyArray<{ readonly at: number; readonly focused: boolean }>;
}

export interface Scenario {
  readonly name: string;
  /** The law, in a few words, for the table. */
  readonly law: string;
  plan(seed: number): RunPlan;
}

// ---- models -------------------------------------------------------------------------------

interface Family {
  readonly model: string;
  /** Middle of the catalog's prior, ms. */
  readonly centreMs: number;
  readonly weight: number;
}

function family(model: string, weight: number): Family {
  const timing = findModel(model)?.timing;
  if (!timing) throw new Error(`the catalog has no model ${model}`);
  return { model, centreMs: ((timing.minSeconds + timing.maxSeconds) / 2) * SECOND, weight };
}

/** Half image-to-video (prior 80–100 s), a quarter lite (50–70 s), a quarter extend (160–200 s). */
const FAMILIES: readonly Family[] = [
  family('google/veo-3.1-i2v', 0.5),
  family('google/veo-3.1-lite-generate-001', 0.25),
  family('google/veo3-1-extend-video', 0.25),
];

function pickFamily(random: () => number): Family {
  let pick = random();
  return FAMILIES.find((f) => (pick -= f.weight) < 0) ?? FAMILIES[0]!;
}

// ---- laws ---------------------------------------------------------------------------------

/** A short visible queue, as most jobs see: 1–4 s. */
const shortQueue = (random: () => number): number => uniform(random, 1 * SECOND, 4 * SECOND);

/** Generating time log-normal around `median`, behind a short queue. */
function logNormalLaw(key: string, median: number, sigma: number): JobLaw {
  return { key, draw: (r) => ({ queueMs: shortQueue(r), generateMs: logNormal(r, median, sigma) }) };
}

interface JobsOptions {
  readonly count: number;
  /** Mean time between submissions. */
  readonly meanGapMs: number;
  readonly law: (family: Family, index: number) => JobLaw;
  readonly hiddenQueue?: boolean;
  readonly tag?: (index: number) => Pick<PlannedJob, 'afterShift' | 'outlier'>;
  /** Overrides the family draw (cold start: one job of each). */
  readonly families?: readonly Family[];
  /** Draws the job's own timing when that is not a draw of its law (the outlier is placed by hand). */
  readonly draw?: (family: Family, random: () => number) => JobTiming;
}

function jobs(name: string, seed: number, o: JobsOptions): PlannedJob[] {
  const random = streamFor(name, seed, 'jobs');
  const out: PlannedJob[] = [];
  let at = 0;
  for (let index = 0; index < o.count; index++) {
    const fam = o.families?.[index] ?? pickFamily(random);
    const law = o.law(fam, index);
    const timing = o.draw ? o.draw(fam, random) : law.draw(random);
    out.push({ index, model: fam.model, arriveAt: at, hiddenQueue: o.hiddenQueue ?? false, law, ...timing, ...o.tag?.(index) });
    at += exponential(random, o.meanGapMs);
  }
  return out;
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const quiet = (jobList: PlannedJob[]): RunPlan => ({ jobs: jobList, bursts: [], focus: [] });

/** A speed factor per seed (how much faster or slower than the docs this service is). */
function factor(name: string, seed: number, lo: number, hi: number): number {
  return Math.exp(uniform(streamFor(name, seed, 'factor'), Math.log(lo), Math.log(hi)));
}

function spread(name: string, sigma: number): Scenario {
  return {
    name,
    law: `log-normal σ ${sigma} around the prior's centre`,
    plan: (seed) => quiet(jobs(name, seed, { count: 16, meanGapMs: 50 * SECOND, law: (f) => logNormalLaw(`${f.model}`, f.centreMs, sigma) })),
  };
}

function speed(name: string, lo: number, hi: number): Scenario {
  return {
    name,
    law: `×${lo}–${hi} the prior's centre (per seed), σ 0.08`,
    plan: (seed) => {
      const k = factor(name, seed, lo, hi);
      return quiet(jobs(name, seed, { count: 16, meanGapMs: 50 * SECOND, law: (f) => logNormalLaw(`${f.model}×${k}`, f.centreMs * k, 0.08) }));
    },
  };
}

/** One job of each model, submitted together, on a TimingModel that has never seen a job. */
const coldStart: Scenario = {
  name: 'cold start',
  law: '×0.5–1.8 (per seed), σ 0.1, no history',
  plan: (seed) => {
    const k = factor('cold start', seed, 0.5, 1.8);
    const order = shuffled(FAMILIES, streamFor('cold start', seed, 'order'));
    return quiet(jobs('cold start', seed, { count: 3, meanGapMs: 5 * SECOND, families: order, law: (f) => logNormalLaw(`${f.model}×${k}`, f.centreMs * k, 0.1) }));
  },
};

const SHIFT_AT = 12;

/** The service changes speed after the 12th job: ×before, then ×before×change. */
function drift(name: string, before: [number, number], change: [number, number]): Scenario {
  return {
    name,
    law: `×${before.join('–')}, then ×${change.join('–')} of that from job ${SHIFT_AT + 1}`,
    plan: (seed) => {
      const a = factor(name, seed, ...before);
      const b = a * factor(`${name}/change`, seed, ...change);
      const list = jobs(name, seed, {
        count: 2 * SHIFT_AT,
        meanGapMs: 60 * SECOND,
        law: (f, i) => (i < SHIFT_AT ? logNormalLaw(`${f.model}×${a}`, f.centreMs * a, 0.08) : logNormalLaw(`${f.model}×${b}`, f.centreMs * b, 0.08)),
        tag: (i) => (i < SHIFT_AT ? {} : { afterShift: i - SHIFT_AT + 1 }),
      });
      const perModel = new Map<string, number>();
      return quiet(
        list.map((j) => {
          if (j.afterShift === undefined) return j;
          const n = (perModel.get(j.model) ?? 0) + 1;
          perModel.set(j.model, n);
          return { ...j, afterShiftOfModel: n };
        }),
      );
    },
  };
}

/** A backlog: every job waits `level` ×0.5–1.5 before a worker takes it. */
function backlog(name: string, hiddenQueue: boolean): Scenario {
  return {
    name,
    law: `queue ${hiddenQueue ? 'hidden in generating' : 'shown as queued'}: 30–150 s (per seed) ×0.5–1.5, then σ 0.1`,
    plan: (seed) => {
      const level = uniform(streamFor(name, seed, 'level'), 30 * SECOND, 150 * SECOND);
      const law = (f: Family): JobLaw => ({
        key: `${f.model}+${level}`,
        draw: (r) => ({ queueMs: level * uniform(r, 0.5, 1.5), generateMs: logNormal(r, f.centreMs, 0.1) }),
      });
      return quiet(jobs(name, seed, { count: 16, meanGapMs: 60 * SECOND, law, hiddenQueue }));
    },
  };
}

const OUTLIER_MS = 10 * 60 * SECOND;

/**
 * One job of the first four waits 10 minutes inside `generating` (a hidden queue), the
 * rest are normal. The oracle knows that one job in 24 is such a job, not which.
 */
const outlier: Scenario = {
  name: 'one outlier',
  law: `×0.8–1.25 (per seed), σ 0.1; one job of 24 waits 10 min in "generating"`,
  plan: (seed) => {
    const k = factor('one outlier', seed, 0.8, 1.25);
    const which = 1 + Math.floor(streamFor('one outlier', seed, 'which')() * 3);
    const normal = (f: Family, r: () => number): JobTiming => ({ queueMs: shortQueue(r), generateMs: logNormal(r, f.centreMs * k, 0.1) });
    const law = (f: Family): JobLaw => ({
      key: `${f.model}×${k}!`,
      draw: (r) => {
        const t = normal(f, r);
        return r() < 1 / 24 ? { queueMs: t.queueMs, generateMs: t.generateMs + OUTLIER_MS } : t;
      },
    });
    const list = jobs('one outlier', seed, { count: 24, meanGapMs: 60 * SECOND, law, draw: normal, tag: (i) => (i === which ? { outlier: true } : {}) });
    return quiet(list.map((j) => (j.outlier ? { ...j, generateMs: j.generateMs + OUTLIER_MS, hiddenQueue: true } : j)));
  },
};

/** The same run without the outlier: what the normal jobs would have met otherwise. */
export function withoutOutlier(plan: RunPlan): RunPlan {
  return { ...plan, jobs: plan.jobs.map((j) => (j.outlier ? { ...j, generateMs: j.generateMs - OUTLIER_MS, hiddenQueue: false, outlier: false } : j)) };
}

const rateLimited: Scenario = {
  name: '429 bursts',
  law: 'σ 0.15; every ~4 min, 15–60 s of 429 with Retry-After 5–30 s',
  plan: (seed) => {
    const list = jobs('429 bursts', seed, { count: 16, meanGapMs: 50 * SECOND, law: (f) => logNormalLaw(f.model, f.centreMs, 0.15) });
    const random = streamFor('429 bursts', seed, 'bursts');
    const bursts: Burst[] = [];
    const end = (list[list.length - 1]?.arriveAt ?? 0) + 10 * 60 * SECOND;
    for (let at = exponential(random, 240 * SECOND); at < end; at += exponential(random, 240 * SECOND)) {
      const to = at + uniform(random, 15 * SECOND, 60 * SECOND);
      bursts.push({ from: at, to, retryAfterMs: Math.round(uniform(random, 5, 30)) * SECOND });
      at = to;
    }
    return { jobs: list, bursts, focus: [] };
  },
};

const unfocused: Scenario = {
  name: 'unfocused',
  law: 'σ 0.15; the window is elsewhere, but for 30 s every ~5 min',
  plan: (seed) => {
    const list = jobs('unfocused', seed, { count: 16, meanGapMs: 50 * SECOND, law: (f) => logNormalLaw(f.model, f.centreMs, 0.15) });
    const random = streamFor('unfocused', seed, 'focus');
    const focus: Array<{ at: number; focused: boolean }> = [{ at: 0, focused: false }];
    const end = (list[list.length - 1]?.arriveAt ?? 0) + 10 * 60 * SECOND;
    for (let at = exponential(random, 300 * SECOND); at < end; at += exponential(random, 300 * SECOND)) {
      focus.push({ at, focused: true }, { at: at + 30 * SECOND, focused: false });
      at += 30 * SECOND;
    }
    return { jobs: list, bursts: [], focus };
  },
};

/** `npm start`'s simulator: 1.5 s queued, then 10.5–13.5 s generating, whatever the model. */
const sandbox: Scenario = {
  name: 'sandbox 12–15 s',
  law: '1.5 s queued + 10.5–13.5 s, any model',
  plan: (seed) =>
    quiet(
      jobs('sandbox', seed, {
        count: 16,
        meanGapMs: 20 * SECOND,
        law: (f) => ({ key: `sandbox ${f.model}`, draw: (r) => ({ queueMs: 1.5 * SECOND, generateMs: uniform(r, 10.5 * SECOND, 13.5 * SECOND) }) }),
      }),
    ),
};

export const SCENARIOS: readonly Scenario[] = [
  spread('spread σ0.15', 0.15),
  spread('spread σ0.35', 0.35),
  speed('faster', 0.5, 0.75),
  speed('slower', 1.3, 1.8),
  coldStart,
  drift('drift → faster', [0.9, 1.2], [0.5, 0.7]),
  drift('drift → slower', [0.8, 1.1], [1.4, 1.8]),
  backlog('queue shown', false),
  backlog('queue hidden', true),
  outlier,
  rateLimited,
  unfocused,
  sandbox,
];
