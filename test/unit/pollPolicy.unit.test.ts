// When to poll next, as pure functions of what the Poller knows: the policies, the fault
// backoff, and the history each answer updates. Plain values in, a delay out: no clock,
// no timer, no network.
import assert from 'node:assert/strict';
import type { DurationLaw } from '../../src/core/jobs/durationLaw';
import { generatingDuration, afterPending, NEW_HISTORY, type PollHistory } from '../../src/core/jobs/pollHistory';
import { adaptivePolicy, completionCdf, DEFAULT_TUNING, faultBackoff, fixedPolicy, type PollContext } from '../../src/core/jobs/pollPolicy';
import type { GenerationWindow } from '../../src/core/jobs/timing';

const SECOND = 1000;
const MODEL = 'google/veo-3.1-t2v-fast'; // docs' prior: 80–100 s

/** A learned, narrow law around 90 s, with the thin tails the TimingModel keeps. */
function learned(medianS = 90, spread = 0.05, over: Partial<GenerationWindow> = {}): GenerationWindow {
  const law: DurationLaw = [
    { medianMs: medianS * SECOND, logSpread: spread, weight: 0.93 },
    { medianMs: medianS * 1.5 * SECOND, logSpread: 1, weight: 0.04 },
    { medianMs: medianS * 0.6 * SECOND, logSpread: 0.2, weight: 0.03 },
  ];
  return { minMs: medianS * 0.92 * SECOND, maxMs: medianS * 1.08 * SECOND, law, samples: 10, explore: false, ...over };
}

function context(over: Partial<PollContext> = {}): PollContext {
  return {
    model: MODEL,
    now: 0,
    submittedAt: 0,
    polls: 0,
    phase: 'new',
    window: learned(),
    focused: true,
    random: () => 0.5,
    ...over,
  };
}

/** A generating job first seen generating at 3 s, asked at `now`. */
function generatingAt(now: number, over: Partial<PollContext> = {}): PollContext {
  return context({ phase: 'generating', generatingSeenAt: 3 * SECOND, polls: 2, now, ...over });
}

/** The polls a job would get from `from` on, answered "still generating" each time. */
function schedule(window: GenerationWindow, untilMs: number, over: Partial<PollContext> = {}): number[] {
  const policy = adaptivePolicy();
  const times: number[] = [];
  for (let now = 3 * SECOND; now < untilMs; ) {
    now += policy.next(generatingAt(now, { window, polls: times.length + 1, ...over }));
    times.push(now);
  }
  return times;
}

const gapsOf = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));

