// Never paying twice for one job: a create whose answer was lost is adopted by the id in its
// headers or found in the usage logs — exactly one POST, and the video saved — and a 429 on
// create waits and sends again. Against the simulator's docs-shaped faults, on fake time.
import assert from 'node:assert/strict';
import type { Job } from '../../src/core/jobs/job';
import { runShots } from '../../src/core/shotList/runner';
import { jobSections } from '../../src/core/text/jobText';
import { makeManager } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const costRow = (job: Job) =>
  jobSections(job, { now: Date.now() })
    .flatMap((s) => s.rows)
    .find((r) => r.label === 'Cost')?.value;

describe('never paying twice', () => {
  const sim = useSimulator({ logsDelayMs: 0 });

  for (const [name, fault] of [
    ['created, then the connection drops before the answer', { on: 'create', created: true, drop: true }],
    ['created, then 502', { on: 'create', created: true, status: 502 }],
    ['created, then a 2xx with an unreadable body', { on: 'create', created: true, malformed: true }],
  ] as const) {
    it(`${name}: one POST, the job is found and its video saved, and it never reads "not billed"`, async () => {
      const { manager, until } = makeManager(sim);
      sim.fault({ ...fault, times: 1 });
      sim.nextJob({ queueMs: 0, generateMs: 10_000 });
      const sent = await manager.submit({ request: request(`Lost answer: ${name}`) });
      assert.notEqual(costRow(sent), undefined);
      assert.doesNotMatch(costRow(sent)!, /not billed/i);
      const saved = await until(sent.id, (j) => j.status === 'completed' || j.status === 'failed', { limitMs: 30 * 60_000 });
      assert.equal(saved.status, 'completed', saved.error?.message);
      assert.ok(saved.output?.file, 'saved');
      assert.equal(sim.posts().length, 1, 'exactly one POST reached the service');
      assert.ok(saved.identifiedBy === 'headers' || saved.identifiedBy === 'logs', String(saved.identifiedBy));
    });
  }

  it('a lost answer with no headers is found in the usage logs, by its X-Client-Request-Id', async () => {
    const { manager, until } = makeManager(sim);
    // The socket dies before any byte: no headers, so only the logs can tell.
    sim.fault({ on: 'create', created: true, drop: true, times: 1 });
    sim.nextJob({ queueMs: 0, generateMs: 5_000 });
    const sent = await manager.submit({ request: request('Found by the logs') });
    assert.equal(sent.status, 'unconfirmed');
    const saved = await until(sent.id, (j) => j.status === 'completed', { limitMs: 30 * 60_000 });
    assert.equal(saved.identifiedBy, 'logs');
    assert.equal(sim.posts().length, 1);
    const post = sim.posts()[0]!;
    assert.equal(post.headers['x-client-request-id'], sent.id, 'the create carried the local job id');
  });

  it('not in the logs after 15 min: the job says so, offers nothing automatic, and sends nothing again', async () => {
    sim.setLogsDelayMs(60 * 60_000);
    const { manager, store, clock } = makeManager(sim);
    sim.fault({ on: 'create', created: true, drop: true, times: 1 });
    const sent = await manager.submit({ request: request('Never found') });
    assert.equal(sent.status, 'unconfirmed');
    await clock.advance(16 * 60_000);
    const ended = store.get(sent.id)!;
    assert.equal(ended.status, 'failed');
    assert.equal(ended.error?.kind, 'unconfirmed');
    assert.match(ended.error!.message, /if the first request did run, this bills twice/);
    assert.match(costRow(ended)!, /Unknown/);
    await clock.advance(60 * 60_000);
    assert.equal(sim.posts().length, 1, 'no second POST until the person asks for one');
  });

  it('a 500 that made nothing: the header id is unknown to the service, and the logs say "failed, no cost"', async () => {
    const { manager, until } = makeManager(sim);
    sim.fault({ on: 'create', status: 500, times: 1 });
    const sent = await manager.submit({ request: request('Server trouble') });
    const ended = await until(sent.id, (j) => j.status === 'failed', { limitMs: 30 * 60_000 });
    assert.equal(ended.error?.kind, 'notCreated', ended.error?.message);
    assert.match(costRow(ended)!, /Not billed/);
    assert.equal(sim.posts().length, 1);
  });

  it('429 on create: nothing was made; it waits for Retry-After, says so, sends again and completes', async () => {
    const { manager, store, until, clock } = makeManager(sim);
    sim.fault({ on: 'create', status: 429, retryAfter: '20', times: 1 });
    sim.nextJob({ queueMs: 0, generateMs: 5_000 });
    const started = clock.now();
    const submitting = manager.submit({ request: request('Rate-limited create') });
    // Let the first POST come back with its 429.
    for (let i = 0; i < 50 && !/rate limit/.test(store.all()[0]?.notice ?? ''); i++) await new Promise((r) => setImmediate(r));
    const waiting = store.all()[0]!;
    assert.equal(waiting.status, 'submitting');
    assert.match(waiting.notice!, /Waiting for the rate limit; sending again in 20 s/);
    await clock.advance(20_000);
    const sent = await submitting;
    const saved = await until(sent.id, (j) => j.status === 'completed', { limitMs: 30 * 60_000 });
    assert.equal(sim.posts().length, 2, 'the refused POST and the one that made the job');
    assert.ok(sim.posts()[1]!.at - sim.posts()[0]!.at >= 20_000 || clock.now() - started >= 20_000);
    assert.equal(saved.status, 'completed');
  });

  it('a 3-shot list under a rate limit: the runner waits instead of failing, and all three complete', async () => {
    const { manager, store, until, busy } = makeManager(sim);
    sim.fault({ on: 'create', status: 429, retryAfter: '10', times: 2 });
    for (let i = 0; i < 3; i++) sim.nextJob({ queueMs: 0, generateMs: 3_000 });
    const run = runShots(['one', 'two', 'three'], {
      submit: (prompt) => manager.submit({ request: request(`Shot ${prompt}`), shotList: { file: '/w/list.veo.json', index: ['one', 'two', 'three'].indexOf(prompt) } }),
      jobs: store,
      limit: () => 2,
    });
    let result: Awaited<typeof run> | undefined;
    void run.then((r) => (result = r));
    // Fake time runs while no request is on the wire: the waits for Retry-After pass, the jobs complete.
    await sim.clock.runUntil('the run to end', () => result, { busy, limitMs: 5 * 60_000 });
    assert.ok(result, 'the run ended');
    assert.equal(result.failures.length, 0, result.failures.map((f) => String(f.error)).join('; '));
    for (const job of result.jobs) assert.equal((await until(job!.id, (j) => j.status === 'completed', { limitMs: 30 * 60_000 })).status, 'completed');
  });
});
