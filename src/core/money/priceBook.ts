// Live prices from the service, kept, and what a request will cost by them. A price is
// asked for at most once an hour per model (then again with its ETag, so an unchanged one
// costs a 304); the last one known is stored, so when the service cannot be reached the
// estimate still stands — with its age — instead of disappearing. A failed fetch is not
// repeated on every keystroke: the next try waits a minute.
import type { VeoClient } from '../api/client';
import { findModel } from '../catalog/catalog';
import type { Clock } from '../util/clock';
import type { KeyValueStorage } from '../util/storage';
import { isPriceOf, quote, type ModelPrice, type Quote } from './pricing';

/** Prices change rarely; an hour-old price is still a fair estimate. */
const FRESH_MS = 60 * 60_000;
/** After a failed fetch, wait this long before asking again. */
const RETRY_MS = 60_000;
const STORAGE_KEY = 'veoStudio.prices';
const FETCH_TIMEOUT_MS = 10_000;

/** A quote with what it rests on: when its price was fetched, and whether that is old news. */
export type PriceQuote = Quote & {
  /** When the price was fetched from the service (epoch ms). */
  readonly asOf: number;
  /** The service could not be asked just now: this is the last price known. */
  readonly stale: boolean;
};

/** The old three-number estimate (generator page), until every surface reads quotes. */
export interface Estimate {
  readonly usd: number;
  readonly usdPerSecond: number;
  readonly seconds: number;
}

interface Known {
  /** undefined: the service lists no price for the model. */
  readonly price: ModelPrice | undefined;
  readonly fetchedAt: number;
  readonly etag?: string;
}

export class PriceBook {
  private readonly known = new Map<string, Known>();
  private readonly failedAt = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<Known | undefined>>();

  constructor(
    private readonly client: Pick<VeoClient, 'getPricing'>,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly storage?: KeyValueStorage,
  ) {
    for (const [model, entry] of Object.entries(storage?.get<Record<string, Known>>(STORAGE_KEY) ?? {})) this.known.set(model, entry);
  }

  /** What a request for `model` with these options costs, or undefined when no price has ever been had. */
  async quote(model: string, options: Readonly<Record<string, unknown>>): Promise<PriceQuote | undefined> {
    const id = findModel(model)?.id ?? model;
    const { entry, stale } = await this.current(id);
    if (!entry) return undefined;
    const q: Quote = entry.price ? quote(entry.price.pricing, options) : { kind: 'none', reason: 'the service lists no price for this model' };
    return { ...q, asOf: entry.fetchedAt, stale };
  }

  async estimate(model: string, options: Readonly<Record<string, unknown>>): Promise<Estimate | undefined> {
    const q = await this.quote(model, options);
    if (q?.kind !== 'estimate') return undefined;
    return { usd: q.usd, seconds: q.quantity, usdPerSecond: q.usd / Math.max(1, q.quantity) };
  }

  /** The entry to quote from: fresh, refreshed, or the last known when the service cannot be asked. */
  private async current(model: string): Promise<{ entry: Known | undefined; stale: boolean }> {
    const now = this.clock.now();
    const have = this.known.get(model);
    if (have && now - have.fetchedAt < FRESH_MS) return { entry: have, stale: false };
    const failed = this.failedAt.get(model);
    if (failed !== undefined && now - failed < RETRY_MS) return { entry: have, stale: have !== undefined };
    const fetched = await this.fetch(model, have);
    return fetched ? { entry: fetched, stale: false } : { entry: have, stale: have !== undefined };
  }

  private fetch(model: string, have: Known | undefined): Promise<Known | undefined> {
    let pending = this.inflight.get(model);
    if (pending) return pending;
    pending = this.client
      .getPricing(model, { timeoutMs: FETCH_TIMEOUT_MS, ...(have?.etag ? { etag: have.etag } : {}) })
      .then(
        (list): Known => {
          const at = this.clock.now();
          if (!list.changed) return { ...have!, fetchedAt: at };
          // `id` matches an id or an alias on the service's side, and our catalog knows
          // aliases too: the entry is ours if either side names the other.
          const ids = [model, ...(findModel(model)?.aliases ?? [])];
          const price = list.prices.find((p) => isPriceOf(p, ids));
          return { price, fetchedAt: at, ...(list.etag ? { etag: list.etag } : {}) };
        },
      )
      .then(
        (entry) => {
          this.failedAt.delete(model);
          this.known.set(model, entry);
          this.persist().catch(() => undefined);
          return entry;
        },
        () => {
          // Offline or refused: the last known price stands, and the next try waits.
          this.failedAt.set(model, this.clock.now());
          return undefined;
        },
      )
      .finally(() => this.inflight.delete(model));
    this.inflight.set(model, pending);
    return pending;
  }

  private async persist(): Promise<void> {
    await this.storage?.update(STORAGE_KEY, Object.fromEntries(this.known));
  }
}
