// How long each model takes to generate a clip, learned from the jobs this user has run.
// The docs give a range per model (80–100 s standard, 50–70 s lite, 160–200 s extend);
// real durations drift with load and with the user's settings, so the Poller asks this
// model for the window in which a job is likely to finish and polls densely only there.
// Only the generating phase is learned: the queue wait depends on the service's load at
// that moment, not on the model, and the Poller observes it directly.
import { findModel } from '../catalog/catalog';
import type { TimingPrior } from '../catalog/types';
import type { KeyValueStorage } from '../util/storage';

/** The expected generating duration of one model: most jobs finish between min and max. */
export interface GenerationWindow {
  readonly minMs: number;
  readonly maxMs: number;
}

export const TIMING_STORAGE_KEY = 'veoStudio.timing';

/** Recent samples per model: old ones describe a service that may have changed since. */
const MAX_SAMPLES = 20;
/** How many samples weigh as much as the prior: a few jobs already say more than the docs. */
const PRIOR_WEIGHT = 3;
/** Quantiles of the samples taken as the window: one odd job must not stretch it. */
const LOW_QUANTILE = 0.05;
const HIGH_QUANTILE = 0.95;
/** A window never narrower than this, so identical samples do not promise to-the-second precision. */
const MIN_WIDTH_MS = 4_000;
const MIN_WIDTH_FRACTION = 0.08;
/** Samples outside this range are measurement errors (or a clock jump), not durations. */
const MIN_SAMPLE_MS = 1_000;
const MAX_SAMPLE_MS = 60 * 60_000;
/** For a model the catalog does not know: wide enough to cover every documented model. */
const FALLBACK_PRIOR: TimingPrior = { minSeconds: 50, maxSeconds: 200 };

type Samples = Record<string, number[]>;

export class TimingModel {
  private readonly samples: Samples;

  constructor(
    private readonly storage?: KeyValueStorage,
    private readonly priors: (model: string) => TimingPrior | undefined = (model) => findModel(model)?.timing,
  ) {
    this.samples = readSamples(storage?.get<unknown>(TIMING_STORAGE_KEY));
  }

  /** Where this model's generating duration most likely falls. */
  window(model: string): GenerationWindow {
    const prior = this.priors(model) ?? FALLBACK_PRIOR;
    const priorMin = prior.minSeconds * 1000;
    const priorMax = prior.maxSeconds * 1000;
    const samples = this.samples[model] ?? [];
    if (samples.length === 0) return { minMs: priorMin, maxMs: priorMax };
    const sorted = [...samples].sort((a, b) => a - b);
    const weight = sorted.length / (sorted.length + PRIOR_WEIGHT);
    const low = quantile(sorted, LOW_QUANTILE);
    const high = quantile(sorted, HIGH_QUANTILE);
    // The quantiles cut off the edges on purpose (outliers); put back what a uniform
    // spread would have there, or every tenth job would finish "outside" its window.
    const edge = ((high - low) * LOW_QUANTILE) / (HIGH_QUANTILE - LOW_QUANTILE);
    // Leaning towards the prior must not leave out what recent jobs really took: a model
    // that got slower is then polled a little early, never only after its window.
    const minMs = Math.min(blend(priorMin, low - edge, weight), low - edge);
    const maxMs = Math.max(blend(priorMax, high + edge, weight), high + edge);
    return widen(Math.max(0, minMs), maxMs);
  }

  /** One completed job's generating duration. Persisted at once (fire and forget). */
  record(model: string, generatingMs: number): void {
    if (!Number.isFinite(generatingMs) || generatingMs < MIN_SAMPLE_MS || generatingMs > MAX_SAMPLE_MS) return;
    const list = (this.samples[model] ??= []);
    list.push(Math.round(generatingMs));
    if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
    this.persist();
  }

  /** How many samples back the window of a model (for logs and tests). */
  sampleCount(model: string): number {
    return this.samples[model]?.length ?? 0;
  }

  private persist(): void {
    if (!this.storage) return;
    // Learning is an optimisation: a storage failure must never break polling.
    Promise.resolve(this.storage.update(TIMING_STORAGE_KEY, this.samples)).catch(() => undefined);
  }
}

/** Whatever is stored is checked: an older or damaged value must not poison the windows. */
function readSamples(stored: unknown): Samples {
  const out: Samples = {};
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return out;
  for (const [model, value] of Object.entries(stored)) {
    if (!Array.isArray(value)) continue;
    const valid = value.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= MIN_SAMPLE_MS && v <= MAX_SAMPLE_MS);
    if (valid.length > 0) out[model] = valid.slice(-MAX_SAMPLES);
  }
  return out;
}

function blend(prior: number, learned: number, weight: number): number {
  return prior * (1 - weight) + learned * weight;
}

/** Linear-interpolated quantile of a sorted, non-empty list. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

function widen(minMs: number, maxMs: number): GenerationWindow {
  const width = Math.max(MIN_WIDTH_MS, ((minMs + maxMs) / 2) * MIN_WIDTH_FRACTION);
  if (maxMs - minMs >= width) return { minMs: Math.round(minMs), maxMs: Math.round(maxMs) };
  const mid = (minMs + maxMs) / 2;
  return { minMs: Math.round(Math.max(0, mid - width / 2)), maxMs: Math.round(mid + width / 2) };
}
