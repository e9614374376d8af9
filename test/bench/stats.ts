// The few statistics the benchmark prints: quantiles, a geometric mean, and bootstrap
// confidence intervals over seeds (each seed is one independent run of a scenario).
import { seededRandom } from './random';

/** The q-quantile of a list (nearest rank); NaN for an empty one. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? Number.NaN;
}

export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / Math.max(1, values.length));
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

/** Per seed, the two sums of a ratio Σ top / Σ bottom. */
export interface RatioParts {
  readonly top: number;
  readonly bottom: number;
}

const RESAMPLES = 2_000;

/** A statistic of the seeds, and its 95 % bootstrap interval (seeds resampled). */
export function bootstrap<T>(seeds: readonly T[], statistic: (sample: readonly T[]) => number): { value: number; low: number; high: number } {
  const random = seededRandom(0xb007);
  const draws: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) draws.push(statistic(seeds.map(() => seeds[Math.floor(random() * seeds.length)]!)));
  const finite = draws.filter(Number.isFinite);
  return { value: statistic(seeds), low: quantile(finite, 0.025), high: quantile(finite, 0.975) };
}

/** Σ top / Σ bottom over the seeds, and its 95 % bootstrap interval. */
export function pooledRatio(parts: readonly RatioParts[]): { value: number; low: number; high: number } {
  return bootstrap(parts, (list) => list.reduce((s, p) => s + p.top, 0) / list.reduce((s, p) => s + p.bottom, 0));
}
