// The TimingModel: how long each model takes to generate, from the docs' prior and the
// jobs this user ran, persisted and checked on reload.
import assert from 'node:assert/strict';
import { TIMING_STORAGE_KEY, TimingModel } from '../../src/core/jobs/timing';
import { MemoryStorage } from '../../src/core/util/storage';

const SECOND = 1000;
const MODEL = 'google/veo-3.1-t2v-fast'; // docs' prior: 80–100 s

describe('TimingModel', () => {
  it("answers the docs' prior for a model without history", () => {
    const timing = new TimingModel();
    assert.deepEqual(timing.window('google/veo-3.1-i2v'), { minMs: 80_000, maxMs: 100_000 });
    assert.deepEqual(timing.window('google/veo-3.1-lite-generate-001'), { minMs: 50_000, maxMs: 70_000 });
    assert.deepEqual(timing.window('google/veo3-1-extend-video'), { minMs: 160_000, maxMs: 200_000 });
    const unknown = timing.window('google/veo-9');
    assert.ok(unknown.minMs <= 50_000 && unknown.maxMs >= 200_000, 'an unknown model gets a window covering every documented one');
  });

  it('takes priors from the caller when given', () => {
    const timing = new TimingModel(undefined, () => ({ minSeconds: 10, maxSeconds: 20 }));
    assert.deepEqual(timing.window(MODEL), { minMs: 10_000, maxMs: 20_000 });
  });

  it('shifts the window towards what the jobs really took, more with every sample', () => {
    const timing = new TimingModel();
    timing.record(MODEL, 150_000);
    const one = timing.window(MODEL);
    assert.ok(one.minMs > 80_000 && one.maxMs > 100_000, `one sample moves it: ${JSON.stringify(one)}`);
    for (let i = 0; i < 11; i++) timing.record(MODEL, 145_000 + (i % 3) * 5_000);
    const many = timing.window(MODEL);
    assert.ok(many.minMs > one.minMs && many.minMs > 120_000, `many samples move it further: ${JSON.stringify(many)}`);
    assert.ok(many.minMs <= 150_000 && many.maxMs >= 150_000, 'the window holds the typical duration');
  });

  it('keeps the last 20 samples per model, persisted under veoStudio.timing, and reloads them', () => {
    const storage = new MemoryStorage();
    const timing = new TimingModel(storage);
    for (let i = 0; i < 25; i++) timing.record(MODEL, 60_000 + i * 1000);
    timing.record('google/veo-3.1-lite-generate-001', 40_000);
    const stored = storage.get<Record<string, number[]>>(TIMING_STORAGE_KEY);
    assert.equal(stored?.[MODEL]?.length, 20);
    assert.equal(stored?.[MODEL]?.[0], 65_000, 'the oldest samples went first');
    const reloaded = new TimingModel(storage);
    assert.deepEqual(reloaded.window(MODEL), timing.window(MODEL));
    assert.equal(reloaded.sampleCount('google/veo-3.1-lite-generate-001'), 1);
  });

  it('ignores damaged storage and nonsense samples', async () => {
    const storage = new MemoryStorage();
    await storage.update(TIMING_STORAGE_KEY, { [MODEL]: ['x', -5, null, 90_000], other: 'nope' });
    const timing = new TimingModel(storage);
    assert.equal(timing.sampleCount(MODEL), 1);
    assert.equal(timing.sampleCount('other'), 0);
    for (const bad of [Number.NaN, -1, 0, 500, 10 * 60 * 60 * SECOND]) timing.record(MODEL, bad);
    assert.equal(timing.sampleCount(MODEL), 1);
    await storage.update(TIMING_STORAGE_KEY, 'garbage');
    assert.deepEqual(new TimingModel(storage).window(MODEL), { minMs: 80_000, maxMs: 100_000 });
  });

  it('never collapses to a zero-width window when every job took the same time', () => {
    const timing = new TimingModel();
    for (let i = 0; i < 20; i++) timing.record(MODEL, 90_000);
    const w = timing.window(MODEL);
    assert.ok(w.maxMs - w.minMs >= 4_000 && w.minMs < 90_000 && w.maxMs > 90_000, JSON.stringify(w));
  });
});
