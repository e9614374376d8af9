// How long a job may take, as a law the TimingModel learns and the poll policy plans
// with: a mixture of log-normal parts (a generating time is a product of many factors —
// load, length, resolution — so its logarithm is roughly normal, and it is never
// negative). Pure numbers: no clock, no storage.

/** One log-normal part of a law: median in ms, spread as the standard deviation of ln(duration). */
export interface LogNormalPart {
  readonly medianMs: number;
  readonly logSpread: number;
  readonly weight: number;
}

/** Parts whose weights add up to 1. */
export type DurationLaw = readonly LogNormalPart[];

/** Standard normal CDF, |error| < 1.5e-7 (Abramowitz & Stegun 7.1.26 for erf). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** P(duration ≤ ms). */
export function lawCdf(law: DurationLaw, ms: number): number {
  if (ms <= 0) return 0;
  const ln = Math.log(ms);
  let p = 0;
  for (const part of law) p += part.weight * normalCdf((ln - Math.log(part.medianMs)) / part.logSpread);
  return p;
}

/** Density at `ms`, per ms. */
export function lawPdf(law: DurationLaw, ms: number): number {
  if (ms <= 0) return 0;
  const ln = Math.log(ms);
  let f = 0;
  for (const part of law) f += (part.weight * normalPdf((ln - Math.log(part.medianMs)) / part.logSpread)) / (part.logSpread * ms);
  return f;
}

/** The duration below which a fraction `q` of jobs finish (bisection on the CDF). */
export function lawQuantile(law: DurationLaw, q: number): number {
  let lo = 1;
  let hi = 24 * 3_600_000;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (lawCdf(law, mid) < q) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/** Mean duration, ms. */
export function lawMean(law: DurationLaw): number {
  return law.reduce((s, p) => s + p.weight * p.medianMs * Math.exp((p.logSpread * p.logSpread) / 2), 0);
}

/**
 * A law for a bare [min, max] window (a prior, or a caller that knows no more): one
 * log-normal part with its median at the geometric middle and 90 % of it inside.
 */
export function lawOfRange(minMs: number, maxMs: number): DurationLaw {
  const lo = Math.max(1, minMs);
  const hi = Math.max(lo * 1.02, maxMs);
  return [{ medianMs: Math.sqrt(lo * hi), logSpread: Math.log(hi / lo) / (2 * Z90), weight: 1 }];
}

/** The 95th percentile of the standard normal: ±Z90 holds 90 %. */
export const Z90 = 1.6448536;

/**
 * Mean and variance of a normal N(mean, sd²) restricted to [a, b] (a may be −∞, b +∞):
 * what an interval-censored observation says about the value inside it.
 */
export function truncatedMoments(mean: number, sd: number, a: number, b: number): { mean: number; variance: number } {
  const alpha = (a - mean) / sd;
  const beta = (b - mean) / sd;
  const mass = normalCdf(beta) - normalCdf(alpha);
  if (!(mass > 1e-12)) {
    // Far out in a tail: the nearest edge is all that is known.
    const edge = Math.abs(alpha) < Math.abs(beta) ? a : b;
    return { mean: Number.isFinite(edge) ? edge : mean, variance: Number.isFinite(b - a) ? ((b - a) * (b - a)) / 12 : sd * sd };
  }
  const pa = Number.isFinite(alpha) ? normalPdf(alpha) : 0;
  const pb = Number.isFinite(beta) ? normalPdf(beta) : 0;
  const ta = Number.isFinite(alpha) ? alpha * pa : 0;
  const tb = Number.isFinite(beta) ? beta * pb : 0;
  const shift = (pa - pb) / mass;
  const variance = sd * sd * Math.max(1e-6, 1 + (ta - tb) / mass - shift * shift);
  return { mean: mean + sd * shift, variance };
}
