// Extending a clip: which source the extend job sends (the service's URL while fresh, else
// the saved file as a data URI), against the simulator over real HTTP.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationError } from '../../src/core/api/errors';
import type { Job } from '../../src/core/jobs/job';
import { extendSource, extendSubmission, FRESH_VIDEO_URL_MS, retryRequest } from '../../src/core/jobs/extend';
import type { JobManager } from '../../src/core/jobs/jobManager';
import type { JobStore } from '../../src/core/jobs/jobStore';
import type { FakeClock } from '../support/fakeClock';
import { makeManager } from '../support/manager';
import { FIXTURES } from '../support/paths';
import { useSimulator } from '../support/useSimulator';
const EXTEND = 'google/veo3-1-fast-extend-video';
const NOW = 1_800_000_000_000;

function parentJob(over: Partial<Job> = {}): Job {
  return {
    id: 'parent-1',
    generationId: 'gen-1',
    request: { model: 'google/veo-3.1-t2v-fast', prompt: 'A paper boat on a puddle', media: {}, options: { duration: 8, generate_audio: false } },
    status: 'completed',
    createdAt: NOW - 120_000,
    updatedAt: NOW - 60_000,
    finishedAt: NOW - 60_000,
    videoUrl: 'https://cdn.example.com/v/output.mp4',
    videoUrlAt: NOW - 60_000,
    output: { file: '/ws/videos/a-paper-boat.mp4', sidecar: '/ws/videos/a-paper-boat.json', bytes: 18_824 },
    ...over,
  };
}

describe('extendSource', () => {
  it('hands back the service URL while it is fresh', () => {
    assert.deepEqual(extendSource(parentJob(), NOW), { kind: 'url', url: 'https://cdn.example.com/v/output.mp4' });
  });

  it('sends the saved file once the URL is 10 minutes old (CDN URLs expire)', () => {
    const job = parentJob({ videoUrlAt: NOW - FRESH_VIDEO_URL_MS });
    assert.deepEqual(extendSource(job, NOW), { kind: 'file', path: '/ws/videos/a-paper-boat.mp4' });
    assert.deepEqual(extendSource(parentJob({ videoUrlAt: undefined }), NOW), { kind: 'file', path: '/ws/videos/a-paper-boat.mp4' });
  });

  it('never hands the service a URL it cannot reach (plain http, loopback)', () => {
    const job = parentJob({ videoUrl: 'http://127.0.0.1:9000/v/output.mp4' });
    assert.deepEqual(extendSource(job, NOW), { kind: 'file', path: '/ws/videos/a-paper-boat.mp4' });
  });

  it('refuses a job that is not a saved video', () => {
    assert.throws(() => extendSource(parentJob({ status: 'failed' }), NOW), ValidationError);
    assert.throws(() => extendSource(parentJob({ output: undefined, videoUrlAt: NOW - FRESH_VIDEO_URL_MS }), NOW), /no saved video/);
  });
});

describe('extendSubmission and retryRequest', () => {
  it('builds the extend job: the parent as source, its sound setting, its folders, linked to it', () => {
    const parent = parentJob({ workspaceFolder: '/ws', request: { ...parentJob().request, outputFolder: 'clips' } });
    assert.deepEqual(extendSubmission(parent, { model: EXTEND, prompt: 'Further out' }, NOW), {
      request: { model: EXTEND, prompt: 'Further out', media: { video_url: { kind: 'url', url: parent.videoUrl! } }, options: { generate_audio: false }, outputFolder: 'clips' },
      workspaceFolder: '/ws',
      parentId: 'parent-1',
    });
    const loud = extendSubmission(parent, { model: EXTEND, prompt: 'x', options: { generate_audio: true } }, NOW);
    assert.equal(loud.request.options['generate_audio'], true, 'what the person chose wins');
  });

  it('refuses an unknown model and one that does not extend', () => {
    assert.throws(() => extendSubmission(parentJob(), { model: 'google/veo-9', prompt: 'x' }, NOW), ValidationError);
    assert.throws(() => extendSubmission(parentJob(), { model: 'google/veo-3.1-t2v-fast', prompt: 'x' }, NOW), /does not extend videos/);
  });

  it('a retry of an extend job that sent a URL takes the parent afresh; anything else is sent as it was', () => {
    const child = { ...parentJob({ id: 'child', parentId: 'parent-1' }), request: { model: EXTEND, prompt: 'x', media: { video_url: { kind: 'url' as const, url: 'https://old.example/v.mp4' } }, options: {} } };
    const stale = parentJob({ videoUrlAt: NOW - FRESH_VIDEO_URL_MS });
    assert.deepEqual(retryRequest(child, stale, NOW).media.video_url, { kind: 'file', path: '/ws/videos/a-paper-boat.mp4' });
    assert.deepEqual(retryRequest(child, parentJob(), NOW).media.video_url, { kind: 'url', url: 'https://cdn.example.com/v/output.mp4' });
    assert.equal(retryRequest(child, undefined, NOW), child.request, 'the parent is gone: as it was');
    const fromFile = { ...child, request: { ...child.request, media: { video_url: { kind: 'file' as const, path: '/ws/v.mp4' } } } };
    assert.equal(retryRequest(fromFile, stale, NOW), fromFile.request);
  });
});

