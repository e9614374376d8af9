// What a status check can answer, end to end through the JobManager on the fake clock: a
// 504 from a proxy, a `completed` whose video URL arrives late (or not at all), status words
// from the provider's SDKs that end a job, words nobody knows, and numeric ids. Against the
// simulator over real HTTP.
import assert from 'node:assert/strict';
import { ServiceError } from '../../src/core/api/errors';
import { canResume } from '../../src/core/jobs/job';
import { JOBS_KEY, JobStore } from '../../src/core/jobs/jobStore';
import { jobSections } from '../../src/core/text/jobText';
import { MemoryStorage } from '../../src/core/util/storage';
import { makeManager } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const MINUTE = 60_000;

describe('status check answers', function () {
  this.timeout(20_000);
  const sim = useSimulator({ logsDelayMs: 0 });
  const settings = () => ({ jobTimeoutMs: 20 * MINUTE, maxDownloadBytes: 50 * 1024 * 1024 });

  // ---- 504 ------------------------------------------------------------------------------------

  it('a 504 on the status check is passing trouble: the job keeps going and completes', async () => {
    const { manager, until } = makeManager(sim, { settings });
    sim.nextJob({ queueMs: 0, generateMs: 30_000 });
    const job = await manager.submit({ request: request('Behind a slow proxy') });
    sim.fault({ on: 'poll', status: 504, times: 2 });
    const retrying = await until(job.id, (j) => /trying again/.test(j.notice ?? '') || j.status !== 'pending');
    assert.equal(retrying.status, 'pending', retrying.error?.message);
    const done = await until(job.id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.requests.filter((r) => r.method === 'GET' && r.status === 504).length, 2);
    assert.equal(new ServiceError(504).retryable, true);
  });

  it('a 504 on the create stays an ambiguous outcome: looked for, never sent again', async () => {
    const { manager, until } = makeManager(sim, { settings });
    sim.fault({ on: 'create', created: true, status: 504 });
    sim.nextJob({ queueMs: 0, generateMs: 5_000 });
    const sent = await manager.submit({ request: request('Gateway timeout on create') });
    assert.ok(sent.status === 'pending' || sent.status === 'unconfirmed', sent.status);
    const done = await until(sent.id, (j) => j.status === 'completed' || j.status === 'failed', { limitMs: 30 * MINUTE });
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.posts().length, 1);
  });

  // ---- status words -----------------------------------------------------------------------------

  for (const word of ['expired', 'timed_out', 'rejected']) {
    it(`"${word}" ends the job as failed by the service at once, not after the job timeout`, async () => {
      const { manager, until, clock } = makeManager(sim, { settings });
      sim.nextJob({ queueMs: 0, generateMs: 10 * MINUTE });
      const job = await manager.submit({ request: request(`Ends as ${word}`) });
      const started = clock.now();
      sim.fault({ on: 'poll', wrongShape: { id: job.id, status: word } });
      const ended = await until(job.id, (j) => j.status !== 'pending', { limitMs: 30 * MINUTE });
      assert.equal(ended.status, 'failed');
      assert.equal(ended.error?.kind, 'generation');
      assert.match(ended.error!.message, new RegExp(`"${word}"`));
      assert.ok(clock.now() - started < MINUTE, `ended after ${(clock.now() - started) / 1000} s`);
      assert.equal(sim.posts().length, 1);
    });
  }

  it('a word nobody knows keeps the job waiting, and says "unrecognised status" in its notice and details', async () => {
    const { manager, until, store } = makeManager(sim, { settings });
    sim.nextJob({ queueMs: 0, generateMs: 10 * MINUTE });
    const job = await manager.submit({ request: request('Unheard-of status') });
    sim.fault({ on: 'poll', wrongShape: { id: job.id, status: 'rendering' } });
    const seen = await until(job.id, (j) => j.remoteStatus === 'rendering' || j.status !== 'pending');
    assert.equal(seen.status, 'pending');
    assert.match(seen.notice ?? '', /unrecognised status "rendering"/i);
    const details = jobSections(seen, { now: 0 }).flatMap((s) => s.rows.map((r) => `${r.label}: ${r.value}`)).join('\n');
    assert.match(details, /unrecognised status "rendering"/i);
    // The next answer uses a known word again: the notice goes.
    const later = await until(job.id, (j) => j.remoteStatus === 'generating');
    assert.equal(later.notice, undefined);
    assert.equal(store.get(job.id)?.status, 'pending');
  });

  // ---- ids --------------------------------------------------------------------------------------

  it('a numeric generation id works on every status check: kept as an opaque string, polled, saved', async () => {
    const { manager, until } = makeManager(sim, { settings });
    sim.nextJob({ idAsNumber: true, id: '4815162342', queueMs: 0, generateMs: 20_000 });
    const job = await manager.submit({ request: request('Numbered') });
    assert.equal(job.generationId, '4815162342');
    const done = await until(job.id, (j) => j.status === 'completed' || j.status === 'failed' || j.status === 'timedOut', { limitMs: 30 * MINUTE });
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(done.generationId, '4815162342');
    const polls = sim.requests.filter((r) => r.method === 'GET' && r.path === '/v2/video/generations');
    assert.ok(polls.length >= 2 && polls.every((r) => r.query['generation_id'] === '4815162342' && r.status === 200), JSON.stringify(polls.map((r) => r.status)));
  });

  it('a job stored with a numeric generation id (an older answer) loads with it as a string', async () => {
    const storage = new MemoryStorage();
    const job = { id: 'old', status: 'pending', createdAt: 1, updatedAt: 1, generationId: 1234, request: request('Old one') };
    await storage.update(JOBS_KEY, [job]);
    const store = new JobStore(storage, { now: () => 0 });
    assert.equal(store.get('old')?.generationId, '1234');
    assert.equal(canResume({ ...store.get('old')!, status: 'timedOut' }), true);
  });

  // ---- completed, but no video URL --------------------------------------------------------------

  it('"completed" without a video URL is checked again: a URL that arrives 90 s later is saved', async () => {
    const { manager, until } = makeManager(sim, { settings });
    sim.nextJob({ queueMs: 0, generateMs: 10_000, videoUrlAfterMs: 90_000 });
    const job = await manager.submit({ request: request('Published late') });
    const waiting = await until(job.id, (j) => j.remoteStatus === 'completed' || j.status !== 'pending');
    assert.equal(waiting.status, 'pending', waiting.error?.message);
    assert.match(waiting.notice ?? '', /no video yet/);
    const done = await until(job.id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(done.status, 'completed', done.error?.message);
    assert.ok(done.output?.file);
    assert.equal(sim.posts().length, 1);
  });

  it('no video URL for a few minutes: the job ends resumable (no Retry needed), and Resume re-checks for free', async () => {
    const { manager, until, clock } = makeManager(sim, { settings });
    sim.nextJob({ queueMs: 0, generateMs: 10_000, videoUrlAfterMs: 20 * MINUTE });
    const job = await manager.submit({ request: request('Published much later') });
    const failed = await until(job.id, (j) => j.status === 'failed' || j.status === 'completed' || j.status === 'timedOut', { limitMs: 60 * MINUTE });
    assert.equal(failed.status, 'failed');
    assert.equal(canResume(failed), true, 'Resume, not Retry (which would pay again)');
    assert.notEqual(failed.error?.kind, 'generation');
    assert.match(failed.error!.message, /no video/);
    assert.match(failed.error!.message, /Resume/);
    const gaveUpAfter = failed.finishedAt! - (failed.submittedAt! + 10_000);
    assert.ok(gaveUpAfter >= 2 * MINUTE && gaveUpAfter <= 6 * MINUTE, `checked for ${gaveUpAfter / 1000} s`);
    const polls = () => sim.requests.filter((r) => r.method === 'GET').length;
    const count = polls();
    assert.ok(count < 40, `${count} checks`);
    await clock.advance(30 * MINUTE);
    assert.equal(polls(), count, 'nothing more until the person resumes');
    manager.resume(job.id);
    const done = await until(job.id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.posts().length, 1, 'Resume sent nothing new');
  });
});
