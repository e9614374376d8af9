// The key store (VS Code's SecretStorage: the OS keychain) failing is its own fault, not a
// network one: the key cannot be read, so nothing can be sent, and no wait helps until the
// person fixes the keychain. It says so plainly, fails fast, and never pauses a job's
// deadline as an outage would (on the fake clock, against the simulator).
import assert from 'node:assert/strict';
import { makeManager } from '../support/manager';
import { SIM_KEY, useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const MINUTE = 60_000;
const LOCKED = 'Cannot create an item in a locked collection';

describe('a key store that fails', function () {
  this.timeout(30_000);
  const sim = useSimulator({ logsDelayMs: 0 });

  it('19: while a job is watched, the job fails at once, resumable, saying the key store failed — not "could not reach the AI/ML API"', async () => {
    let locked = false;
    const h = makeManager(sim, {
      key: () => {
        if (locked) throw new Error(LOCKED);
        return SIM_KEY;
      },
      settings: () => ({ jobTimeoutMs: 30 * MINUTE, maxDownloadBytes: 50 * 1024 * 1024 }),
    });
    sim.nextJob({ queueMs: 0, generateMs: 3 * MINUTE });
    const job = await h.manager.submit({ request: request('Keychain locked while polling') });
    await h.until(job.id, (j) => j.remoteStatus !== undefined && j.status === 'pending');
    locked = true;
    const started = h.clock.now();
    const polls = sim.requests.filter((r) => r.method === 'GET').length;
    const ended = await h.until(job.id, (j) => j.status !== 'pending', { limitMs: 5 * MINUTE });
    assert.equal(ended.status, 'failed');
    assert.equal(ended.error?.kind, 'keyStore', ended.error?.message);
    assert.match(ended.error?.message ?? '', /secret storage/i);
    assert.match(ended.error?.message ?? '', new RegExp(LOCKED));
    assert.doesNotMatch(ended.error?.message ?? '', /Could not reach/);
    assert.ok(h.clock.now() - started < MINUTE, `it failed fast (after ${h.clock.now() - started} ms), without riding it out like an outage`);
    assert.equal(sim.requests.filter((r) => r.method === 'GET').length, polls, 'no request left without a key');
    // The service still has the job: Resume asks again once the keychain works.
    locked = false;
    h.manager.resume(job.id);
    const resumed = await h.until(job.id, (j) => j.status === 'completed' || j.status === 'failed', { limitMs: 30 * MINUTE });
    assert.equal(resumed.status, 'completed', resumed.error?.message);
  });

  it('19: a submit whose key cannot be read sends nothing, keeps no job, and says why', async () => {
    const h = makeManager(sim, {
      key: () => {
        throw new Error(LOCKED);
      },
    });
    await assert.rejects(h.manager.submit({ request: request('Never sent') }), (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'keyStore', error.message);
      assert.match(error.message, /secret storage/i);
      return true;
    });
    assert.equal(sim.posts().length, 0);
    assert.equal(h.store.all().length, 0, 'nothing was sent, so there is no job to keep');
  });
});
