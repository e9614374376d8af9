// The TimingModel: how long each model takes to generate, from the docs' prior and the
// jobs this account ran (as the brackets the polls allow), persisted per account and
// checked on reload.
import assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, TIMING_STORAGE_KEY, TimingModel, type GenerationWindow } from '../../src/core/jobs/timing';
import { MemoryStorage } from '../../src/core/util/storage';

const SECOND = 1000;
const MODEL = 'google/veo-3.1-t2v-fast'; // docs' prior: 80–100 s
const LITE = 'google/veo-3.1-lite-generate-001'; // 50–70 s
const EXTEND = 'google/veo3-1-extend-video'; // 160–200 s

/** The middle of the window: the median of the law's main part (its tails aside). */
const median = (w: GenerationWindow): number => Math.sqrt(w.minMs * w.maxMs);

/** Jobs that took about `seconds` each, seen through ±2 s brackets. */
function run(timing: TimingModel, model: string, ...seconds: number[]): void {
  for (const s of seconds) timing.record(model, { minMs: (s - 2) * SECOND, maxMs: (s + 2) * SECOND });
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${(actual / SECOND).toFixed(1)} s, expected ${(expected / SECOND).toFixed(1)} ± ${(tolerance / SECOND).toFixed(1)} s`);
}

describe('TimingModel', () => {
  it("starts from the docs' centre, held loosely: a third faster or slower is still inside", () => {
    const timing = new TimingModel();
    for (const [model, lo, hi] of [
      ['google/veo-3.1-i2v', 80, 100],
      [LITE, 50, 70],
      [EXTEND, 160, 200],
    ] as const) {
      const w = timing.window(model);
      near(median(w), Math.sqrt(lo * hi) * SECOND, 2 * SECOND, `${model} median`);
      assert.ok(w.minMs < lo * SECOND * 0.75 && w.maxMs > hi * SECOND * 1.3, `${model}: ${JSON.stringify([w.minMs, w.maxMs])}`);
      assert.equal(w.samples, 0);
      assert.equal(w.explore, true, 'a new account explores');
    }
    const unknown = timing.window('google/veo-9');
    assert.ok(unknown.minMs <= 50_000 && unknown.maxMs >= 200_000, 'an unknown model gets a window covering every documented one');
  });

  it('takes priors from the caller when given', () => {
    const timing = new TimingModel(undefined, () => ({ minSeconds: 10, maxSeconds: 20 }));
    near(median(timing.window(MODEL)), Math.sqrt(200) * SECOND, 0.5 * SECOND, 'median');
  });

  it('moves to what the jobs took, and narrows as they agree', () => {
    const timing = new TimingModel();
    run(timing, MODEL, 150);
    const one = timing.window(MODEL);
    assert.ok(median(one) > 130 * SECOND, `one job moves it most of the way: ${median(one)}`);
    run(timing, MODEL, 147, 152, 149, 151, 148, 150, 153);
    const many = timing.window(MODEL);
    near(median(many), 150 * SECOND, 3 * SECOND, 'median after eight jobs');
    assert.ok(many.maxMs - many.minMs < one.maxMs - one.minMs, 'narrower');
    assert.ok(many.minMs > 125 * SECOND && many.maxMs < 180 * SECOND, JSON.stringify([many.minMs, many.maxMs]));
    assert.equal(many.explore, false);
  });

  it('learns from wide brackets too (a job polled sparsely still says where it ended)', () => {
    const timing = new TimingModel();
    // Jobs 40 % faster than the docs, each seen only between two polls 20 s apart.
    for (let i = 0; i < 6; i++) timing.record(MODEL, { minMs: 45 * SECOND, maxMs: 65 * SECOND });
    const w = timing.window(MODEL);
    assert.ok(median(w) >= 45 * SECOND && median(w) <= 65 * SECOND, `inside the brackets: ${median(w)}`);
    assert.equal(timing.sampleCount(MODEL), 6, 'none thrown away');
  });

  it('shrugs off one extreme outlier', () => {
    const timing = new TimingModel();
    run(timing, MODEL, 90, 88, 92, 91, 89, 87, 93, 90);
    const before = timing.window(MODEL);
    run(timing, MODEL, 700);
    const during = timing.window(MODEL);
    near(median(during), median(before), 5 * SECOND, 'the median waits for a second opinion');
    run(timing, MODEL, 91);
    const after = timing.window(MODEL);
    near(after.minMs, before.minMs, 3 * SECOND, 'min');
    near(after.maxMs, before.maxMs, 3 * SECOND, 'max');
  });

  it('learns a service that changed from two jobs', () => {
    const timing = new TimingModel();
    run(timing, MODEL, 90, 88, 92, 91, 89, 87, 93, 90);
    run(timing, MODEL, 52, 50);
    near(median(timing.window(MODEL)), 51 * SECOND, 4 * SECOND, 'faster');
    run(timing, MODEL, 150, 148);
    near(median(timing.window(MODEL)), 149 * SECOND, 6 * SECOND, 'then slower');
  });

  it('lets one model learn from the others of the account', () => {
    const timing = new TimingModel();
    run(timing, MODEL, 45, 46, 44, 45);
    // Lite has no jobs of its own: the account runs at half the docs, so lite likely does too.
    near(median(timing.window(LITE)), 30 * SECOND, 6 * SECOND, 'lite borrows the speed');
    // And when one model's service changes, one job of another model out there is enough.
    run(timing, EXTEND, 180, 178, 182);
    run(timing, MODEL, 90, 91);
    run(timing, EXTEND, 355);
    near(median(timing.window(EXTEND)), 355 * SECOND, 25 * SECOND, 'extend follows at once');
  });

  it('moves every model a little when one of them runs faster, even by too little to look like a new service', () => {
    const timing = new TimingModel();
    for (let i = 0; i < 6; i++) {
      run(timing, MODEL, 89 + (i % 3));
      run(timing, EXTEND, 178 + 2 * (i % 3));
    }
    const before = median(timing.window(EXTEND));
    near(before, 181 * SECOND, 3 * SECOND, 'extend settled');
    // 15 % faster: inside what the jobs' spread allows, so no alarm; the level moves.
    run(timing, MODEL, 76.5);
    const after = median(timing.window(EXTEND));
    assert.ok(after < before * 0.95 && after > before * 0.8, `extend after one faster job of another model: ${(after / SECOND).toFixed(1)} s (was ${(before / SECOND).toFixed(1)} s)`);
    assert.equal(timing.window(EXTEND).law?.length, 3, 'no alarm part: the move is the level');
  });

  it('places a far job seen only through a one-sided bracket near its bounded edge', () => {
    const timing = new TimingModel();
    run(timing, MODEL, 90, 89, 91, 90);
    // Finished by 33 s (the poll before saw it generating at once): somewhere in [0, 33 s].
    timing.record(MODEL, { minMs: 0, maxMs: 33 * SECOND });
    const suspect = timing.window(MODEL).law?.find((part) => part.medianMs < 40 * SECOND && part.weight > 0.2);
    assert.ok(suspect, 'the far job is looked for again');
    // The middle of its logarithm would be 6 s; the job most likely took most of the 33 s.
    assert.ok(suspect.medianMs > 20 * SECOND && suspect.medianMs <= 33 * SECOND, `placed at ${(suspect.medianMs / SECOND).toFixed(1)} s`);
  });

  it('keeps each account apart, and reset() forgets only the current one', () => {
    const storage = new MemoryStorage();
    let account = 'real';
    const timing = new TimingModel(storage, undefined, () => account);
    run(timing, MODEL, 150, 151, 149);
    account = 'sandbox';
    run(timing, MODEL, 13, 14, 12);
    near(median(timing.window(MODEL)), 13 * SECOND, 2 * SECOND, 'sandbox');
    account = 'real';
    near(median(timing.window(MODEL)), 150 * SECOND, 4 * SECOND, 'real');
    timing.reset();
    assert.equal(timing.sampleCount(MODEL), 0);
    assert.equal(timing.window(MODEL).explore, true);
    account = 'sandbox';
    assert.equal(timing.sampleCount(MODEL), 3, 'the other account keeps its jobs');
    run(timing, LITE, 13);
    timing.reset(MODEL);
    assert.equal(timing.sampleCount(MODEL), 0);
    assert.equal(timing.sampleCount(LITE), 1, 'reset(model) forgets that model only');
  });

  it('keeps the last 30 jobs per model, persisted under veoStudio.timing, and reloads them', () => {
    const storage = new MemoryStorage();
    const timing = new TimingModel(storage);
    for (let i = 0; i < 35; i++) timing.record(MODEL, 60_000 + i * 1000);
    timing.record(LITE, { minMs: 38_000, maxMs: 42_000, polls: 6, watchedMs: 44_000 });
    const stored = storage.get<{ version: number; accounts: Record<string, unknown[][]> }>(TIMING_STORAGE_KEY);
    assert.equal(stored?.version, 2);
    const history = stored?.accounts[DEFAULT_ACCOUNT] ?? [];
    assert.equal(history.filter((e) => e[0] === MODEL).length, 30);
    assert.deepEqual(history.find((e) => e[0] === MODEL)?.slice(1, 3), [65_000, 65_000], 'the oldest went first');
    assert.deepEqual(history[history.length - 1], [LITE, 38_000, 42_000, 6, 44_000]);
    const reloaded = new TimingModel(storage);
    assert.deepEqual(reloaded.window(MODEL), timing.window(MODEL));
    assert.equal(reloaded.sampleCount(LITE), 1);
  });

  it('reads the older format, and ignores damaged storage and nonsense samples', async () => {
    const storage = new MemoryStorage();
    await storage.update(TIMING_STORAGE_KEY, { [MODEL]: ['x', -5, null, 90_000], other: 'nope' });
    const timing = new TimingModel(storage);
    assert.equal(timing.sampleCount(MODEL), 1, 'version 1: { model: [ms] }');
    assert.equal(timing.sampleCount('other'), 0);
    for (const bad of [Number.NaN, -1, 0, 500, 10 * 60 * 60 * SECOND]) timing.record(MODEL, bad);
    timing.record(MODEL, { minMs: 50_000, maxMs: 40_000 });
    assert.equal(timing.sampleCount(MODEL), 1);
    await storage.update(TIMING_STORAGE_KEY, { version: 2, accounts: { [DEFAULT_ACCOUNT]: [[MODEL, 'x', 3], [5, 1, 2], 'junk'], other: 'nope' } });
    assert.equal(new TimingModel(storage).sampleCount(MODEL), 0);
    await storage.update(TIMING_STORAGE_KEY, 'garbage');
    near(median(new TimingModel(storage).window(MODEL)), 89.4 * SECOND, SECOND, 'back to the prior');
  });

  it('never collapses to a zero-width window when every job took the same time', () => {
    const timing = new TimingModel();
    for (let i = 0; i < 20; i++) timing.record(MODEL, 90_000);
    const w = timing.window(MODEL);
    assert.ok(w.maxMs - w.minMs >= 4_000 && w.minMs < 90_000 && w.maxMs > 90_000, JSON.stringify([w.minMs, w.maxMs]));
  });

  it('measures what polling cost against a fixed 10 s poller, once a few jobs say', () => {
    const timing = new TimingModel();
    timing.record(MODEL, { minMs: 88_000, maxMs: 92_000, polls: 9, watchedMs: 95_000 });
    timing.record(MODEL, { minMs: 88_000, maxMs: 92_000, polls: 9, watchedMs: 95_000 });
    assert.equal(timing.window(MODEL).spend, undefined, 'two jobs are too few');
    timing.record(LITE, { minMs: 58_000, maxMs: 62_000, polls: 6, watchedMs: 65_000 });
    // A fixed poller: 95 s → 9.5 + 1.5 = 11 polls, 65 s → 8 polls.
    near(timing.window(LITE).spend ?? 0, (9 + 9 + 6) / (11 + 11 + 8), 0.001, 'spend');
  });
});
