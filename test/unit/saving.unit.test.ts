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
import { VideoSaver } from '../../src/core/jobs/videoSaver';
import { makeManager, type ManagerHarness } from '../support/manager';
import { simHttp } from '../support/simHttp';
import { makeWorkspace } from '../support/workspace';
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

  // ---- a crash between placing the file and recording it --------------------------------------

  /**
   * A job saved by a first window, then put back the way a window killed between placing
   * the video and recording it would leave it: still "downloading" in the store, the video
   * under its final name, and `marker` ('link': the temp file as a second name of the video;
   * 'copy': the same on a file system without hard links; 'none') — with or without its sidecar.
   */
  async function killedAfterPlacing(marker: 'link' | 'copy' | 'none', sidecar: boolean): Promise<{ storage: MemoryStorage; folder: string; job: Job }> {
    const storage = new MemoryStorage();
    const first = makeManager(sim, { storage });
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const sent = await first.manager.submit({ request: request('Placed not recorded'), workspaceFolder: first.folder });
    const job = await first.until(sent.id, ended);
    assert.equal(job.status, 'completed');
    const videos = path.dirname(job.output!.file);
    // The temp file marks the placed video until the record is stored, then goes.
    await first.clock.runUntil('a recorded save to leave no temp file', () => fs.readdirSync(videos).every((f) => !f.startsWith('.veo-')));
    first.manager.dispose();
    await first.store.flush();
    if (!sidecar) fs.rmSync(job.output!.sidecar!);
    const temp = path.join(videos, `.veo-${job.id}.part`);
    if (marker === 'link') fs.linkSync(job.output!.file, temp);
    if (marker === 'copy') fs.copyFileSync(job.output!.file, temp);
    await storage.update(JOBS_KEY, storage.get<Job[]>(JOBS_KEY)!.map((j) => (j.id === job.id ? { ...j, status: 'downloading' as const, output: undefined, finishedAt: undefined } : j)));
    return { storage, folder: first.folder, job };
  }

  const cases: Array<[string, 'link' | 'copy' | 'none', boolean]> = [
    ['after placing, before the sidecar: found by its temp file (a hard link)', 'link', false],
    ['after placing, before the sidecar, where files cannot be linked: found by its temp copy', 'copy', false],
    ['after the sidecar, before the record: found by the sidecar that names the job', 'none', true],
  ];
  for (const [name, marker, sidecar] of cases) {
    it(`killed ${name}; no second download, no second copy`, async () => {
      const { storage, folder, job } = await killedAfterPlacing(marker, sidecar);
      const cdn = sim.requests.filter((r) => r.origin === 'cdn').length;
      const second = makeManager(sim, { storage, folder });
      await second.manager.resumeAll();
      const done = await second.until(job.id, ended);
      assert.equal(done.status, 'completed', done.error?.message);
      assert.equal(done.output?.file, job.output!.file, 'the placed file is the job\'s video');
      assert.equal(done.output?.bytes, job.output!.bytes);
      const videos = path.dirname(job.output!.file);
      await second.clock.runUntil('the mark to go', () => fs.readdirSync(videos).every((f) => !f.startsWith('.veo-')));
      assert.deepEqual(fs.readdirSync(videos).sort(), ['placed-not-recorded.json', 'placed-not-recorded.mp4'], 'one copy, its sidecar, no temp file');
      assert.equal(JSON.parse(fs.readFileSync(done.output!.sidecar!, 'utf8')).jobId, job.id);
      assert.equal(sim.requests.filter((r) => r.origin === 'cdn').length, cdn, 'nothing downloaded again');
    });
  }

  it('a file of the same name that is not the job\'s (no marker, no sidecar naming it) is left alone: the video goes beside it', async () => {
    const { storage, folder, job } = await killedAfterPlacing('none', false);
    const second = makeManager(sim, { storage, folder });
    await second.manager.resumeAll();
    const done = await second.until(job.id, ended);
    assert.equal(done.status, 'completed');
    assert.equal(path.basename(done.output!.file), 'placed-not-recorded-2.mp4');
  });

  it('the temp-file sweep never takes another window\'s live download, only old leftovers and this window\'s finished jobs\' temps', async () => {
    const { storage, folder, job } = await unsavedJobs(1).then((u) => ({ ...u, job: u.jobs[0]! }));
    const videos = path.join(folder, 'videos');
    const other = path.join(videos, '.veo-other-window-job.part');
    const stale = path.join(videos, '.veo-crashed-long-ago.part');
    fs.writeFileSync(other, 'being written by another window');
    fs.writeFileSync(stale, 'left by a crash');
    const hourAgo = new Date(Date.now() - 60 * MINUTE);
    fs.utimesSync(stale, hourAgo, hourAgo);
    // A finished job of this window whose temp file was left (killed after recording it).
    const finishedId = 'finished-job-of-this-window';
    await storage.update(JOBS_KEY, [...storage.get<Job[]>(JOBS_KEY)!, { ...job, id: finishedId, status: 'completed' as const, createdAt: job.createdAt - 1 }]);
    const finishedTemp = path.join(videos, `.veo-${finishedId}.part`);
    fs.writeFileSync(finishedTemp, 'done');
    const second = makeManager(sim, { storage, folder });
    await second.manager.resumeAll();
    assert.equal((await second.until(job.id, ended)).status, 'completed');
    assert.ok(fs.existsSync(other), 'another window\'s live temp file stays');
    assert.ok(!fs.existsSync(stale), 'an hour-old leftover goes');
    assert.ok(!fs.existsSync(finishedTemp), 'the temp of a job of this window that ended goes');
  });

  it('keeps the temp file as a second name of the placed video until the record is stored, then removes it', async () => {
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const id = await simHttp(sim).createId();
    const polled = (await (await simHttp(sim).poll(id)).json()) as { video: { url: string } };
    const folder = makeWorkspace('veo-saver');
    sim.afterTest(() => fs.rmSync(folder, { recursive: true, force: true }));
    let release!: () => void;
    const stored = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    const job: Job = { id: 'marker-job', generationId: id, status: 'downloading', videoUrl: polled.video.url, createdAt: 0, updatedAt: 0, request: request('Marked until recorded') };
    const saver = new VideoSaver({
      clock: sim.clock,
      outputFolder: () => folder,
      settings: () => ({ maxDownloadBytes: 50 * 1024 * 1024 }),
      current: () => job,
      recorded: () => stored,
      onEvent: (e) => events.push(e.kind),
    });
    saver.save(job);
    await sim.clock.runUntil('the save to be reported', () => events.includes('saved'));
    const video = path.join(folder, 'marked-until-recorded.mp4');
    const marker = path.join(folder, '.veo-marker-job.part');
    assert.equal(fs.statSync(marker).ino, fs.statSync(video).ino, 'the temp file is a second name of the video');
    release();
    await sim.clock.runUntil('the mark to go', () => !fs.existsSync(marker));
    assert.ok(fs.existsSync(video));
    saver.dispose();
  });
});
