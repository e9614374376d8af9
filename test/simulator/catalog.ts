// GET /v1/models (and GET /model/{id}): the live model catalogue, and the price book that
// both this listing and the billing of finished jobs read. Quotes are from aimlapi/api-docs
// docs/api-references/service-endpoints/complete-model-list.md and models.json (@c8810928).
import { createHash } from 'node:crypto';
import type { Exchange } from './exchange';
import { findModelLoose, MODELS, type ModelSpec } from './models';
import { chargeUsd, normalizeOverride, withPerSecondOverrides, type Pricing, type PricingOverride } from './pricing';

/** "`https://api.aimlapi.com/models` and `https://api.aimlapi.com/api/v1/models` serve exactly the same data." */
export const CATALOG_PATHS: readonly string[] = ['/v1/models', '/models', '/api/v1/models'];
/** "`GET /model/{id}` returns a single model […] it is **not** registered under `/v1`." */
export const SINGLE_MODEL_PREFIX = '/model/';

function resolve(model: string): ModelSpec {
  const spec = findModelLoose(model);
  if (!spec) throw new Error(`Veo simulator: no model '${model}' to price (known: ${MODELS.map((m) => m.id).join(', ')})`);
  return spec;
}

/** The prices of every model: the built-in table, the options' overrides, and what tests set at run time. */
export class PriceBook {
  private readonly replaced = new Map<string, unknown>();

  constructor(
    private readonly fromOptions: Readonly<Record<string, PricingOverride>> = {},
    private readonly perSecond: Readonly<Record<string, number>> | undefined = undefined,
  ) {
    this.reset();
  }

  /** Back to the options' prices. */
  reset(): void {
    this.replaced.clear();
    for (const [model, pricing] of Object.entries(this.fromOptions)) this.replaced.set(resolve(model).id, normalizeOverride(pricing));
  }

  /** Replaces one model's pricing object; `undefined` restores the options' one. */
  set(model: string, pricing: PricingOverride | undefined): void {
    const spec = resolve(model);
    this.replaced.delete(spec.id);
    if (pricing !== undefined) {
      this.replaced.set(spec.id, normalizeOverride(pricing));
      return;
    }
    const original = Object.entries(this.fromOptions).find(([m]) => resolve(m).id === spec.id);
    if (original) this.replaced.set(spec.id, normalizeOverride(original[1]));
  }

  /** The model's built-in table with `pricePerSecondUsd` applied. */
  builtIn(spec: ModelSpec): Pricing {
    return withPerSecondOverrides(spec.pricing, [spec.id, ...spec.aliases], spec.defaultResolution, this.perSecond);
  }

  /** What `include=pricing` shows for the model. */
  published(spec: ModelSpec): unknown {
    return this.replaced.has(spec.id) ? this.replaced.get(spec.id) : this.builtIn(spec);
  }

  /**
   * What a finished job of this request costs: "a 5-second 1080p generation costs
   * `0.65 × 5 = $3.25`" — price × quantity ÷ per, from the published object. Docs silent on
   * billing a `variable` model: we charge the model's built-in rate (so does any shape the
   * book cannot read).
   */
  charge(spec: ModelSpec, body: Record<string, unknown>, durationSec: number): number {
    const valueOf = (dimension: string): unknown => {
      if (body[dimension] !== undefined) return body[dimension];
      if (dimension === 'resolution') return spec.defaultResolution;
      if (dimension === 'duration') return durationSec;
      // Every Veo 3.1 schema documents `generate_audio` with default true.
      if (dimension === 'generate_audio') return true;
      return undefined;
    };
    return chargeUsd(this.published(spec), valueOf, durationSec) ?? chargeUsd(this.builtIn(spec), valueOf, durationSec) ?? 0;
  }
}

/** "Values are **case-insensitive**, and may be given comma-separated (`?tags=a,b`) or repeated (`?tags=a&tags=b`). Both forms merge." */
function values(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v.length > 0);
}

/**
 * "`include` attaches optional sections to each model — `pricing`, `modalities`,
 * `capabilities`, or `all` (`?details=true` is a synonym for every section)." models.json:
 * `details` enum `["true","1"]`. "Unknown values are ignored rather than rejected". Docs
 * silent on the shape of `modalities`/`capabilities` for video: we attach only `pricing`.
 */
function wantsPricing(url: URL): boolean {
  const include = values(url, 'include');
  const details = url.searchParams.get('details');
  return include.includes('pricing') || include.includes('all') || details === 'true' || details === '1';
}

/**
 * One item. models.json: required `["id","aliases","type","info","tags"]`. The `type`, the
 * `info` fields and the `playground:video` tag follow the docs' only video item (Veo 2:
 * `"type": "internal/video-generations/submit"`); docs silent on Veo 3.1's: we reuse them.
 */
function item(spec: ModelSpec, withPricing: boolean, book: PriceBook): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: spec.id,
    info: { name: spec.name, developer: 'Google' },
    type: 'internal/video-generations/submit',
    aliases: [...spec.aliases],
    tags: ['playground:video'],
  };
  // models.json: "Present only with `?include=pricing` or `all`."
  if (withPricing) entry['pricing'] = book.published(spec);
  return entry;
}

/** A weak ETag over the whole body, in the docs' format (`W/"1440a0-uH6NONsG/9An5njw3kqMcYY5k8w"`). */
function etagOf(text: string): string {
  const hash = createHash('sha1').update(text).digest('base64').slice(0, 27);
  return `W/"${Buffer.byteLength(text).toString(16)}-${hash}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/**
 * "Responses carry an `ETag`. Send it back as `If-None-Match` and you get `304 Not
 * Modified` with an empty body when nothing changed" — "The ETag covers the whole response".
 */
function answerWithEtag(ex: Exchange, body: unknown): void {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  if (matches(ex.req.headers['if-none-match'], etag)) {
    ex.head(304, { etag });
    ex.res.end();
    return;
  }
  ex.text(200, 'application/json; charset=utf-8', text, { etag });
}

/** GET /v1/models — "No API key is required for this request." */
export function listModels(ex: Exchange, book: PriceBook): void {
  // "`id` matches **an id or an alias**. An omitted parameter filters nothing." models.json:
  // "Comma-separated or repeated values are combined with OR."
  const ids = values(ex.url, 'id');
  const specs = ids.length === 0 ? MODELS : MODELS.filter((m) => [m.id, ...m.aliases].some((name) => ids.includes(name.toLowerCase())));
  const withPricing = wantsPricing(ex.url);
  // models.json: `object`: "Always \"list\"."
  answerWithEtag(ex, { object: 'list', data: specs.map((m) => item(m, withPricing, book)) });
}

/**
 * GET /model/{id}: "wrapped as `{"object": "model", "data": {…}}` instead of a list. […] The
 * lookup matches aliases as well as ids, is case-insensitive, and returns `404` for a name
 * that matches neither."
 */
export function oneModel(ex: Exchange, book: PriceBook): void {
  let name: string;
  try {
    name = decodeURIComponent(ex.url.pathname.slice(SINGLE_MODEL_PREFIX.length));
  } catch {
    name = '';
  }
  const spec = findModelLoose(name);
  if (!spec) {
    ex.error(404, `Model '${name}' not found`);
    return;
  }
  answerWithEtag(ex, { object: 'model', data: item(spec, wantsPricing(ex.url), book) });
}
