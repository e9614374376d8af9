// Prices as the service publishes them: every kind, every dimension, aliases, and the
// price book's ETag, offline and back-off behaviour — on fake time, with a fake price list
// (the simulator's own pricing is tested against the docs in simulator.unit.test.ts).
import assert from 'node:assert/strict';
import type { PriceList } from '../../src/core/api/client';
import { NetworkError } from '../../src/core/api/errors';
import { toPricing } from '../../src/core/api/wire';
import { PriceBook } from '../../src/core/money/priceBook';
import { isPriceOf, quote, type ModelPrice, type Pricing } from '../../src/core/money/pricing';
import { MemoryStorage } from '../../src/core/util/storage';

// The docs' own illustration of each kind (docs/service.md, "Prices").
const VARIANTS = toPricing({
  kind: 'variants',
  currency: 'USD',
  dimensions: ['resolution'],
  variants: [
    { when: { resolution: '720p' }, price: 0.39, unit: 'second', per: 1 },
    { when: { resolution: '1080p' }, price: 0.65, unit: 'second', per: 1 },
  ],
});
const FIXED = toPricing({ kind: 'fixed', currency: 'USD', units: [{ name: 'second', price: 0.4, per: 1 }] });

describe('prices: reading the pricing object', () => {
  it('reads all three kinds, and anything else as unknown (never a guess)', () => {
    assert.equal(VARIANTS.kind, 'variants');
    assert.equal(FIXED.kind, 'fixed');
    assert.deepEqual(toPricing({ kind: 'variable' }), { kind: 'variable' });
    assert.deepEqual(toPricing({ kind: 'per-token', currency: 'USD' }), { kind: 'unknown', name: 'per-token' });
    // The shape the first version expected (a bare list of variants) is not a price.
    assert.equal(toPricing([{ price: 0.4, unit: 'second' }]).kind, 'unknown');
    assert.equal(toPricing(undefined).kind, 'unknown');
    assert.equal(toPricing({ kind: 'fixed', currency: 'USD', units: [] }).kind, 'unknown');
  });

  it('fixed: price × seconds ÷ per, with its basis', () => {
    const q = quote(FIXED, { duration: 8, resolution: '1080p' });
    assert.equal(q.kind, 'estimate');
    if (q.kind !== 'estimate') return;
    assert.ok(Math.abs(q.usd - 3.2) < 1e-9);
    assert.equal(q.basis, '8 s × $0.40/s');
  });

  it('variants: the one whose `when` matches the request on every dimension, case-insensitively', () => {
    const a = quote(VARIANTS, { duration: 6, resolution: '720p' });
    assert.ok(a.kind === 'estimate' && Math.abs(a.usd - 6 * 0.39) < 1e-9 && a.basis === '6 s × $0.39/s · 720p', JSON.stringify(a));
    // lite-001 sends upper-case resolutions; the price list may be written either way.
    const b = quote(VARIANTS, { duration: 8, resolution: '1080P' });
    assert.ok(b.kind === 'estimate' && Math.abs(b.usd - 8 * 0.65) < 1e-9, JSON.stringify(b));
    assert.deepEqual(quote(VARIANTS, { duration: 8, resolution: '4k' }), { kind: 'none', reason: 'no published price fits these options' });
  });

  it('variants over several dimensions: resolution, generate_audio and duration', () => {
    const pricing = toPricing({
      kind: 'variants',
      currency: 'USD',
      dimensions: ['resolution', 'generate_audio', 'duration'],
      variants: [
        { when: { resolution: '1080p', generate_audio: true, duration: 8 }, price: 3.2, unit: 'video', per: 1 },
        { when: { resolution: '1080p', generate_audio: false, duration: 8 }, price: 2.0, unit: 'video', per: 1 },
        { when: { resolution: '720p', generate_audio: 'true' }, price: 0.3, unit: 'second', per: 1 },
      ],
    });
    const silent = quote(pricing, { resolution: '1080p', generate_audio: false, duration: 8 });
    assert.ok(silent.kind === 'estimate' && silent.usd === 2 && silent.basis === '$2.00 per video · 1080p · silent', JSON.stringify(silent));
    const loud = quote(pricing, { resolution: '1080p', generate_audio: true, duration: 8 });
    assert.ok(loud.kind === 'estimate' && loud.usd === 3.2 && loud.basis === '$3.20 per video · 1080p · with audio', JSON.stringify(loud));
    // A dimension a variant leaves out matches any value (here: duration); "true" is true.
    const short = quote(pricing, { resolution: '720p', generate_audio: true, duration: 4 });
    assert.ok(short.kind === 'estimate' && Math.abs(short.usd - 1.2) < 1e-9 && short.basis === '4 s × $0.30/s · 720p · with audio', JSON.stringify(short));
    // No variant for 1080p at 6 s.
    assert.equal(quote(pricing, { resolution: '1080p', generate_audio: true, duration: 6 }).kind, 'none');
  });

  it('`per` other than 1, and a rate per 10 seconds', () => {
    const pricing: Pricing = { kind: 'fixed', currency: 'USD', units: [{ price: 4, unit: 'second', per: 10 }] };
    const q = quote(pricing, { duration: 5 });
    assert.ok(q.kind === 'estimate' && q.usd === 2 && q.basis === '5 s × $4.00/10 s', JSON.stringify(q));
  });

  it('variable: priced after the job; other currencies and a missing duration: no quote', () => {
    assert.deepEqual(quote({ kind: 'variable' }, { duration: 8 }), { kind: 'variable' });
    assert.equal(quote({ kind: 'fixed', currency: 'EUR', units: [{ price: 1, unit: 'second', per: 1 }] }, { duration: 8 }).kind, 'none');
    assert.equal(quote(FIXED, {}).kind, 'none');
  });

  it('matches a model by id or by alias, either way round and in any case', () => {
    const lite: ModelPrice = { model: 'google/veo-3.1-lite-generate-001', aliases: ['veo-3.1-lite-generate-001'], pricing: FIXED };
    assert.ok(isPriceOf(lite, ['google/veo-3.1-lite-generate-001']));
    assert.ok(isPriceOf(lite, ['veo-3.1-lite-generate-001']));
    assert.ok(isPriceOf({ ...lite, model: 'veo-3.1-lite-generate-001', aliases: [] }, ['google/veo-3.1-lite-generate-001', 'veo-3.1-lite-generate-001']));
    assert.ok(!isPriceOf(lite, ['google/veo-3.1-t2v']));
  });
});

