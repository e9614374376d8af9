// How long each model takes to generate a clip, learned from the jobs this user has run.
// The docs give a range per model (80–100 s standard, 50–70 s lite, 160–200 s extend), but
// real durations are often far from it (a third faster, twice as slow, a queue hidden
// inside "generating"), and they change with load. So the range is only a starting
// belief, held loosely (ln(duration) within ±0.3 of its centre at one standard deviation),
// and each finished job teaches it (durationBelief.ts: intervals, not points; one
// outlier changes nothing; a changed service is learned by the third job).
//
// A model with no history borrows how fast this account's other models run against their
// docs (a slow account is slow for every model). Only the generating phase is learned: a
// queue shown as such depends on the service's load at that moment, and the Poller
// observes it directly. Learning is per account (the sandbox simulator is not the real
// service); reset() forgets it.
import { findModel } from '../catalog/catalog';
import type { TimingPrior } from '../catalog/types';
import type { KeyValueStorage } from '../util/storage';
import { replay, type AccountBeliefs, type Prior } from './accountTimings';
import { lawOf } from './durationBelief';
import { Z90, type DurationLaw } from './durationLaw';

/** Where a model's generating duration most likely falls, and the law behind it. */
export interface GenerationWindow {
  /** 90 % of this model's jobs are expected to finish generating between min and max. */
  readonly minMs: number;
  readonly maxMs: number;
  /** The whole belief, tails included; a caller without one plans with a log-normal over [min, max]. */
  readonly law?: DurationLaw;
  /** How many of this account's jobs it rests on (0: the docs' range only). */
  readonly samples?: number;
  /**
   * The account's recent jobs cost this many polls per poll a fixed 10 s poller would
   * have spent on them (undefined until a few jobs say): the policy prices its polls by it.
   */
  readonly spend?: number;
  /**
   * Too little is known to trust the window (a new key, the sandbox simulator, right after
   * reset(), or the model's last job seen only through a wide bracket): its jobs may
   * finish far outside it, so the policy looks early and often.
   */
  readonly explore?: boolean;
}

/** One job's generating time: somewhere between min and max (equal when known exactly). */
export interface DurationBracket {
  readonly minMs: number;
  readonly maxMs: number;
  /** What watching it cost: polls (the completing one included) over this long since submission. */
  readonly polls?: number;
  readonly watchedMs?: number;
}

export const TIMING_STORAGE_KEY = 'veoStudio.timing';
export const DEFAULT_ACCOUNT = 'default';

/** Recent jobs per model and account: older ones describe a service that has changed since. */
const MAX_SAMPLES = 30;
/** The reference poller: the provider's scripts poll every 10 s. */
const REFERENCE_INTERVAL_MS = 10_000;
/** The spend is measured over this many recent jobs, once there are this many. */
const SPEND_JOBS = 8;
const SPEND_MIN_JOBS = 3;
/** Samples outside this range are measurement errors (or a clock jump), not durations. */
const MIN_SAMPLE_MS = 1_000;
const MAX_SAMPLE_MS = 60 * 60_000;
/** How far off the docs' centre a service may be, in ln units (1 sd): about ×0.74–1.35, ×0.55–1.8 at 2 sd. */
const PRIOR_OFF_SD = 0.3;
/** For a model the catalog does not know: wide enough to cover every documented one. */
const FALLBACK_PRIOR: TimingPrior = { minSeconds: 50, maxSeconds: 200 };

/**
 * What is kept per account: its finished jobs, oldest first, as [model, min ms, max ms],
 * followed by [polls, ms watched] when known.
 */
type Entry = readonly [string, number, number] | readonly [string, number, number, number, number];
type History = Entry[];

export class TimingModel {
  private readonly accounts: Record<string, History>;
  private readonly cache = new Map<string, AccountBeliefs>();
  /** The same window object until a job changes it: the poll policy caches per window. */
  private readonly windows = new Map<string, GenerationWindow>();

  constructor(
    private readonly storage?: KeyValueStorage,
    private readonly priors: (model: string) => TimingPrior | undefined = (model) => findModel(model)?.timing,
    /** Which account (API host and key) the jobs run on; each learns on its own. */
    private readonly account: () => string = () => DEFAULT_ACCOUNT,
  ) {
    this.accounts = readStored(storage?.get<unknown>(TIMING_STORAGE_KEY));
  }

  /** Where this model's generating duration most likely falls. */
  window(model: string): GenerationWindow {
    const key = `${this.account()}\n${model}`;
    let found = this.windows.get(key);
    if (!found) {
      found = this.compute(model);
      this.windows.set(key, found);
    }
    return found;
  }

  private compute(model: string): GenerationWindow {
    const beliefs = this.beliefs();
    const belief = beliefs.belief(model);
    const law = lawOf(belief, beliefs.elsewhere(model));
    const spread = law[0]?.logSpread ?? 0;
    return {
      minMs: Math.round(Math.exp(belief.mu - Z90 * spread)),
      maxMs: Math.round(Math.exp(belief.mu + Z90 * spread)),
      law,
      samples: beliefs.count(model),
      explore: beliefs.explore(model),
      ...spendOf(this.accounts[this.account()] ?? []),
    };
  }

