// When to poll next, as pure functions of what the Poller knows: the policies, the fault
// backoff, and the history each answer updates. Plain values in, a delay out: no clock,
// no timer, no network.
import assert from 'node:assert/strict';
import { generatingDuration, afterPending, NEW_HISTORY, type PollHistory } from '../../src/core/jobs/pollHistory';
import { adaptivePolicy, completionCdf, faultBackoff, fixedPolicy, type PollContext } from '../../src/core/jobs/pollPolicy';

const SECOND = 1000;
const MODEL = 'google/veo-3.1-t2v-fast'; // docs' prior: 80–100 s

function context(over: Partial<PollContext> = {}): PollContext {
  return {
    model: MODEL,
    now: 0,
    submittedAt: 0,
    polls: 0,
    phase: 'new',
    window: { minMs: 80 * SECOND, maxMs: 100 * SECOND },
    focused: true,
    random: () => 0.5,
    ...over,
  };
}

/** A generating job first seen generating at 3 s, asked at `now`. */
function generatingAt(now: number, over: Partial<PollContext> = {}): PollContext {
  return context({ phase: 'generating', generatingSeenAt: 3 * SECOND, polls: 2, now, ...over });
}

describe('adaptive policy', () => {
  const policy = adaptivePolicy();

  it('polls a few seconds after submission, and at once for a job resumed long after', () => {
    const first = policy.next(context());
    assert.ok(first >= 2 * SECOND && first <= 5 * SECOND, `first poll after ${first} ms`);
    assert.equal(policy.next(context({ now: 10 * 60 * SECOND })), 0);
  });

  it('thins out while the job waits in the queue, within 4–22 s', () => {
    const delays = [3, 7, 15, 40, 120, 600].map((s) => policy.next(context({ phase: 'queued', polls: 1, now: s * SECOND })));
    for (let i = 1; i < delays.length; i++) assert.ok((delays[i] ?? 0) >= (delays[i - 1] ?? 0), `non-decreasing: ${delays.join(', ')}`);
    assert.ok((delays[0] ?? 0) >= 3_600 && (delays[5] ?? 0) <= 22_000 && (delays[5] ?? 0) >= 15_000, delays.join(', '));
  });

  it('is sparse before the window opens, dense inside it, and backs off past it (capped at ~30 s)', () => {
    const before = policy.next(generatingAt(20 * SECOND));
    assert.ok(before >= 15 * SECOND, `before the window: ${before} ms`);
    assert.ok(20 * SECOND + before <= 85 * SECOND, 'but never sleeps through the opening of the window');
    for (const s of [84, 90, 96, 101]) {
      const inside = policy.next(generatingAt(s * SECOND));
      assert.ok(inside <= 4 * SECOND && inside >= 1 * SECOND, `inside the window at ${s} s: ${inside} ms`);
    }
    const tail = [110, 130, 180, 400].map((s) => policy.next(generatingAt(s * SECOND)));
    for (let i = 1; i < tail.length; i++) assert.ok((tail[i] ?? 0) >= (tail[i - 1] ?? 0), `grows: ${tail.join(', ')}`);
    assert.ok((tail[0] ?? 0) < 10 * SECOND && (tail[3] ?? 0) <= 33 * SECOND && (tail[3] ?? 0) >= 25 * SECOND, tail.join(', '));
  });

  it('spreads the dense polls over the start uncertainty of a job that was queued for minutes', () => {
    // Seen queued at 200 s, generating at 220 s: completion lies in [280 s, 320 s].
    const ctx = (now: number): PollContext => generatingAt(now, { lastQueuedAt: 200 * SECOND, generatingSeenAt: 220 * SECOND });
    assert.ok(policy.next(ctx(230 * SECOND)) >= 15 * SECOND);
    assert.ok(policy.next(ctx(300 * SECOND)) <= 4 * SECOND);
  });

  it('stretches the sparse phases when unfocused, never the dense window', () => {
    const sparse = (focused: boolean): number => policy.next(generatingAt(4 * SECOND, { focused, window: { minMs: 160_000, maxMs: 200_000 } }));
    assert.ok(sparse(false) > sparse(true) * 1.5, `${sparse(false)} vs ${sparse(true)}`);
    const queued = (focused: boolean): number => policy.next(context({ phase: 'queued', now: 300 * SECOND, focused }));
    assert.ok(queued(false) > queued(true) * 1.5);
    const dense = (focused: boolean): number => policy.next(generatingAt(90 * SECOND, { focused }));
    assert.equal(dense(false), dense(true));
  });

  it('adds a little jitter from the injected random source', () => {
    const at = (r: number): number => policy.next(generatingAt(90 * SECOND, { random: () => r }));
    const mid = at(0.5);
    assert.notEqual(at(0), at(0.999));
    assert.ok(at(0) >= mid * 0.89 && at(0.999) <= mid * 1.11, `${at(0)} / ${mid} / ${at(0.999)}`);
  });

  it('models completion as start (between two polls) plus a duration uniform over the window', () => {
    const cdf = completionCdf(0, 10_000, { minMs: 80_000, maxMs: 100_000 });
    assert.equal(cdf(79_999), 0);
    assert.equal(cdf(110_000), 1);
    assert.ok(Math.abs(cdf(95_000) - 0.5) < 1e-9, 'symmetric trapezoid: half way at the middle');
    assert.ok(cdf(85_000) < 0.25 * (85 - 80) / 20 + 0.01, 'ramps up slower than the window alone');
  });
});

describe('any policy input', () => {
  it('gives a finite, non-negative delay of at most ~90 s, the same for the same context', () => {
    const policy = adaptivePolicy();
    for (const phase of ['new', 'queued', 'generating'] as const) {
      for (const focused of [true, false]) {
        for (let s = 0; s <= 3600; s += 7) {
          const ctx = context({ phase, focused, now: s * SECOND, polls: phase === 'new' ? 0 : 3, ...(phase === 'generating' ? { generatingSeenAt: 3 * SECOND } : {}) });
          const delay = policy.next(ctx);
          assert.ok(Number.isFinite(delay) && delay >= 0 && delay <= 90 * SECOND, `${phase} focused=${focused} at ${s} s: ${delay}`);
          assert.equal(policy.next(ctx), delay, 'pure: no state between calls');
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

  it('learns a generating time from the middles of the two boundaries, only when they are narrow', () => {
    // Queued at 3 s, generating at 6 s, last pending at 95 s, completed at 98 s: 4.5 → 96.5.
    const h = afterAll(['queued', 3_000], ['generating', 6_000], ['generating', 95_000]);
    assert.equal(generatingDuration(h, 0, 98_000), 92_000);
    // Seen only through long gaps: 40 s of uncertainty on a ~90 s job teaches nothing.
    const wide = afterAll(['queued', 3_000], ['generating', 33_000], ['generating', 80_000]);
    assert.equal(generatingDuration(wide, 0, 100_000), undefined);
    assert.equal(generatingDuration(afterAll(['queued', 3_000]), 0, 90_000), undefined, 'never seen generating');
  });

  it('takes the submission as the queue boundary when no answer said queued', () => {
    const h = afterAll(['generating', 3_000], ['generating', 88_000]);
    assert.equal(generatingDuration(h, 0, 90_000), 89_000 - 1_500);
  });
});
