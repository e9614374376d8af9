// A model's price as the service publishes it (GET /v1/models?include=pricing), and what
// one request will cost by it. docs/service.md ("Prices") has the shapes: a price is an
// object read by `kind` first —
//   fixed     one rate per unit                  { units: [{ name, price, per }] }
//   variants  a rate per combination of request  { dimensions: [...], variants: [{ when, price, unit, per }] }
//             parameters (resolution, generate_audio, duration, …)
//   variable  no quote before the request
// — and a rate is always `price` per `per` units of `unit`.
import { formatRate, formatUsd } from '../text/money';

export interface Rate {
  readonly price: number;
  /** `second`, `video`, `request`, … as the service names it. */
  readonly unit: string;
  readonly per: number;
}

export interface PriceVariant extends Rate {
  /** Request parameter → value this rate applies to. A dimension it leaves out matches any value. */
  readonly when: Readonly<Record<string, string | number | boolean>>;
}

export type Pricing =
  | { readonly kind: 'fixed'; readonly currency: string; readonly units: readonly Rate[] }
  | { readonly kind: 'variants'; readonly currency: string; readonly dimensions: readonly string[]; readonly variants: readonly PriceVariant[] }
  | { readonly kind: 'variable' }
  /** A kind this version does not know: no quote, rather than a wrong one. */
  | { readonly kind: 'unknown'; readonly name: string };

export interface ModelPrice {
  readonly model: string;
  readonly aliases: readonly string[];
  readonly pricing: Pricing;
}

/** What a request will cost, and how that was worked out. */
export type Quote =
  | {
      readonly kind: 'estimate';
      readonly usd: number;
      /** "8 s × $0.40/s · 1080p · with audio" */
      readonly basis: string;
      readonly rate: Rate;
      /** How many `rate.unit`s the request is (its seconds, or 1 for a per-video rate). */
      readonly quantity: number;
    }
  /** The service prices this model only after the job ("priced after the job"). */
  | { readonly kind: 'variable' }
  /** No rate fits (an unknown kind, a currency other than USD, no variant for these options). */
  | { readonly kind: 'none'; readonly reason: string };

const same = (a: unknown, b: unknown) => String(a).trim().toLowerCase() === String(b).trim().toLowerCase();

/** Whether an entry of the price list is this model: by id or by one of its aliases (either side). */
export function isPriceOf(price: ModelPrice, ids: readonly string[]): boolean {
  return [price.model, ...price.aliases].some((id) => ids.some((wanted) => same(id, wanted)));
}

/** The variant whose `when` matches the request on every dimension it lists. */
function matchVariant(pricing: Extract<Pricing, { kind: 'variants' }>, options: Readonly<Record<string, unknown>>): PriceVariant | undefined {
  return pricing.variants.find((v) =>
    pricing.dimensions.every((d) => {
      if (!(d in v.when)) return true;
      return options[d] !== undefined && same(options[d], v.when[d]);
    }),
  );
}

const SECOND_UNITS = new Set(['second', 'seconds', 's', 'sec']);

/** How a parameter reads in the basis line ("1080p", "with audio"). */
function dimensionText(key: string, value: unknown): string | undefined {
  if (key === 'duration') return undefined; // already in "8 s ×"
  if (key === 'generate_audio') return value === true || same(value, 'true') ? 'with audio' : 'silent';
  if (typeof value === 'boolean') return `${key.replace(/_/g, ' ')}: ${value ? 'yes' : 'no'}`;
  return String(value);
}

/**
 * The cost of one request with these (normalised, defaults filled) options. A per-second
 * rate needs the duration; any other unit counts once per request.
 */
export function quote(pricing: Pricing, options: Readonly<Record<string, unknown>>): Quote {
  if (pricing.kind === 'variable') return { kind: 'variable' };
  if (pricing.kind === 'unknown') return { kind: 'none', reason: `the service's price is of a kind Veo Studio does not know ("${pricing.name}")` };
  if (!same(pricing.currency, 'USD')) return { kind: 'none', reason: `the price is in ${pricing.currency}` };
  let rate: Rate | undefined;
  const shown: string[] = [];
  if (pricing.kind === 'fixed') {
    rate = pricing.units.find((u) => SECOND_UNITS.has(u.unit.toLowerCase())) ?? pricing.units[0];
  } else {
    const variant = matchVariant(pricing, options);
    rate = variant;
    for (const d of pricing.dimensions) {
      const text = variant && d in variant.when ? dimensionText(d, options[d]) : undefined;
      if (text) shown.push(text);
    }
  }
  if (!rate) return { kind: 'none', reason: 'no published price fits these options' };
  if (!(rate.per > 0) || !(rate.price >= 0)) return { kind: 'none', reason: 'the published price is not a usable number' };
  const perSecond = SECOND_UNITS.has(rate.unit.toLowerCase());
  const seconds = typeof options['duration'] === 'number' ? options['duration'] : Number(options['duration']);
  if (perSecond && !(seconds > 0)) return { kind: 'none', reason: 'the price is per second and the duration is not known' };
  const quantity = perSecond ? seconds : 1;
  const usd = (rate.price * quantity) / rate.per;
  const per = rate.per === 1 ? '' : `${rate.per} `;
  const head = perSecond ? `${quantity} s × ${formatRate(rate.price)}/${per}s` : `${formatUsd(rate.price)} per ${per}${rate.unit}`;
  return { kind: 'estimate', usd, basis: [head, ...shown].join(' · '), rate, quantity };
}
