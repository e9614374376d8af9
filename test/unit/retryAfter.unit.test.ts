// A 429 whose Retry-After says "0", says nothing readable, or names a moment already past
// must not become a 429 loop: the account's rate gate (src/core/api/rateGate.ts) waits at
// least its floor and backs off as if no Retry-After was given. A usable value is honoured
// exactly. On polls and on creates, through the JobManager, on the fake clock.
import assert from 'node:assert/strict';
import { FLOOR_MS } from '../../src/core/api/rateGate';
import type { RecordedRequest } from '../simulator/simulator';
import { makeManager } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
/** The gate's backoff without a usable Retry-After starts at 5 s, jittered by ±20 %. */
const BACKOFF_MIN_MS = 4_000;

/** For every 429 but the last, how long until the next request of the same kind. */
function gapsAfter429(requests: readonly RecordedRequest[]): number[] {
  const gaps: number[] = [];
  requests.forEach((r, i) => {
    const next = requests[i + 1];
    if (r.status === 429 && next) gaps.push(next.at - r.at);
  });
  return gaps;
}

describe('Retry-After', function () {
  this.timeout(20_000);
  const sim = useSimulator({ logsDelayMs: 0 });
  const settings = () => ({ jobTimeoutMs: 20 * 60_000, maxDownloadBytes: 50 * 1024 * 1024 });

  const unusable: Array<[string, (now: number) => string]> = [
    ['0', () => '0'],
    ['garbage', () => 'soon, maybe'],
    ['an HTTP date in the past', (now) => new Date(now - 60_000).toUTCString()],
  ];

  for (const [name, value] of unusable) {
    it(`polls: Retry-After ${name} waits at least the floor and backs off (no 429 loop), then the job completes`, async () => {
      const { manager, until, clock } = makeManager(sim, { settings });
      sim.nextJob({ queueMs: 0, generateMs: 60_000 });
      const job = await manager.submit({ request: request(`Polls, Retry-After ${name}`) });
      sim.fault({ on: 'poll', retryAfter: value(clock.now()), times: 3 });
      const done = await until(job.id, (j) => j.status === 'completed' || j.status === 'failed' || j.status === 'timedOut');
      assert.equal(done.status, 'completed', done.error?.message);
      const polls = sim.requests.filter((r) => r.method === 'GET' && r.path === '/v2/video/generations');
      const gaps = gapsAfter429(polls);
      assert.equal(gaps.length, 3, JSON.stringify(polls.map((r) => r.status)));
      for (const gap of gaps) assert.ok(gap >= Math.max(FLOOR_MS, BACKOFF_MIN_MS), `a poll ${gap} ms after a 429 (${gaps.join(', ')})`);
      assert.ok((gaps[2] ?? 0) > (gaps[0] ?? 0), `the waits grow: ${gaps.join(', ')}`);
    });

    it(`creates: Retry-After ${name} waits at least the floor and backs off before sending again`, async () => {
      const { manager, until, clock } = makeManager(sim, { settings });
      sim.fault({ on: 'create', retryAfter: value(clock.now()), times: 2 });
      sim.nextJob({ queueMs: 0, generateMs: 5_000 });
      let sent: Awaited<ReturnType<typeof manager.submit>> | undefined;
      void manager.submit({ request: request(`Creates, Retry-After ${name}`) }).then((j) => (sent = j));
      await clock.runUntil('the create to be accepted', () => sent, { limitMs: 10 * 60_000 });
      const posts = sim.posts();
      assert.deepEqual(posts.map((r) => r.status), [429, 429, 200]);
      const gaps = gapsAfter429(posts);
      for (const gap of gaps) assert.ok(gap >= Math.max(FLOOR_MS, BACKOFF_MIN_MS), `a create ${gap} ms after a 429 (${gaps.join(', ')})`);
      assert.equal((await until(sent!.id, (j) => j.status === 'completed')).status, 'completed');
    });
  }

  it('polls: a usable Retry-After (7 s) is waited exactly, not the backoff', async () => {
    const { manager, until } = makeManager(sim, { settings });
    sim.nextJob({ queueMs: 0, generateMs: 60_000 });
    const job = await manager.submit({ request: request('Polls, Retry-After 7') });
    sim.fault({ on: 'poll', retryAfter: '7', times: 2 });
    await until(job.id, (j) => j.status === 'completed');
    const gaps = gapsAfter429(sim.requests.filter((r) => r.method === 'GET'));
    assert.equal(gaps.length, 2);
    for (const gap of gaps) assert.ok(gap >= 7_000 && gap < 7_500, `a poll ${gap} ms after "Retry-After: 7"`);
  });

  it('creates: a usable Retry-After (an HTTP date 30 s ahead) is waited until that moment', async () => {
    const { manager, clock } = makeManager(sim, { settings });
    const at = clock.now() + 30_000;
    sim.fault({ on: 'create', retryAfter: new Date(at).toUTCString() });
    let sent: unknown;
    void manager.submit({ request: request('Creates, Retry-After date') }).then((j) => (sent = j));
    await clock.runUntil('the create to be accepted', () => sent, { limitMs: 10 * 60_000 });
    const [limited, accepted] = sim.posts();
    assert.equal(limited?.status, 429);
    assert.ok(accepted && accepted.at >= at && accepted.at < at + 1_000, `sent again ${(accepted?.at ?? 0) - at} ms after the date`);
  });
});
