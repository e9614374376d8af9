// The JobStore and the JobManager under plain Node, against the simulator over real HTTP,
// with the real downloader writing into a temp folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VeoClient } from '../../src/core/api/client';
import { AuthError, ServiceError, ValidationError } from '../../src/core/api/errors';
import type { Job } from '../../src/core/jobs/job';
import { JobManager } from '../../src/core/jobs/jobManager';
import { JOBS_KEY, JobStore, type JobChange } from '../../src/core/jobs/jobStore';
import { fixedPolicy } from '../../src/core/jobs/pollPolicy';
import { TimingModel } from '../../src/core/jobs/timing';
import { MemoryStorage } from '../../src/core/util/storage';
import { startSimulator, type VeoSimulator } from '../simulator/simulator';
import { FIXTURES } from '../support/paths';

const KEY = 'sim-test-key';
const T2V = 'google/veo-3.1-t2v-fast';

function baseJob(id: string, createdAt: number, extra: Partial<Job> = {}): Job {
  return { id, createdAt, updatedAt: createdAt, status: 'pending', request: { model: T2V, prompt: id, media: {}, options: {} }, ...extra };
}

describe('JobStore', () => {
  it('lists newest first, persists every change in order, and fires only on real change', async () => {
    const storage = new MemoryStorage();
    let now = 1000;
    const store = new JobStore(storage, { now: () => now });
    const events: JobChange[] = [];
    store.onDidChange((e) => events.push(e));
    store.add(baseJob('a', 1));
    store.add(baseJob('b', 2));
    assert.deepEqual(store.all().map((j) => j.id), ['b', 'a']);
    now = 2000;
    store.update('a', { remoteStatus: 'queued' });
    store.update('a', { remoteStatus: 'queued' });
    store.update('a', { notice: undefined });
    assert.equal(events.length, 3, 'two adds and one real update');
    assert.equal(store.get('a')!.updatedAt, 2000);
    store.update('a', { remoteStatus: 'generating', notice: 'busy' });
    store.update('a', { notice: undefined });
    assert.equal('notice' in store.get('a')!, false, 'undefined removes a key');
    await store.flush();
    const saved = storage.get<Job[]>(JOBS_KEY)!;
    assert.deepEqual(new Set(saved.map((j) => j.id)), new Set(['a', 'b']));
    const reopened = new JobStore(storage, { now: () => now });
    assert.deepEqual(reopened.get('a'), store.get('a'));
    assert.equal(store.remove('b'), true);
    assert.equal(events.at(-1)?.removed, true);
  });

  it('drops corrupt entries when loading and forgets the oldest finished jobs past 500', async () => {
    const storage = new MemoryStorage();
    await storage.update(JOBS_KEY, [null, { id: 'x' }, baseJob('ok', 1)]);
    const store = new JobStore(storage, { now: () => 0 });
    assert.deepEqual(store.all().map((j) => j.id), ['ok']);
    for (let i = 0; i < 510; i++) store.add(baseJob(`done-${i}`, 10 + i, { status: 'completed' }));
    assert.equal(store.all().filter((j) => j.status === 'completed').length, 500);
    assert.ok(store.get('ok'), 'active jobs are never pruned');
    assert.ok(!store.get('done-0'));
  });
});

