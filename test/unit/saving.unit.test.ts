// Saving videos: at most a few downloads at once, queued in the order the jobs got there;
// a crash between placing a file and recording it never leaves two copies; and the sweep of
// temp files never takes another window's live one. Against the simulator's CDN over real
// HTTP, into a temp workspace, on the fake clock.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Job } from '../../src/core/jobs/job';
import { JOBS_KEY } from '../../src/core/jobs/jobStore';
import { MemoryStorage } from '../../src/core/util/storage';
import { makeManager, type ManagerHarness } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const MINUTE = 60_000;
const ended = (j: Job) => j.status !== 'pending' && j.status !== 'downloading' && j.status !== 'submitting' && j.status !== 'unconfirmed';

describe('saving videos', function () {
  this.timeout(30_000);
  const sim = useSimulator({ logsDelayMs: 0 });

  /**
   * Jobs the service finished, as a window that died before saving them left them: their
   * videos made and their links known, nothing saved. Made by a first manager, then edited
   * in storage (files gone, status back to downloading).
   */
  async function unsavedJobs(count: number, scenario: Parameters<typeof sim.nextJob>[0] = {}): Promise<{ storage: MemoryStorage; folder: string; jobs: Job[] }> {
    const storage = new MemoryStorage();
    const first = makeManager(sim, { storage });
    const jobs: Job[] = [];
    for (let i = 0; i < count; i++) {
      sim.nextJob({ queueMs: 0, generateMs: 0, ...scenario });
      const job = await first.manager.submit({ request: request(`Unsaved ${i}`), workspaceFolder: first.folder });
      jobs.push(await first.until(job.id, ended));
      await first.clock.advance(1_000);
    }
    first.manager.dispose();
    await first.store.flush();
    for (const job of jobs) {
      fs.rmSync(job.output!.file);
      fs.rmSync(job.output!.sidecar!);
    }
    const saved = storage.get<Job[]>(JOBS_KEY)!.map((j) => ({ ...j, status: 'downloading' as const, output: undefined, finishedAt: undefined }));
    await storage.update(JOBS_KEY, saved);
    return { storage, folder: first.folder, jobs };
  }

  /** The generation ids of the saves that waited for a slot, in the order they left the queue. */
  function dequeued(store: ManagerHarness['store']): string[] {
    const order: string[] = [];
    store.onDidChange(({ job, previous }) => {
      if (/Waiting for another video/.test(previous?.notice ?? '') && !/Waiting for another video/.test(job.notice ?? '')) order.push(job.generationId!);
    });
    return order;
  }

  it('a restart with 5 videos to save downloads 2 at a time, oldest job first', async () => {
    const { storage, folder, jobs } = await unsavedJobs(5, { videoBytes: 200_000 });
    const before = sim.requests.length;
    for (let i = 0; i < 5; i++) sim.fault({ on: 'cdn', bytesPerSecond: 1_000_000 });
    const second = makeManager(sim, { storage, folder });
    const started = dequeued(second.store);
    await second.manager.resumeAll();
    for (const job of jobs) assert.equal((await second.until(job.id, ended, { limitMs: 30 * MINUTE })).status, 'completed');
    assert.equal(sim.cdnPeakConcurrency(), 2, 'two downloads at a time');
    const fetched = sim.requests.slice(before).filter((r) => r.origin === 'cdn').map((r) => decodeURIComponent(path.basename(r.path, '.mp4')));
    const made = jobs.map((j) => j.generationId!);
    // The two oldest start at once (which reaches the CDN first is a race); the rest wait, in order.
    assert.deepEqual(new Set(fetched.slice(0, 2)), new Set(made.slice(0, 2)));
    assert.deepEqual(started, made.slice(2), 'the others waited, and went oldest first');
  });

  it('jobs finishing together are saved 2 at a time, in the order they finished', async () => {
    // Five checks leave together (no spacing), so five jobs finish in the same moment.
    const h = makeManager(sim, { poller: { maxConcurrentRequests: 5, minSpacingMs: 0 } });
    const jobs: Job[] = [];
    for (let i = 0; i < 5; i++) {
      sim.nextJob({ queueMs: 0, generateMs: 20_000, videoBytes: 150_000 });
      sim.fault({ on: 'cdn', bytesPerSecond: 1_000_000 });
      jobs.push(await h.manager.submit({ request: request(`Finish together ${i}`) }));
    }
    const finished: string[] = [];
    h.store.onDidChange(({ job, previous }) => {
      if (job.status === 'downloading' && previous?.status === 'pending') finished.push(job.generationId!);
    });
    const started = dequeued(h.store);
    for (const job of jobs) assert.equal((await h.until(job.id, ended, { limitMs: 30 * MINUTE })).status, 'completed');
    assert.equal(sim.cdnPeakConcurrency(), 2, 'two downloads at a time');
    assert.deepEqual(started, finished.slice(2), 'the ones that waited went in the order they finished');
  });

  it('a save waiting for a slot says so, and a cancelled one leaves the queue', async () => {
    const { storage, folder, jobs } = await unsavedJobs(3, { videoBytes: 300_000 });
    const before = sim.requests.length;
    sim.fault({ on: 'cdn', bytesPerSecond: 1_000_000 });
    const second = makeManager(sim, { storage, folder, maxConcurrentDownloads: 1 });
    await second.manager.resumeAll();
    const [first, middle, last] = jobs as [Job, Job, Job];
    assert.match(second.store.get(middle.id)?.notice ?? '', /Waiting for another video to finish saving/);
    assert.match(second.store.get(last.id)?.notice ?? '', /Waiting for another video to finish saving/);
    second.manager.cancel(middle.id);
    for (const job of [first, last]) assert.equal((await second.until(job.id, ended)).status, 'completed');
    assert.equal(second.store.get(middle.id)?.status, 'cancelled');
    const fetched = sim.requests.slice(before).filter((r) => r.origin === 'cdn').map((r) => decodeURIComponent(path.basename(r.path, '.mp4')));
    assert.deepEqual(fetched, [first.generationId, last.generationId], 'the cancelled one was never fetched');
    assert.equal(sim.cdnPeakConcurrency(), 1);
  });
});
