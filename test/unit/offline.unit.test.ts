// Offline (at start-up, or a VPN still connecting): a job's deadline counts only time the
// service could be asked; checks and saves that cannot get through wait instead of failing;
// when a request succeeds again, everything waiting goes on by itself; and "Resume All"
// resumes every job that can be. "Offline" is the simulator dropping every connection
// (`drop` faults, queued many times, then cleared), on the fake clock.
import assert from 'node:assert/strict';
import type { Job, JobSettings } from '../../src/core/jobs/job';
import { MemoryStorage } from '../../src/core/util/storage';
import { makeManager, type ManagerHarness } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FOREVER = 100_000;

describe('offline', function () {
  this.timeout(30_000);
  const sim = useSimulator({ logsDelayMs: 0 });
  const settings = (): JobSettings => ({ jobTimeoutMs: 20 * MINUTE, maxDownloadBytes: 50 * 1024 * 1024 });

  function goOffline(): void {
    sim.fault({ on: 'any', drop: true, times: FOREVER });
    sim.fault({ on: 'cdn', drop: true, times: FOREVER });
  }

  /** Lets `ms` of fake time pass, waiting for real requests as they come and go. */
  async function pass(h: ManagerHarness, ms: number): Promise<void> {
    const end = h.clock.now() + ms;
    const quietUntilEnd = () => h.clock.now() >= end || (!h.busy() && (h.clock.nextAt() ?? Infinity) > end);
    await h.clock.runUntil(`${ms} ms to pass`, quietUntilEnd, { busy: h.busy, limitMs: ms + MINUTE });
    if (h.clock.now() < end) await h.clock.advance(end - h.clock.now());
  }

  const ended = (j: Job) => j.status !== 'pending' && j.status !== 'downloading' && j.status !== 'submitting' && j.status !== 'unconfirmed';

  it('at start-up: two overdue jobs do not time out while the service cannot be reached, and complete by themselves once it can', async () => {
    const storage = new MemoryStorage();
    const first = makeManager(sim, { storage, settings });
    sim.nextJob({ queueMs: 0, generateMs: 2 * HOUR + 45 * MINUTE });
    sim.nextJob({ queueMs: 0, generateMs: 2 * HOUR + 45 * MINUTE });
    const a = await first.manager.submit({ request: request('Overdue A'), workspaceFolder: first.folder });
    const b = await first.manager.submit({ request: request('Overdue B'), workspaceFolder: first.folder });
    await first.until(b.id, (j) => j.remoteStatus === 'generating');
    await pass(first, 2 * MINUTE);
    first.manager.dispose();
    await first.store.flush();
    // VS Code stays closed for two hours: by the clock both jobs are long past 20 minutes.
    await sim.clock.advance(2 * HOUR);
    goOffline();

    const second = makeManager(sim, { storage, folder: first.folder, settings });
    await second.manager.resumeAll();
    await pass(second, 30 * MINUTE);
    for (const id of [a.id, b.id]) {
      const job = second.store.get(id)!;
      assert.equal(job.status, 'pending', `${job.request.prompt}: ${job.error?.message ?? ''}`);
      assert.match(job.notice ?? '', /Network problem/);
    }
    const failedChecks = sim.requests.filter((r) => r.method === 'GET' && r.fault?.drop).length;
    assert.ok(failedChecks >= 2 && failedChecks < 60, `${failedChecks} checks in 30 min offline: backing off, not hammering`);

    sim.clearFaults();
    for (const id of [a.id, b.id]) {
      const done = await second.until(id, ended, { limitMs: 2 * HOUR });
      assert.equal(done.status, 'completed', done.error?.message);
    }
    assert.equal(sim.posts().length, 2, 'nothing was sent again');
  });

  it('a save that cannot reach the video server waits (it does not fail within seconds) and saves once it can', async () => {
    const h = makeManager(sim, { settings });
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    sim.fault({ on: 'cdn', drop: true, times: 6 });
    const job = await h.manager.submit({ request: request('Saved after the outage') });
    const waiting = await h.until(job.id, (j) => (j.status === 'downloading' && /trying again/.test(j.notice ?? '')) || ended(j));
    assert.equal(waiting.status, 'downloading');
    const done = await h.until(job.id, ended, { limitMs: HOUR });
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.requests.filter((r) => r.origin === 'cdn').length, 7);
  });

  it('when a request succeeds again, a save waiting for the network starts at once, not at the end of its backoff', async () => {
    const h = makeManager(sim, { settings });
    sim.fault({ on: 'cdn', drop: true, times: FOREVER });
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const saving = await h.manager.submit({ request: request('Waits for the network') });
    sim.nextJob({ queueMs: 0, generateMs: 2 * HOUR });
    const watched = await h.manager.submit({ request: request('Keeps the poller busy') });
    await h.until(saving.id, (j) => /trying again/.test(j.notice ?? '') || ended(j));
    sim.fault({ on: 'any', drop: true, times: FOREVER });
    await pass(h, 10 * MINUTE);
    assert.equal(h.store.get(saving.id)?.status, 'downloading', h.store.get(saving.id)?.error?.message);
    assert.equal(h.store.get(watched.id)?.status, 'pending');

    sim.clearFaults();
    const back = h.clock.now();
    h.manager.refresh();
    const done = await h.until(saving.id, ended, { limitMs: HOUR });
    assert.equal(done.status, 'completed', done.error?.message);
    const cdnAfter = sim.requests.filter((r) => r.origin === 'cdn' && r.at >= back);
    assert.ok(cdnAfter[0] && cdnAfter[0].at - back < 1_000, `the save started ${(cdnAfter[0]?.at ?? Infinity) - back} ms after the first answer`);
  });

  it('a job cut off mid-POST is looked for as long as the usage logs cannot be reached, and found once they can', async () => {
    const storage = new MemoryStorage();
    const first = makeManager(sim, { storage, settings });
    sim.fault({ on: 'create', created: true, drop: true });
    sim.nextJob({ queueMs: 0, generateMs: 5 * MINUTE });
    const sent = await first.manager.submit({ request: request('Lost answer, then offline'), workspaceFolder: first.folder });
    assert.equal(sent.status, 'unconfirmed');
    first.manager.dispose();
    await first.store.flush();
    goOffline();
    const second = makeManager(sim, { storage, folder: first.folder, settings });
    await second.manager.resumeAll();
    await pass(second, 40 * MINUTE);
    const still = second.store.get(sent.id)!;
    assert.equal(still.status, 'unconfirmed', still.error?.message);
    sim.clearFaults();
    const done = await second.until(sent.id, ended, { limitMs: HOUR });
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(done.identifiedBy, 'logs');
    assert.equal(sim.posts().length, 1);
  });

  it('Resume All resumes every timed-out or failed-on-our-side job, says how many, and leaves cancelled and final ones', async () => {
    let timeoutMs = MINUTE;
    const h = makeManager(sim, { settings: () => ({ jobTimeoutMs: timeoutMs, maxDownloadBytes: 50 * 1024 * 1024 }) });
    sim.nextJob({ queueMs: 0, generateMs: 10 * MINUTE });
    const slow = await h.manager.submit({ request: request('Timed out') });
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    sim.fault({ on: 'cdn', status: 500, times: 3 });
    const unsaved = await h.manager.submit({ request: request('Save failed') });
    sim.nextJob({ queueMs: 0, generateMs: 10 * MINUTE });
    const cancelled = await h.manager.submit({ request: request('Cancelled') });
    sim.nextJob({ queueMs: 0, generateMs: 0, outcome: 'failed' });
    const refused = await h.manager.submit({ request: request('Failed by the service') });
    h.manager.cancel(cancelled.id);
    assert.equal((await h.until(slow.id, ended)).status, 'timedOut');
    assert.equal((await h.until(unsaved.id, ended)).error?.kind, 'download');
    assert.equal((await h.until(refused.id, ended)).error?.kind, 'generation');

    timeoutMs = HOUR;
    assert.equal(h.manager.resumeEverything(), 2);
    for (const id of [slow.id, unsaved.id]) assert.equal((await h.until(id, ended, { limitMs: HOUR })).status, 'completed');
    assert.equal(h.store.get(cancelled.id)?.status, 'cancelled');
    assert.equal(h.store.get(refused.id)?.status, 'failed');
    assert.equal(h.manager.resumeEverything(), 0, 'nothing left to resume');
    assert.equal(sim.posts().length, 4, 'Resume All sends nothing new');
  });
});