describe('adaptive policy', () => {
  const policy = adaptivePolicy();

  it('polls a few seconds after submission, and at once for a job resumed long after', () => {
    const first = policy.next(context());
    assert.ok(first >= 2 * SECOND && first <= 5 * SECOND, `first poll after ${first} ms`);
    assert.equal(policy.next(context({ now: 10 * 60 * SECOND })), 0);
  });

  it('thins out while the job waits in the queue, within 4–25 s', () => {
    const delays = [3, 7, 15, 40, 120, 600].map((s) => policy.next(context({ phase: 'queued', polls: 1, now: s * SECOND })));
    for (let i = 1; i < delays.length; i++) assert.ok((delays[i] ?? 0) >= (delays[i - 1] ?? 0), `non-decreasing: ${delays.join(', ')}`);
    assert.ok((delays[0] ?? 0) >= 3_600 && (delays[5] ?? 0) <= 27_500 && (delays[5] ?? 0) >= 20_000, delays.join(', '));
  });

  it('is sparse before a learned window, dense inside it, and backs off past it', () => {
    const times = schedule(learned(), 200 * SECOND);
    const before = times.filter((t) => t < 75 * SECOND);
    assert.ok(before.length <= 3, `few polls before the window: ${times.map((t) => t / SECOND).join(' ')}`);
    const inside = gapsOf(times).filter((_, i) => (times[i] ?? 0) >= 85 * SECOND && (times[i] ?? 0) <= 95 * SECOND);
    assert.ok(inside.length >= 3 && inside.every((g) => g <= 3 * SECOND), `dense inside: ${inside.join(', ')}`);
    const tail = gapsOf(times).filter((_, i) => (times[i] ?? 0) >= 130 * SECOND);
    assert.ok(tail.length > 0 && tail.every((g) => g >= 4 * SECOND), `sparse past it: ${tail.join(', ')}`);
  });

  it('never waits longer than max(capMinMs, capGrowth × age), nor two minutes', () => {
    for (const window of [learned(), learned(600, 0.05), learned(13, 0.05)]) {
      for (let s = 4; s <= 1200; s += 7) {
        const age = s * SECOND;
        const delay = policy.next(generatingAt(age, { window }));
        const cap = Math.min(DEFAULT_TUNING.capMaxMs, Math.max(DEFAULT_TUNING.capMinMs, DEFAULT_TUNING.capGrowth * age));
        assert.ok(delay <= cap * (1 + DEFAULT_TUNING.jitter), `at ${s} s: ${delay} > ${cap}`);
      }
    }
  });

  it('looks early and often while the account explores (the sandbox finishes in 12 s)', () => {
    const explored = schedule(learned(90, 0.3, { explore: true }), 40 * SECOND);
    assert.ok((explored[0] ?? 0) <= 16 * SECOND, `second poll at ${explored[0]} ms`);
    const trusted = schedule(learned(90, 0.3), 40 * SECOND);
    assert.ok((trusted[0] ?? 0) > (explored[0] ?? 0));
  });

  it('spreads the dense polls over the start uncertainty of a job that was queued for minutes', () => {
    // Seen queued at 200 s, generating at 220 s: completion lies in about [285 s, 315 s].
    const ctx = (now: number): PollContext => generatingAt(now, { lastQueuedAt: 200 * SECOND, generatingSeenAt: 220 * SECOND });
    assert.ok(policy.next(ctx(230 * SECOND)) >= 15 * SECOND);
    assert.ok(policy.next(ctx(300 * SECOND)) <= 4 * SECOND);
  });

  it('stretches when unfocused, a little', () => {
    const at = (now: number, focused: boolean): number => policy.next(generatingAt(now, { focused }));
    assert.ok(at(10 * SECOND, false) > at(10 * SECOND, true), 'sparse phase');
    assert.ok(at(90 * SECOND, false) > at(90 * SECOND, true), 'dense phase');
    assert.ok(at(90 * SECOND, false) <= at(90 * SECOND, true) * DEFAULT_TUNING.unfocusedStretch * 1.05, 'by the stretch at most');
    const queued = (focused: boolean): number => policy.next(context({ phase: 'queued', now: 300 * SECOND, focused }));
    assert.ok(queued(false) > queued(true));
  });

  it('polls less when the account has been costing more than a 10 s poller', () => {
    const at = (spend: number | undefined): number => policy.next(generatingAt(88 * SECOND, { window: learned(90, 0.05, spend === undefined ? {} : { spend }) }));
    assert.ok(at(1.5) > at(undefined) && at(undefined) > at(0.6), `${at(1.5)} / ${at(undefined)} / ${at(0.6)}`);
  });

  it('adds a little jitter from the injected random source', () => {
    const at = (r: number): number => policy.next(generatingAt(90 * SECOND, { random: () => r }));
    const mid = at(0.5);
    assert.notEqual(at(0), at(0.999));
    assert.ok(at(0) >= mid * 0.89 && at(0.999) <= mid * 1.11, `${at(0)} / ${mid} / ${at(0.999)}`);
  });

  it('plans with a bare [min, max] window when the TimingModel gives no law', () => {
    const bare = { minMs: 80 * SECOND, maxMs: 100 * SECOND };
    const times = schedule(bare, 150 * SECOND);
    assert.ok(times.some((t) => t > 85 * SECOND && t < 95 * SECOND), times.join(' '));
  });

  it('models completion as start (between two polls) plus a duration by the law', () => {
    const law: DurationLaw = [{ medianMs: 90_000, logSpread: 0.05, weight: 1 }];
    const cdf = completionCdf(0, 10_000, law);
    assert.equal(cdf(0), 0);
    assert.ok(cdf(70_000) < 1e-3 && cdf(120_000) > 0.999);
    let last = 0;
    for (let t = 60_000; t <= 120_000; t += 1000) {
      assert.ok(cdf(t) >= last, 'non-decreasing');
      last = cdf(t);
    }
    assert.ok(Math.abs(cdf(95_000) - 0.5) < 0.05, `about half by start-middle + median: ${cdf(95_000)}`);
  });
});