describe('JobManager', function () {
  this.timeout(20_000);
  let sim: VeoSimulator;
  let dir: string;
  let key: string | undefined;
  const managers: JobManager[] = [];

  before(async () => {
    sim = await startSimulator({ apiKeys: [KEY], timing: () => ({ queueMs: 50, generateMs: 200 }) });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    key = KEY;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-jobs-'));
    fs.mkdirSync(path.join(dir, 'images'));
    fs.copyFileSync(path.join(FIXTURES, 'frame-720p.png'), path.join(dir, 'images', 'frame.png'));
  });
  afterEach(() => {
    for (const m of managers.splice(0)) m.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function manager(storage = new MemoryStorage()): { manager: JobManager; store: JobStore } {
    const store = new JobStore(storage, { now: () => Date.now() });
    const m = new JobManager({
      store,
      client: new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: async () => key, timeoutMs: 3000 }),
      timing: new TimingModel(),
      media: { roots: () => [dir] },
      outputFolder: (job) => path.join(job.workspaceFolder ?? dir, job.request.outputFolder ?? 'videos'),
      settings: () => ({ jobTimeoutMs: 60_000, maxDownloadBytes: 50 * 1024 * 1024 }),
      poller: { policy: fixedPolicy(100), random: () => 0.5 },
    });
    managers.push(m);
    return { manager: m, store };
  }

  function until(store: JobStore, id: string, done: (j: Job) => boolean, ms = 10_000): Promise<Job> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const job = store.get(id);
        if (job && done(job)) {
          sub.dispose();
          clearTimeout(timer);
          resolve(job);
        }
      };
      const sub = store.onDidChange(check);
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`timeout; job is ${JSON.stringify(store.get(id))}`));
      }, ms);
      check();
    });
  }

  it('submits an image job, polls it, and saves the video byte-identical with its sidecar', async () => {
    const { manager: m, store } = manager();
    const job = await m.submit({
      request: { model: 'google/veo-3.1-i2v', prompt: 'A fox runs', media: { image_url: { kind: 'file', path: path.join(dir, 'images', 'frame.png') } }, options: { duration: '4' } },
      workspaceFolder: dir,
    });
    assert.equal(job.status, 'pending');
    assert.deepEqual(job.request.options, { aspect_ratio: '16:9', duration: 4, resolution: '1080p', generate_audio: true });
    const done = await until(store, job.id, (j) => j.status === 'completed');
    assert.deepEqual(fs.readFileSync(done.output!.file), fs.readFileSync(path.join(FIXTURES, 'sample.mp4')));
    assert.equal(done.output!.file, path.join(dir, 'videos', 'a-fox-runs.mp4'));
    const sidecar = JSON.parse(fs.readFileSync(done.output!.sidecar!, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(sidecar['sources'], { image_url: 'images/frame.png' });
    assert.equal(sidecar['bytes'], fs.statSync(done.output!.file).size);
    assert.ok((done.usage?.usd ?? 0) > 0);
    assert.equal(sim.cdnAuthorizationSeen(), false);
  });

  it('refuses an invalid request before creating a job or sending anything', async () => {
    const { manager: m, store } = manager();
    await assert.rejects(m.submit({ request: { model: T2V, prompt: '', media: {}, options: {} } }), ValidationError);
    await assert.rejects(
      m.submit({ request: { model: 'google/veo-3.1-i2v', prompt: 'x', media: { image_url: { kind: 'file', path: path.join(dir, 'nope.png') } }, options: {} } }),
      (e: ValidationError) => e.issues[0]?.field === 'image_url' && /not found/.test(e.message),
    );
    fs.symlinkSync('/etc/hostname', path.join(dir, 'images', 'sneaky.png'));
    await assert.rejects(
      m.submit({ request: { model: 'google/veo-3.1-i2v', prompt: 'x', media: { image_url: { kind: 'file', path: path.join(dir, 'images', 'sneaky.png') } }, options: {} } }),
      /outside the workspace/,
    );
    assert.equal(store.all().length, 0);
    assert.equal(sim.requests.length, 0);
  });

  it('refuses an output name or folder it could not save to before anything is sent (and billed)', async () => {
    const { manager: m, store } = manager();
    await assert.rejects(
      m.submit({ request: { model: T2V, prompt: 'x', media: {}, options: {}, outputName: '../escape' }, workspaceFolder: dir }),
      (e: ValidationError) => e.issues[0]?.field === 'outputName',
    );
    const strict = new JobManager({
      store,
      client: new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: async () => key }),
      timing: new TimingModel(),
      media: { roots: () => [dir] },
      outputFolder: () => {
        throw new Error('Open a folder first: Veo Studio saves videos into the workspace.');
      },
      settings: () => ({ jobTimeoutMs: 60_000, maxDownloadBytes: 1e9 }),
    });
    managers.push(strict);
    await assert.rejects(
      strict.submit({ request: { model: T2V, prompt: 'x', media: {}, options: {} } }),
      (e: ValidationError) => e.issues[0]?.field === 'outputFolder' && /Open a folder first/.test(e.message),
    );
    assert.equal(store.all().length, 0);
    assert.equal(sim.requests.length, 0);
  });

  it('keeps a job whose create failed as failed, never re-POSTs it, and forgets one that had no key', async () => {
    const { manager: m, store } = manager();
    sim.fault({ on: 'create', status: 500 });
    await assert.rejects(m.submit({ request: { model: T2V, prompt: 'Server trouble', media: {}, options: {} } }), ServiceError);
    await new Promise((r) => setTimeout(r, 300));
    const [failed] = store.all();
    assert.equal(failed?.status, 'failed');
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 1);
    key = undefined;
    await assert.rejects(m.submit({ request: { model: T2V, prompt: 'No key', media: {}, options: {} } }), AuthError);
    assert.equal(store.all().length, 1, 'the keyless attempt left no job behind');
  });

  it('after a restart: marks a job cut off mid-POST, resumes polling, and saves a completed-but-unsaved one', async () => {
    const storage = new MemoryStorage();
    const first = manager(storage);
    sim.nextJob({ queueMs: 0, generateMs: 1500 });
    const a = await first.manager.submit({ request: { model: T2V, prompt: 'Resume me', media: {}, options: {} }, workspaceFolder: dir });
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const b = await first.manager.submit({ request: { model: T2V, prompt: 'Save me', media: {}, options: {} }, workspaceFolder: dir });
    const savedB = await until(first.store, b.id, (j) => j.status === 'completed');
    first.manager.dispose();
    await first.store.flush();
    // What a window that died would have left: A pending, B completed on the service but
    // not saved yet (its file gone again), and a job cut off in the middle of its POST.
    fs.rmSync(savedB.output!.file);
    fs.rmSync(savedB.output!.sidecar!);
    const saved = storage.get<Job[]>(JOBS_KEY)!.map((j) =>
      j.id === b.id ? { ...j, status: 'downloading' as const, output: undefined, finishedAt: undefined } : j,
    );
    saved.push(baseJob('mid-post', Date.now(), { status: 'submitting' }));
    await storage.update(JOBS_KEY, saved);
    fs.mkdirSync(path.join(dir, 'videos'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'videos', `.veo-orphan.part`), 'partial');

    const posts = sim.requests.filter((r) => r.method === 'POST').length;
    const second = manager(storage);
    await second.manager.resumeAll();
    assert.equal(second.store.get('mid-post')?.status, 'failed');
    assert.match(second.store.get('mid-post')!.error!.message, /not known whether the service received it/);
    assert.equal((await until(second.store, a.id, (j) => j.status === 'completed')).output!.file, path.join(dir, 'videos', 'resume-me.mp4'));
    assert.equal((await until(second.store, b.id, (j) => j.status === 'completed')).output!.file, path.join(dir, 'videos', 'save-me.mp4'));
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, posts, 'nothing was re-POSTed');
    assert.ok(!fs.existsSync(path.join(dir, 'videos', '.veo-orphan.part')), 'stale temp files are swept');
  });

  it('cancel mid-download aborts the socket and removes the temp file', async () => {
    const { manager: m, store } = manager();
    sim.nextJob({ queueMs: 0, generateMs: 0, videoBytes: 20_000_000 });
    sim.fault({ on: 'cdn', bytesPerSecond: 2_000_000 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Too slow', media: {}, options: {} }, workspaceFolder: dir });
    await until(store, job.id, (j) => j.status === 'downloading');
    await new Promise((r) => setTimeout(r, 700));
    m.cancel(job.id);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(store.get(job.id)!.status, 'cancelled');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'videos')), []);
  });

  it('asks the service for a fresh URL when the CDN link has expired', async () => {
    const { manager: m, store } = manager();
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Expired link', media: {}, options: {} }, workspaceFolder: dir });
    sim.fault({ on: 'cdn', status: 403 });
    const done = await until(store, job.id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.requests.filter((r) => r.origin === 'cdn').length, 2);
  });

  it('fails a job the service failed, with its reason; retry sends the same body again', async () => {
    const { manager: m, store } = manager();
    sim.nextJob({ outcome: 'failed', errorFormat: 'string', errorMessage: 'Audio model unavailable', queueMs: 0, generateMs: 0 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Will fail', media: {}, options: { seed: 9 } }, workspaceFolder: dir });
    const failed = await until(store, job.id, (j) => j.status === 'failed');
    assert.equal(failed.error?.message, 'Audio model unavailable');
    const again = await m.retry(job.id);
    assert.notEqual(again.id, job.id);
    const posts = sim.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(posts[1]!.body, posts[0]!.body);
  });

  it('times a job out at its deadline, and resume watches it again with a fresh timeout', async () => {
    const store = new JobStore(new MemoryStorage(), { now: () => Date.now() });
    let timeoutMs = 400;
    const m = new JobManager({
      store,
      client: new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: async () => key }),
      timing: new TimingModel(),
      media: { roots: () => [dir] },
      outputFolder: () => path.join(dir, 'videos'),
      settings: () => ({ jobTimeoutMs: timeoutMs, maxDownloadBytes: 1e9 }),
      poller: { policy: fixedPolicy(100) },
    });
    managers.push(m);
    sim.nextJob({ queueMs: 0, generateMs: 1500 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Slow one', media: {}, options: {} }, workspaceFolder: dir });
    const timedOut = await until(store, job.id, (j) => j.status === 'timedOut');
    assert.match(timedOut.error!.message, /Resume/);
    timeoutMs = 60_000;
    m.resume(job.id);
    assert.equal(store.get(job.id)!.status, 'pending');
    await until(store, job.id, (j) => j.status === 'completed');

    // When the last checks failed, the timeout says so instead of blaming a slow job.
    timeoutMs = 400;
    sim.nextJob({ queueMs: 0, generateMs: 1500 });
    const broken = await m.submit({ request: { model: T2V, prompt: 'Unreachable', media: {}, options: {} }, workspaceFolder: dir });
    sim.fault({ on: 'poll', status: 503, times: 20 });
    const timedOutBroken = await until(store, broken.id, (j) => j.status === 'timedOut');
    assert.match(timedOutBroken.error!.message, /The last checks failed: .*503/);
  });
});
