// Prices, as GET /v1/models?include=pricing publishes them, and the charge the simulator
// bills for a finished job, read from that same table so the two can never disagree.
//
// complete-model-list.md (aimlapi/api-docs @c8810928): "With `?include=pricing`, each model
// carries a `pricing` block. Read `kind` first — it decides how the rest is shaped." and
// models.json: "`fixed` quotes one rate per unit, `variants` quotes a rate per parameter
// combination, `variable` cannot be quoted ahead of the request."

/**
 * complete-model-list.md's only `fixed` example: `{ "name": "token", "measure": "output",
 * "price": 3.25, "per": 1000000 }`. For video we count output seconds: name 'second',
 * measure 'output'.
 */
export interface FixedUnit {
  name: string;
  measure?: string;
  price: number;
  per: number;
}

export interface FixedPricing {
  kind: 'fixed';
  currency: string;
  units: FixedUnit[];
}

/** complete-model-list.md: `{ "when": { "resolution": "720p" }, "price": 0.39, "unit": "second", "per": 1 }`. */
export interface Variant {
  when: Record<string, string | number | boolean>;
  price: number;
  unit: string;
  per: number;
}

export interface VariantsPricing {
  kind: 'variants';
  // The docs' variants example has no `currency`; models.json puts `currency` at the top of
  // every `pricing` object ("example": "USD"), so we send it.
  currency: string;
  dimensions: string[];
  variants: Variant[];
}

/** Docs silent on what else a `variable` price carries: we send `kind` alone. */
export interface VariablePricing {
  kind: 'variable';
}

export type Pricing = FixedPricing | VariantsPricing | VariablePricing;

/**
 * What a test may put in place of a model's pricing: any documented shape, 'variable' as
 * a shorthand for `{kind: 'variable'}`, or any other JSON value at all (a bare array, a
 * `kind` nobody knows …) to prove the client survives it.
 */
export type PricingOverride = Pricing | 'variable' | object;

export const USD = 'USD';

/** `variants` on resolution alone, one rate per second for each. */
export function byResolution(rates: Record<string, number>): VariantsPricing {
  return {
    kind: 'variants',
    currency: USD,
    dimensions: ['resolution'],
    variants: Object.entries(rates).map(([resolution, price]) => ({ when: { resolution }, price, unit: 'second', per: 1 })),
  };
}

/**
 * `variants` over two dimensions. Docs silent on `when` keys beyond `resolution` and on
 * their value types: we choose `generate_audio` with the request's own JSON type (boolean).
 */
export function byResolutionAndAudio(rates: Record<string, { audio: number; silent: number }>): VariantsPricing {
  return {
    kind: 'variants',
    currency: USD,
    dimensions: ['resolution', 'generate_audio'],
    variants: Object.entries(rates).flatMap(([resolution, r]) => [
      { when: { resolution, generate_audio: true }, price: r.audio, unit: 'second', per: 1 },
      { when: { resolution, generate_audio: false }, price: r.silent, unit: 'second', per: 1 },
    ]),
  };
}

/** One `fixed` rate per output second. */
export function perOutputSecond(price: number): FixedPricing {
  return { kind: 'fixed', currency: USD, units: [{ name: 'second', measure: 'output', price, per: 1 }] };
}

export function normalizeOverride(o: PricingOverride): unknown {
  return o === 'variable' ? { kind: 'variable' } : o;
}

/**
 * The `pricePerSecondUsd` option applied to a built-in table: `<id>` sets every rate of the
 * model, `<id>@<resolution>` one resolution's variants (the more precise key wins).
 */
export function withPerSecondOverrides(p: Pricing, ids: readonly string[], defaultResolution: string, overrides: Readonly<Record<string, number>> | undefined): Pricing {
  if (!overrides) return p;
  const rateFor = (resolution: string | undefined): number | undefined => {
    for (const id of ids) {
      const exact = resolution === undefined ? undefined : overrides[`${id}@${resolution}`];
      if (exact !== undefined) return exact;
      const whole = overrides[id];
      if (whole !== undefined) return whole;
    }
    return undefined;
  };
  switch (p.kind) {
    case 'variants':
      return { ...p, variants: p.variants.map((v) => ({ ...v, price: rateFor(String(v.when['resolution'])) ?? v.price })) };
    case 'fixed':
      return { ...p, units: p.units.map((u) => ({ ...u, price: rateFor(defaultResolution) ?? u.price })) };
    case 'variable':
      return p;
  }
}

/** How many of `unit` one job uses. Docs silent beyond 'second' and 'token': we add per-video names. */
function quantity(unit: unknown, durationSec: number): number | undefined {
  if (unit === 'second' || unit === 'seconds') return durationSec;
  if (unit === 'video' || unit === 'generation' || unit === 'request') return 1;
  return undefined;
}

function rate(price: unknown, per: unknown, count: number | undefined): number | undefined {
  if (typeof price !== 'number' || count === undefined) return undefined;
  const divisor = typeof per === 'number' && per > 0 ? per : 1;
  // complete-model-list.md: "`price` is the charge for `per` units".
  return (price * count) / divisor;
}

/**
 * The USD a finished job costs under `pricing`, or undefined when that object cannot be
 * read (a `variable` price, or a shape a test made up). `valueOf` gives the request's value
 * of a dimension, the model's default when the request left it out (docs silent on
 * requests that omit a dimension: we choose the documented default).
 */
export function chargeUsd(pricing: unknown, valueOf: (dimension: string) => unknown, durationSec: number): number | undefined {
  if (typeof pricing !== 'object' || pricing === null || Array.isArray(pricing)) return undefined;
  const p = pricing as Record<string, unknown>;
  if (p['kind'] === 'fixed' && Array.isArray(p['units'])) {
    let total = 0;
    for (const u of p['units'] as Array<Record<string, unknown>>) {
      const r = rate(u?.['price'], u?.['per'], quantity(u?.['name'], durationSec));
      if (r === undefined) return undefined;
      total += r;
    }
    return p['units'].length > 0 ? total : undefined;
  }
  if (p['kind'] === 'variants' && Array.isArray(p['variants'])) {
    const dims = Array.isArray(p['dimensions']) ? (p['dimensions'] as unknown[]).filter((d): d is string => typeof d === 'string') : [];
    // models.json: "One quoted rate per parameter combination": every listed dimension must match.
    const match = (p['variants'] as Array<Record<string, unknown>>).find((v) => {
      const when = v?.['when'];
      if (typeof when !== 'object' || when === null) return false;
      return dims.every((d) => String((when as Record<string, unknown>)[d]) === String(valueOf(d)));
    });
    return match ? rate(match['price'], match['per'], quantity(match['unit'], durationSec)) : undefined;
  }
  return undefined;
}