describe('any policy input', () => {
  it('gives a finite, non-negative delay of at most ~2 min, the same for the same context', () => {
    const policy = adaptivePolicy();
    for (const phase of ['new', 'queued', 'generating'] as const) {
      for (const focused of [true, false]) {
        for (const window of [learned(), { minMs: 80 * SECOND, maxMs: 100 * SECOND }, learned(13, 0.3, { explore: true, spend: 3 })]) {
          for (let s = 0; s <= 3600; s += 7) {
            const ctx = context({ phase, focused, window, now: s * SECOND, polls: phase === 'new' ? 0 : 3, ...(phase === 'generating' ? { generatingSeenAt: 3 * SECOND } : {}) });
            const delay = policy.next(ctx);
            assert.ok(Number.isFinite(delay) && delay >= 0 && delay <= 150 * SECOND, `${phase} focused=${focused} at ${s} s: ${delay}`);
            assert.equal(policy.next(ctx), delay, 'pure: no state between calls');
          }
        }
      }
    }
  });
});

describe('fixed policy', () => {
  it('polls at once, then every interval, whatever the phase', () => {
    const p = fixedPolicy(10_000);
    assert.equal(p.next(context()), 0);
    assert.equal(p.next(context({ phase: 'queued', now: 3000 })), 10_000);
    assert.equal(p.next(generatingAt(90_000)), 10_000);
  });
});

describe('fault backoff', () => {
  it('doubles from 5 s per failure in a row, up to 2 min', () => {
    const mid = (attempt: number): number => faultBackoff(attempt, () => 0.5);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(mid), [5, 10, 20, 40, 80, 120, 120, 120].map((s) => s * SECOND));
  });

  it('jitters by ± 20 %, never past the cap', () => {
    assert.equal(faultBackoff(1, () => 0), 4_000);
    assert.equal(faultBackoff(1, () => 0.999_999), 6_000);
    assert.equal(faultBackoff(3, () => 0.25), 18_000);
    assert.equal(faultBackoff(9, () => 0.999_999), 120_000, 'the cap holds after jitter');
    assert.equal(faultBackoff(9, () => 0), 96_000);
  });

  it('treats attempt 0 or less as the first', () => {
    assert.equal(faultBackoff(0, () => 0.5), 5_000);
  });
});

describe('poll history', () => {
  const afterAll = (...answers: Array<[string, number]>): PollHistory => answers.reduce((h, [status, at]) => afterPending(h, status, at), NEW_HISTORY);

  it('counts answers and keeps the phase boundaries: last queued, first generating, last pending', () => {
    const h = afterAll(['queued', 3_000], ['queued', 7_000], ['generating', 12_000], ['generating', 30_000]);
    assert.deepEqual(h, { polls: 4, phase: 'generating', lastQueuedAt: 7_000, generatingSeenAt: 12_000, lastPendingAt: 30_000 });
    assert.deepEqual(NEW_HISTORY, { polls: 0, phase: 'new' }, 'never changed in place');
  });

  it('starts the generating phase over when the job goes back to the queue', () => {
    const h = afterAll(['generating', 3_000], ['queued', 10_000], ['active', 20_000]);
    assert.equal(h.phase, 'generating');
    assert.equal(h.lastQueuedAt, 10_000);
    assert.equal(h.generatingSeenAt, 20_000);
  });

  it('reads the older words and an unknown word through the status table', () => {
    assert.equal(afterAll(['Waiting', 1]).phase, 'queued');
    assert.equal(afterAll(['active', 1]).phase, 'generating');
    assert.equal(afterAll(['rendering', 1]).phase, 'generating');
  });

  it('gives the generating time as the bracket the polls allow, with what watching cost', () => {
    // Queued at 3 s, generating at 6 s, last pending at 95 s, completed at 98 s:
    // it generated more than 95 − 6 = 89 s and less than 98 − 3 = 95 s.
    const h = afterAll(['queued', 3_000], ['generating', 6_000], ['generating', 95_000]);
    assert.deepEqual(generatingDuration(h, 0, 98_000), { minMs: 89_000, maxMs: 95_000, polls: 4, watchedMs: 98_000 });
    // Seen only through long gaps: a wide bracket, still given (the TimingModel weighs it).
    const wide = afterAll(['queued', 3_000], ['generating', 33_000], ['generating', 80_000]);
    assert.deepEqual(generatingDuration(wide, 0, 100_000), { minMs: 47_000, maxMs: 97_000, polls: 4, watchedMs: 100_000 });
    assert.equal(generatingDuration(afterAll(['queued', 3_000]), 0, 90_000), undefined, 'never seen generating');
  });

  it('takes the submission as the queue boundary when no answer said queued', () => {
    const h = afterAll(['generating', 3_000], ['generating', 88_000]);
    assert.deepEqual(generatingDuration(h, 0, 90_000), { minMs: 85_000, maxMs: 90_000, polls: 3, watchedMs: 90_000 });
  });
});