describe('JobManager.extend', () => {
  const sim = useSimulator({ timing: () => ({ queueMs: 50, generateMs: 150 }) });
  let dir: string;
  let manager: JobManager;
  let store: JobStore;
  let clock: FakeClock;

  beforeEach(() => {
    ({ manager, store, clock, folder: dir } = makeManager(sim));
    fs.mkdirSync(path.join(dir, 'videos'));
    fs.copyFileSync(path.join(FIXTURES, 'sample.mp4'), path.join(dir, 'videos', 'a-paper-boat.mp4'));
  });

  function addParent(over: Partial<Job>): Job {
    return store.add(
      parentJob({
        workspaceFolder: dir,
        output: { file: path.join(dir, 'videos', 'a-paper-boat.mp4'), sidecar: path.join(dir, 'videos', 'a-paper-boat.json'), bytes: 18_824 },
        createdAt: clock.now() - 120_000,
        updatedAt: clock.now() - 60_000,
        ...over,
      }),
    );
  }

  it('posts the fresh URL as video_url, keeps the sound setting, and links the new job to its source', async () => {
    const parent = addParent({ videoUrlAt: clock.now() - 1000 });
    const child = await manager.extend(parent.id, { model: EXTEND, prompt: 'The boat sails out to sea' });
    assert.equal(child.parentId, parent.id);
    assert.equal(child.workspaceFolder, dir);
    assert.equal(child.status, 'pending');
    const post = sim.posts()[0]!;
    assert.deepEqual(post.body, {
      model: EXTEND,
      prompt: 'The boat sails out to sea',
      video_url: 'https://cdn.example.com/v/output.mp4',
      aspect_ratio: 'auto',
      duration: 7,
      resolution: '720p',
      generate_audio: false,
      auto_fix: false,
    });
  });

  it('posts the saved file as a video data URI when the URL is stale, and a retry takes the source afresh', async () => {
    const parent = addParent({ videoUrlAt: clock.now() - 1000 });
    const first = await manager.extend(parent.id, { model: EXTEND, prompt: 'The boat sails out to sea' });
    assert.equal(first.request.media.video_url?.kind, 'url');
    // An hour later the URL has expired: a retry must not send it again.
    await clock.advance(60 * 60_000);
    const retried = await manager.retry(first.id);
    assert.equal(retried.parentId, parent.id);
    const posts = sim.posts();
    assert.equal(posts.length, 2);
    const mp4 = fs.readFileSync(path.join(FIXTURES, 'sample.mp4'));
    const sent = String((posts[1]!.body as Record<string, unknown>)['video_url']);
    assert.ok(sent === `data:video/mp4;base64,${mp4.toString('base64')}`, `the retry sent ${sent.slice(0, 60)}…`);
  });

  it('refuses a model that does not extend, and a job that is not finished, sending nothing', async () => {
    const parent = addParent({});
    await assert.rejects(manager.extend(parent.id, { model: 'google/veo-3.1-t2v-fast', prompt: 'x' }), /does not extend videos/);
    const running = addParent({ id: 'running', status: 'pending', output: undefined });
    await assert.rejects(manager.extend(running.id, { model: EXTEND, prompt: 'x' }), /Only a finished video/);
    assert.equal(sim.posts().length, 0);
  });
});
