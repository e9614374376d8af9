// Live per-second prices from the service, cached, and what a request will roughly cost.
// Prices may be missing (offline, a model without pricing): every answer then says so
// instead of guessing.
import type { ModelPrice } from '../api/wire';
import type { VeoClient } from '../api/client';
import type { Clock } from '../util/clock';

/** Prices change rarely; an hour-old price is still a fair estimate. */
const TTL_MS = 60 * 60_000;

export interface Estimate {
  readonly usd: number;
  readonly usdPerSecond: number;
  readonly seconds: number;
}

/** The price of one request: per-second price of its resolution × duration. */
export function estimateCost(price: ModelPrice | undefined, options: Readonly<Record<string, unknown>>): Estimate | undefined {
  const seconds = typeof options['duration'] === 'number' ? options['duration'] : undefined;
  if (!price || seconds === undefined) return undefined;
  const resolution = typeof options['resolution'] === 'string' ? options['resolution'].toLowerCase() : undefined;
  const variant =
    price.variants.find((v) => v.resolution !== undefined && v.resolution.toLowerCase() === resolution) ??
    price.variants.find((v) => v.resolution === undefined) ??
    (price.variants.length === 1 ? price.variants[0] : undefined);
  if (!variant) return undefined;
  return { usd: variant.usdPerSecond * seconds, usdPerSecond: variant.usdPerSecond, seconds };
}

export class PriceBook {
  private readonly cache = new Map<string, { at: number; price: ModelPrice | undefined }>();
  private readonly inflight = new Map<string, Promise<ModelPrice | undefined>>();

  constructor(
    private readonly client: Pick<VeoClient, 'getPricing'>,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** The model's price, from cache when fresh; undefined when the service cannot say. */
  async price(model: string): Promise<ModelPrice | undefined> {
    const hit = this.cache.get(model);
    if (hit && this.clock.now() - hit.at < TTL_MS) return hit.price;
    let pending = this.inflight.get(model);
    if (!pending) {
      pending = this.client
        .getPricing(model, { timeoutMs: 10_000 })
        .then((list) => list.find((p) => p.model === model))
        .then(
          (price) => {
            this.cache.set(model, { at: this.clock.now(), price });
            return price;
          },
          // Offline or refused: no estimate now, ask again next time.
          () => undefined,
        )
        .finally(() => this.inflight.delete(model));
      this.inflight.set(model, pending);
    }
    return pending;
  }

  async estimate(model: string, options: Readonly<Record<string, unknown>>): Promise<Estimate | undefined> {
    return estimateCost(await this.price(model), options);
  }
}
