// veoStudio.jobTimeoutMinutes reaches the jobs already running: the deadline is read from
// the current setting whenever it matters, not fixed when watching started.
import assert from 'node:assert/strict';
import type { JobSettings } from '../../src/core/jobs/job';
import { makeManager } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const MINUTE = 60_000;

describe('the job timeout setting', function () {
  this.timeout(20_000);
  const sim = useSimulator({ logsDelayMs: 0 });

  function changeable(minutes: number): { settings: () => JobSettings; set(minutes: number): void } {
    let current = minutes;
    return {
      settings: () => ({ jobTimeoutMs: current * MINUTE, maxDownloadBytes: 50 * 1024 * 1024 }),
      set: (m) => (current = m),
    };
  }

  it('raised while a job runs: the job gets the longer timeout and completes', async () => {
    const timeout = changeable(1);
    const { manager, until, clock } = makeManager(sim, { settings: timeout.settings });
    sim.nextJob({ queueMs: 0, generateMs: 5 * MINUTE });
    const job = await manager.submit({ request: request('Needs longer') });
    await clock.advance(30_000);
    assert.equal(manager.store.get(job.id)?.status, 'pending');
    timeout.set(20);
    const done = await until(job.id, (j) => j.status !== 'pending' && j.status !== 'downloading', { limitMs: 60 * MINUTE });
    assert.equal(done.status, 'completed', done.error?.message);
  });

  it('lowered while a job runs: the job times out by the new deadline, and says so', async () => {
    const timeout = changeable(20);
    const { manager, until, clock } = makeManager(sim, { settings: timeout.settings });
    sim.nextJob({ queueMs: 0, generateMs: 30 * MINUTE });
    const job = await manager.submit({ request: request('Takes too long') });
    await clock.advance(MINUTE);
    timeout.set(2);
    const ended = await until(job.id, (j) => j.status !== 'pending', { limitMs: 60 * MINUTE });
    assert.equal(ended.status, 'timedOut');
    const after = ended.finishedAt! - ended.submittedAt!;
    assert.ok(after >= 2 * MINUTE && after <= 3 * MINUTE, `timed out after ${after / 1000} s`);
    assert.match(ended.error!.message, /after 2 min/);
  });
});