/** A price list that answers from a script, counting calls and the ETags it was given. */
function fakeList(answers: Array<PriceList | Error>) {
  const calls: Array<{ model: string | undefined; etag: string | undefined }> = [];
  return {
    calls,
    client: {
      getPricing: async (model?: string, o: { etag?: string } = {}): Promise<PriceList> => {
        calls.push({ model, etag: o.etag });
        const next = answers.shift();
        if (!next) throw new Error('no more answers');
        if (next instanceof Error) throw next;
        return next;
      },
    },
  };
}

const MODEL = 'google/veo-3.1-t2v-fast';
const listed = (pricing: Pricing, id = MODEL, aliases: string[] = []): PriceList => ({ changed: true, prices: [{ model: id, aliases, pricing }], etag: '"v1"' });
const offline = () => new NetworkError('api.aimlapi.com', new Error('ECONNREFUSED'));

describe('prices: the price book', () => {
  it('asks once an hour, then with its ETag; a 304 keeps the price', async () => {
    let now = 1_000_000;
    const list = fakeList([listed(FIXED), { changed: false }]);
    const book = new PriceBook(list.client, { now: () => now });
    const first = await book.quote(MODEL, { duration: 8 });
    assert.ok(first?.kind === 'estimate' && !first.stale && first.asOf === 1_000_000);
    await book.quote(MODEL, { duration: 4 });
    assert.equal(list.calls.length, 1, 'a fresh price is not asked for again');
    now += 61 * 60_000;
    const again = await book.quote(MODEL, { duration: 8 });
    assert.deepEqual(list.calls[1], { model: MODEL, etag: '"v1"' });
    assert.ok(again?.kind === 'estimate' && again.usd === first.usd && again.asOf === now && !again.stale);
  });

  it('offline: the last known price, kept across a reload, with its age; a failure is not retried for a minute', async () => {
    let now = 5_000_000;
    const storage = new MemoryStorage();
    const online = fakeList([listed(VARIANTS)]);
    await new PriceBook(online.client, { now: () => now }, storage).quote(MODEL, { duration: 8, resolution: '720p' });

    now += 2 * 60 * 60_000;
    const down = fakeList([offline(), offline()]);
    const reloaded = new PriceBook(down.client, { now: () => now }, storage);
    const q = await reloaded.quote(MODEL, { duration: 8, resolution: '720p' });
    assert.ok(q?.kind === 'estimate' && q.stale && q.asOf === 5_000_000, JSON.stringify(q));
    await reloaded.quote(MODEL, { duration: 4, resolution: '720p' });
    assert.equal(down.calls.length, 1, 'asked once, not on every estimate');
    now += 61_000;
    await reloaded.quote(MODEL, { duration: 4, resolution: '720p' });
    assert.equal(down.calls.length, 2, 'asked again after a minute');
  });

  it('no price ever had: undefined; a model the list does not price: "none"', async () => {
    const book = new PriceBook(fakeList([offline()]).client, { now: () => 0 });
    assert.equal(await book.quote(MODEL, { duration: 8 }), undefined);
    const other = new PriceBook(fakeList([listed(FIXED, 'google/veo-3.1-t2v')]).client, { now: () => 0 });
    assert.equal((await other.quote(MODEL, { duration: 8 }))?.kind, 'none');
  });

  it("finds the service's entry under an alias of the catalog's id", async () => {
    const book = new PriceBook(fakeList([listed(FIXED, 'veo-3.1-lite-generate-001')]).client, { now: () => 0 });
    const q = await book.quote('google/veo-3.1-lite-generate-001', { duration: 6 });
    assert.ok(q?.kind === 'estimate' && Math.abs(q.usd - 2.4) < 1e-9, JSON.stringify(q));
  });

  it('one fetch for estimates asked at the same time', async () => {
    const list = fakeList([listed(FIXED)]);
    const book = new PriceBook(list.client, { now: () => 0 });
    await Promise.all([1, 2, 3].map((d) => book.quote(MODEL, { duration: d })));
    assert.equal(list.calls.length, 1);
  });
});
