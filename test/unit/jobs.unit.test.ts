// The JobStore and the JobManager under plain Node, against the simulator over real HTTP,
// with the real downloader writing into a temp workspace, on the fake clock: job time
// (queueing, generating, timeouts, retries) passes only when the test runs it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuthError, ValidationError } from '../../src/core/api/errors';
import type { Job } from '../../src/core/jobs/job';
import { COALESCE_MS, JOBS_KEY, JobStore, type JobChange } from '../../src/core/jobs/jobStore';
import { fixedPolicy } from '../../src/core/jobs/pollPolicy';
import { MemoryStorage } from '../../src/core/util/storage';
import { FakeClock } from '../support/fakeClock';
import { makeManager } from '../support/manager';
import { FIXTURES } from '../support/paths';
import { SIM_KEY, useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';

function baseJob(id: string, createdAt: number, extra: Partial<Job> = {}): Job {
  return { id, createdAt, updatedAt: createdAt, status: 'pending', request: { model: T2V, prompt: id, media: {}, options: {} }, ...extra };
}

describe('JobStore', () => {
  it('lists newest first, persists every change in order, and fires only on real change', async () => {
    const storage = new MemoryStorage();
    const clock = new FakeClock(1000);
    const store = new JobStore(storage, clock);
    const events: JobChange[] = [];
    store.onDidChange((e) => events.push(e));
    store.add(baseJob('a', 1));
    store.add(baseJob('b', 2));
    assert.deepEqual(store.all().map((j) => j.id), ['b', 'a']);
    await clock.advance(1000);
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
    const reopened = new JobStore(storage, clock);
    assert.deepEqual(reopened.get('a'), store.get('a'));
    assert.equal(store.remove('b'), true);
    assert.equal(events.at(-1)?.removed, true);
  });

  it('writes what matters at once and the chatter of running jobs together, a moment later', async () => {
    const storage = new MemoryStorage();
    const clock = new FakeClock(1000);
    const store = new JobStore(storage, clock);
    const saved = () => storage.get<Job[]>(JOBS_KEY)?.find((j) => j.id === 'a');
    store.add(baseJob('a', 1));
    await store.flush();
    const afterAdd = store.bytesWritten;
    assert.equal(saved()?.status, 'pending', 'a new job is stored at once');
    for (let i = 0; i < 50; i++) store.update('a', { notice: `${i} % saved`, remoteStatus: i % 2 ? 'queued' : 'generating' });
    await Promise.resolve();
    assert.equal(saved()?.notice, undefined, 'chatter waits');
    await clock.advance(COALESCE_MS);
    await store.flush();
    assert.equal(saved()?.notice, '49 % saved', 'and arrives together');
    assert.ok(store.bytesWritten - afterAdd < 2 * afterAdd, `one write for fifty changes (${store.bytesWritten - afterAdd} bytes)`);
    store.update('a', { notice: 'one more' });
    store.update('a', { status: 'completed' });
    await Promise.resolve();
    await store.flush();
    assert.deepEqual([saved()?.status, saved()?.notice], ['completed', 'one more'], 'a new status is written at once, with what waited');
    store.update('a', { notice: 'last words' });
    await store.flush();
    assert.equal(saved()?.notice, 'last words', 'flush writes what waits');
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
  const sim = useSimulator({ timing: () => ({ queueMs: 50, generateMs: 200 }) });
  const image = (folder: string) => ({ kind: 'file' as const, path: path.join(folder, 'images', 'frame-720p.png') });

  it('submits an image job, polls it, and saves the video byte-identical with its sidecar', async () => {
    const { manager: m, folder, until } = makeManager(sim);
    const job = await m.submit({
      request: { model: 'google/veo-3.1-i2v', prompt: 'A fox runs', media: { image_url: image(folder) }, options: { duration: '4' } },
      workspaceFolder: folder,
    });
    assert.equal(job.status, 'pending');
    assert.deepEqual(job.request.options, { aspect_ratio: '16:9', duration: 4, resolution: '1080p', generate_audio: true });
    const done = await until(job.id, (j) => j.status === 'completed');
    assert.deepEqual(fs.readFileSync(done.output!.file), fs.readFileSync(path.join(FIXTURES, 'sample.mp4')));
    assert.equal(done.output!.file, path.join(folder, 'videos', 'a-fox-runs.mp4'));
    const sidecar = JSON.parse(fs.readFileSync(done.output!.sidecar!, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(sidecar['sources'], { image_url: 'images/frame-720p.png' });
    assert.equal(sidecar['bytes'], fs.statSync(done.output!.file).size);
    assert.ok((done.usage?.usd ?? 0) > 0);
    assert.equal(sim.cdnAuthorizationSeen(), false);
  });

  it('refuses an invalid request before creating a job or sending anything', async () => {
    const { manager: m, store, folder } = makeManager(sim);
    await assert.rejects(m.submit({ request: { model: T2V, prompt: '', media: {}, options: {} } }), ValidationError);
    await assert.rejects(
      m.submit({ request: { model: 'google/veo-3.1-i2v', prompt: 'x', media: { image_url: { kind: 'file', path: path.join(folder, 'nope.png') } }, options: {} } }),
      (e: ValidationError) => e.issues[0]?.field === 'image_url' && /not found/.test(e.message),
    );
    fs.symlinkSync('/etc/hostname', path.join(folder, 'images', 'sneaky.png'));
    await assert.rejects(
      m.submit({ request: { model: 'google/veo-3.1-i2v', prompt: 'x', media: { image_url: { kind: 'file', path: path.join(folder, 'images', 'sneaky.png') } }, options: {} } }),
      /outside the workspace/,
    );
    assert.equal(store.all().length, 0);
    assert.equal(sim.requests.length, 0);
  });

  it('refuses an output name or folder it could not save to before anything is sent (and billed)', async () => {
    const { manager: m, store, folder } = makeManager(sim);
    await assert.rejects(
      m.submit({ request: { model: T2V, prompt: 'x', media: {}, options: {}, outputName: '../escape' }, workspaceFolder: folder }),
      (e: ValidationError) => e.issues[0]?.field === 'outputName',
    );
    const strict = makeManager(sim, {
      outputFolder: () => {
        throw new Error('Open a folder first: Veo Studio saves videos into the workspace.');
      },
    });
    await assert.rejects(
      strict.manager.submit({ request: { model: T2V, prompt: 'x', media: {}, options: {} } }),
      (e: ValidationError) => e.issues[0]?.field === 'outputFolder' && /Open a folder first/.test(e.message),
    );
    assert.equal(store.all().length + strict.store.all().length, 0);
    assert.equal(sim.requests.length, 0);
  });

  it('never re-POSTs a job whose create failed (500), and forgets one that had no key', async () => {
    let key: string | undefined = SIM_KEY;
    const { manager: m, store, clock } = makeManager(sim, { key: () => key });
    sim.fault({ on: 'create', status: 500 });
    await m.submit({ request: { model: T2V, prompt: 'Server trouble', media: {}, options: {} } });
    // An hour of job time later, still the one POST (never-paying-twice tests say what it became).
    await clock.advance(60 * 60_000);
    assert.equal(store.all()[0]?.status, 'failed');
    assert.equal(sim.posts().length, 1);
    key = undefined;
    await assert.rejects(m.submit({ request: { model: T2V, prompt: 'No key', media: {}, options: {} } }), AuthError);
    assert.equal(store.all().length, 1, 'the keyless attempt left no job behind');
    assert.equal(sim.posts().length, 1);
  });

  it('after a restart: marks a job cut off mid-POST, resumes polling, and saves a completed-but-unsaved one', async () => {
    const storage = new MemoryStorage();
    const first = makeManager(sim, { storage });
    const dir = first.folder;
    sim.nextJob({ queueMs: 0, generateMs: 30_000 });
    const a = await first.manager.submit({ request: { model: T2V, prompt: 'Resume me', media: {}, options: {} }, workspaceFolder: dir });
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const b = await first.manager.submit({ request: { model: T2V, prompt: 'Save me', media: {}, options: {} }, workspaceFolder: dir });
    const savedB = await first.until(b.id, (j) => j.status === 'completed');
    assert.equal(first.store.get(a.id)?.status, 'pending', 'A is still generating when the window dies');
    first.manager.dispose();
    await first.store.flush();
    // What a window that died would have left: A pending, B completed on the service but
    // not saved yet (its file gone again), and a job cut off in the middle of its POST.
    fs.rmSync(savedB.output!.file);
    fs.rmSync(savedB.output!.sidecar!);
    const saved = storage.get<Job[]>(JOBS_KEY)!.map((j) =>
      j.id === b.id ? { ...j, status: 'downloading' as const, output: undefined, finishedAt: undefined } : j,
    );
    saved.push(baseJob('mid-post', first.clock.now(), { status: 'submitting' }));
    await storage.update(JOBS_KEY, saved);
    // A leftover of a crash long ago (a fresh one could be another window's live download).
    fs.writeFileSync(path.join(dir, 'videos', `.veo-orphan.part`), 'partial');
    const longAgo = new Date(Date.now() - 60 * 60_000);
    fs.utimesSync(path.join(dir, 'videos', `.veo-orphan.part`), longAgo, longAgo);

    const posts = sim.posts().length;
    const second = makeManager(sim, { storage, folder: dir });
    await second.manager.resumeAll();
    // Cut off mid-POST: it may exist, so it is looked for in the usage logs, never re-sent.
    assert.equal(second.store.get('mid-post')?.status, 'unconfirmed');
    assert.match(second.store.get('mid-post')!.notice!, /VS Code closed while this job was being sent: looking for it in the usage logs/);
    assert.equal((await second.until(a.id, (j) => j.status === 'completed')).output!.file, path.join(dir, 'videos', 'resume-me.mp4'));
    assert.equal((await second.until(b.id, (j) => j.status === 'completed')).output!.file, path.join(dir, 'videos', 'save-me.mp4'));
    assert.equal(sim.posts().length, posts, 'nothing was re-POSTed');
    assert.ok(!fs.existsSync(path.join(dir, 'videos', '.veo-orphan.part')), 'stale temp files are swept');
  });

  it('cancel mid-download aborts the socket and removes the temp file; nothing follows', async () => {
    const { manager: m, store, folder, clock, until } = makeManager(sim);
    // Two seconds of video at this rate: cancelled long before the end.
    sim.nextJob({ queueMs: 0, generateMs: 0, videoBytes: 40_000_000 });
    sim.fault({ on: 'cdn', bytesPerSecond: 20_000_000 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Too slow', media: {}, options: {} }, workspaceFolder: folder });
    await until(job.id, (j) => j.status === 'downloading');
    const videos = path.join(folder, 'videos');
    const partial = (): string | undefined =>
      fs.existsSync(videos) ? fs.readdirSync(videos).find((f) => f.endsWith('.part') && fs.statSync(path.join(videos, f)).size > 0) : undefined;
    const temp = await clock.runUntil('bytes in the temp file', partial);
    m.cancel(job.id);
    assert.equal(store.get(job.id)!.status, 'cancelled');
    await clock.runUntil(`${temp} to be removed`, () => fs.readdirSync(videos).length === 0);
    const cdn = sim.requests.filter((r) => r.origin === 'cdn').length;
    await clock.advance(60 * 60_000);
    assert.equal(store.get(job.id)!.status, 'cancelled');
    assert.deepEqual(fs.readdirSync(videos), []);
    assert.equal(sim.requests.filter((r) => r.origin === 'cdn').length, cdn, 'no further download');
    assert.equal(clock.pendingTimers, 0, 'no timer left behind');
  });

  it('asks the service for a fresh URL when the CDN link has expired', async () => {
    const { manager: m, folder, until } = makeManager(sim);
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Expired link', media: {}, options: {} }, workspaceFolder: folder });
    sim.fault({ on: 'cdn', status: 403 });
    const done = await until(job.id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.requests.filter((r) => r.origin === 'cdn').length, 2);
  });

  it('retries a download that broke off, after the announced wait, and then saves it', async () => {
    const { manager: m, folder, clock, until } = makeManager(sim);
    sim.nextJob({ queueMs: 0, generateMs: 0 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Try again', media: {}, options: {} }, workspaceFolder: folder });
    sim.fault({ on: 'cdn', status: 503 });
    const waiting = await until(job.id, (j) => /trying again in 2 s/.test(j.notice ?? ''));
    assert.equal(waiting.status, 'downloading');
    const cdn = () => sim.requests.filter((r) => r.origin === 'cdn').length;
    assert.equal(cdn(), 1);
    await clock.advance(1_999);
    assert.equal(cdn(), 1, 'not before the wait is over');
    const done = await until(job.id, (j) => j.status === 'completed');
    assert.equal(cdn(), 2);
    assert.equal(done.notice, undefined);
  });

  it('fails a job the service failed, with its reason; retry sends the same body again', async () => {
    const { manager: m, folder, until } = makeManager(sim);
    sim.nextJob({ outcome: 'failed', errorFormat: 'string', errorMessage: 'Audio model unavailable', queueMs: 0, generateMs: 0 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Will fail', media: {}, options: { seed: 9 } }, workspaceFolder: folder });
    const failed = await until(job.id, (j) => j.status === 'failed');
    assert.equal(failed.error?.message, 'Audio model unavailable');
    const again = await m.retry(job.id);
    assert.notEqual(again.id, job.id);
    const posts = sim.posts();
    assert.deepEqual(posts[1]!.body, posts[0]!.body);
  });

  it('times a job out at its deadline, and resume watches it again with a fresh timeout', async () => {
    let timeoutMs = 400;
    const { manager: m, folder, until } = makeManager(sim, {
      settings: () => ({ jobTimeoutMs: timeoutMs, maxDownloadBytes: 1e9 }),
      poller: { policy: fixedPolicy(100) },
    });
    sim.nextJob({ queueMs: 0, generateMs: 1500 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Slow one', media: {}, options: {} }, workspaceFolder: folder });
    const timedOut = await until(job.id, (j) => j.status === 'timedOut');
    assert.match(timedOut.error!.message, /Resume/);
    assert.equal(timedOut.finishedAt! - timedOut.submittedAt!, 400, 'at the deadline, not later');
    timeoutMs = 60_000;
    assert.equal(m.resume(job.id).status, 'pending');
    await until(job.id, (j) => j.status === 'completed');

    // When the last checks failed, the timeout says so instead of blaming a slow job.
    timeoutMs = 400;
    sim.nextJob({ queueMs: 0, generateMs: 1500 });
    const broken = await m.submit({ request: { model: T2V, prompt: 'Unreachable', media: {}, options: {} }, workspaceFolder: folder });
    sim.fault({ on: 'poll', status: 503, times: 20 });
    const timedOutBroken = await until(broken.id, (j) => j.status === 'timedOut');
    assert.match(timedOutBroken.error!.message, /The last checks failed: .*503/);
  });

  it('cancel stops polling: no request follows, however long the wait', async () => {
    const { manager: m, folder, clock, until } = makeManager(sim);
    sim.nextJob({ queueMs: 0, generateMs: 10 * 60_000 });
    const job = await m.submit({ request: { model: T2V, prompt: 'Never mind', media: {}, options: {} }, workspaceFolder: folder });
    await until(job.id, (j) => j.remoteStatus === 'generating');
    assert.equal(clock.pendingTimers, 1, 'the next poll is planned');
    m.cancel(job.id);
    const polls = sim.requests.length;
    await clock.advance(60 * 60_000);
    assert.equal(sim.requests.length, polls, 'no poll after cancel');
    assert.equal(clock.pendingTimers, 0);
    assert.equal(m.store.get(job.id)?.status, 'cancelled');
  });
});