  /** One completed job's generating time, exact or as a bracket. Persisted at once (fire and forget). */
  record(model: string, sample: number | DurationBracket): void {
    const [lo, hi] = typeof sample === 'number' ? [sample, sample] : [sample.minMs, sample.maxMs];
    if (!validSample([lo, hi])) return;
    const history = (this.accounts[this.account()] ??= []);
    const cost = typeof sample === 'number' ? undefined : costOf(sample);
    history.push(cost ? [model, Math.round(lo), Math.round(hi), cost[0], cost[1]] : [model, Math.round(lo), Math.round(hi)]);
    trim(history);
    this.changed();
  }

  /** Forgets what this account's jobs taught, for one model or all: back to the docs' ranges. */
  reset(model?: string): void {
    const account = this.account();
    const history = this.accounts[account] ?? [];
    this.accounts[account] = model === undefined ? [] : history.filter(([m]) => m !== model);
    this.changed();
  }

  /** How many samples back the window of a model (for logs and tests). */
  sampleCount(model: string): number {
    return (this.accounts[this.account()] ?? []).filter(([m]) => m === model).length;
  }

  private beliefs(): AccountBeliefs {
    const account = this.account();
    let found = this.cache.get(account);
    if (!found) {
      const jobs = (this.accounts[account] ?? []).map(([model, lo, hi]) => ({ model, sample: [lo, hi] as const }));
      found = replay(jobs, (m) => this.prior(m));
      this.cache.set(account, found);
    }
    return found;
  }

  private changed(): void {
    this.cache.clear();
    this.windows.clear();
    if (!this.storage) return;
    // Learning is an optimisation: a storage failure must never break polling.
    Promise.resolve(this.storage.update(TIMING_STORAGE_KEY, { version: 2, accounts: this.accounts })).catch(() => undefined);
  }

  /**
   * The docs' range as a belief: centred on its geometric middle, as unsure as the range
   * itself is wide plus how far off the docs may be (PRIOR_OFF_SD).
   */
  private prior(model: string): Prior {
    const prior = this.priors(model) ?? FALLBACK_PRIOR;
    const range = Math.log(Math.max(prior.maxSeconds, prior.minSeconds * 1.01) / prior.minSeconds) / (2 * Z90);
    return { mu: Math.log(Math.sqrt(prior.minSeconds * prior.maxSeconds) * 1000), sd: Math.sqrt(PRIOR_OFF_SD ** 2 + range ** 2) };
  }
}

/** Polls and ms watched, when both are sane. */
function costOf(sample: DurationBracket): readonly [number, number] | undefined {
  const { polls, watchedMs } = sample;
  if (polls === undefined || watchedMs === undefined || !Number.isFinite(polls) || !Number.isFinite(watchedMs) || polls < 1 || watchedMs <= 0) return undefined;
  return [Math.round(polls), Math.round(watchedMs)];
}

/** The polls a fixed 10 s poller spends on a job watched this long: one at once, one every 10 s, and the one that finds it done. */
export function referencePolls(watchedMs: number): number {
  return watchedMs / REFERENCE_INTERVAL_MS + 1.5;
}

/** The account's spend over its last SPEND_JOBS jobs with a known cost, once there are SPEND_MIN_JOBS. */
function spendOf(history: History): { spend?: number } {
  let polls = 0;
  let reference = 0;
  let n = 0;
  for (let i = history.length - 1; i >= 0 && n < SPEND_JOBS; i--) {
    const entry = history[i];
    if (entry?.length !== 5) continue;
    polls += entry[3];
    reference += referencePolls(entry[4]);
    n++;
  }
  return n < SPEND_MIN_JOBS ? {} : { spend: polls / reference };
}

/** Keeps the last MAX_SAMPLES jobs of each model. */
function trim(history: History): void {
  const seen = new Map<string, number>();
  for (let i = history.length - 1; i >= 0; i--) {
    const model = history[i]?.[0] ?? '';
    const n = (seen.get(model) ?? 0) + 1;
    seen.set(model, n);
    if (n > MAX_SAMPLES) history.splice(i, 1);
  }
}

function validSample([lo, hi]: readonly [unknown, unknown]): boolean {
  return typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi && hi >= MIN_SAMPLE_MS && hi <= MAX_SAMPLE_MS && lo >= 0;
}

/**
 * Whatever is stored is checked: an older or damaged value must not poison the windows.
 * Version 1 was { model: [ms, …] } for one account; version 2 keeps, per account, the
 * jobs in the order they finished, each a bracket.
 */
function readStored(stored: unknown): Record<string, History> {
  if (!isRecord(stored)) return {};
  if (stored['version'] !== 2) {
    const history: History = [];
    for (const [model, value] of Object.entries(stored)) {
      if (Array.isArray(value)) for (const v of value) if (validSample([v, v])) history.push([model, v as number, v as number]);
    }
    trim(history);
    return { [DEFAULT_ACCOUNT]: history };
  }
  const out: Record<string, History> = {};
  const accounts = stored['accounts'];
  if (!isRecord(accounts)) return out;
  for (const [account, list] of Object.entries(accounts)) {
    if (!Array.isArray(list)) continue;
    const history: History = [];
    for (const entry of list) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !validSample([entry[1], entry[2]])) continue;
      const cost = entry.length === 5 ? costOf({ minMs: 0, maxMs: 0, polls: entry[3] as number, watchedMs: entry[4] as number }) : undefined;
      history.push(cost ? [entry[0], entry[1] as number, entry[2] as number, cost[0], cost[1]] : [entry[0], entry[1] as number, entry[2] as number]);
    }
    trim(history);
    out[account] = history;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
