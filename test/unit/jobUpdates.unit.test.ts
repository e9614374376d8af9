// What each poll and save event does to a job: pure functions from (job, event, now) to the
// patch the JobManager writes and what it does next. Plain values: no store, no timers.
import assert from 'node:assert/strict';
import { AuthError, NetworkError, RateLimitError, ServiceError } from '../../src/core/api/errors';
import type { Generation } from '../../src/core/api/wire';
import type { Job } from '../../src/core/jobs/job';
import { pollUpdate, restartPatch, saveUpdate } from '../../src/core/jobs/jobUpdates';
import type { PollEvent } from '../../src/core/jobs/pollEvents';

const NOW = 1_800_000_000_000;
const SETTINGS = { jobTimeoutMs: 30 * 60_000 };

function job(over: Partial<Job> = {}): Job {
  return {
    id: 'j1',
    generationId: 'g1',
    request: { model: 'google/veo-3.1-t2v-fast', prompt: 'A lighthouse', media: {}, options: {} },
    status: 'pending',
    remoteStatus: 'queued',
    createdAt: NOW - 60_000,
    updatedAt: NOW - 10_000,
    submittedAt: NOW - 59_000,
    ...over,
  };
}

const generation = (over: Partial<Generation> = {}): Generation => ({ id: 'g1', status: 'generating', state: 'pending', ...over });

describe('job updates: poll events', () => {
  it('a pending answer records the service word and the usage, and clears a passing notice', () => {
    const update = pollUpdate(job({ notice: 'Service busy; trying again in 5 s' }), { kind: 'pending', jobId: 'j1', generation: generation({ usage: { credits: 10 } }) }, NOW, SETTINGS);
    assert.deepEqual(update, { patch: { remoteStatus: 'generating', notice: undefined, usage: { credits: 10 }, checkedAt: NOW } });
  });

  it('notes when a check got an answer, at most once a minute (each note is a write of the list)', () => {
    const pending: PollEvent = { kind: 'pending', jobId: 'j1', generation: generation() };
    assert.equal(pollUpdate(job({ checkedAt: NOW - 30_000 }), pending, NOW, SETTINGS)?.patch.checkedAt, undefined);
    assert.equal(pollUpdate(job({ checkedAt: NOW - 60_000 }), pending, NOW, SETTINGS)?.patch.checkedAt, NOW);
  });

  it('after a restart, the time since the last answered check does not count towards the timeout', () => {
    const from = NOW - 2 * 60 * 60_000;
    // Answered 5 min into its timeout, then VS Code was closed until now.
    assert.deepEqual(restartPatch(job({ timeoutFrom: from, checkedAt: from + 5 * 60_000 }), NOW), { timeoutFrom: NOW - 5 * 60_000 });
    // Never answered since it was accepted: the whole timeout is still ahead.
    assert.deepEqual(restartPatch(job({ timeoutFrom: from }), NOW), { timeoutFrom: NOW });
    assert.equal(restartPatch(job({ timeoutFrom: NOW, checkedAt: NOW }), NOW), undefined);
  });

  it('a transient fault says what and when, in whole seconds, at least 1', () => {
    const retry = (error: ServiceError | RateLimitError, delayMs: number) => pollUpdate(job(), { kind: 'retrying', jobId: 'j1', error, delayMs }, NOW, SETTINGS)?.patch.notice;
    assert.equal(retry(new ServiceError(503), 19_600), 'Service busy; trying again in 20 s');
    assert.equal(retry(new RateLimitError(7_000), 200), 'Rate-limited by the service; trying again in 1 s');
    assert.equal(
      pollUpdate(job(), { kind: 'retrying', jobId: 'j1', error: new NetworkError('api.aimlapi.com', new Error('ECONNREFUSED')), delayMs: 40_000 }, NOW, SETTINGS)?.patch.notice,
      'Network problem; trying again in 40 s; the job timeout waits until the service can be reached',
    );
  });

  it('completed: the job goes to saving with the video URL stamped now, and the video is saved next', () => {
    const update = pollUpdate(job(), { kind: 'completed', jobId: 'j1', generation: generation({ status: 'completed', state: 'completed', videoUrl: 'https://cdn.example/v.mp4', usage: { usd: 0.6 } }) }, NOW, SETTINGS);
    assert.equal(update?.then, 'save');
    assert.deepEqual(update?.patch, { status: 'downloading', remoteStatus: 'completed', videoUrl: 'https://cdn.example/v.mp4', videoUrlAt: NOW, notice: undefined, usage: { usd: 0.6 } });
  });

  it('failed by the service: its reason (or a plain one), the usage, and the job ends', () => {
    const failed = (g: Generation) => pollUpdate(job(), { kind: 'failed', jobId: 'j1', generation: g }, NOW, SETTINGS);
    const withReason = failed(generation({ status: 'error', state: 'failed', error: 'Blocked by the content policy', usage: { credits: 0 } }));
    assert.equal(withReason?.then, 'fail');
    assert.deepEqual(withReason?.patch, { status: 'failed', error: { kind: 'generation', message: 'Blocked by the content policy' }, finishedAt: NOW, notice: undefined, usage: { credits: 0 } });
    assert.equal(failed(generation({ status: 'error', state: 'failed' }))?.patch.error?.message, 'The service reported the job as failed.');
  });

  it('failed on a terminal error: the error kind and message carry over', () => {
    const update = pollUpdate(job(), { kind: 'failed', jobId: 'j1', error: new AuthError('rejected') }, NOW, SETTINGS);
    assert.equal(update?.then, 'fail');
    assert.equal(update?.patch.error?.kind, 'auth');
    assert.match(update?.patch.error?.message ?? '', /Set API Key/);
  });

  it('timed out: says how long, and why when the last checks failed', () => {
    const slow = pollUpdate(job(), { kind: 'timedOut', jobId: 'j1' }, NOW, SETTINGS);
    assert.equal(slow?.then, undefined);
    assert.deepEqual(slow?.patch, {
      status: 'timedOut',
      finishedAt: NOW,
      notice: undefined,
      error: { kind: 'timeout', message: 'Still not finished after 30 min. Resume to keep waiting, or retry.' },
    });
    const broken = pollUpdate(job(), { kind: 'timedOut', jobId: 'j1', lastError: new ServiceError(503) }, NOW, SETTINGS);
    assert.match(broken?.patch.error?.message ?? '', /^Still not finished after 30 min\. The last checks failed: .*503.* Resume to keep waiting, or retry\.$/);
  });

  it('means nothing for a job that is gone or no longer waits for the service', () => {
    const event: PollEvent = { kind: 'completed', jobId: 'j1', generation: generation({ status: 'completed', state: 'completed', videoUrl: 'https://cdn.example/v.mp4' }) };
    assert.equal(pollUpdate(undefined, event, NOW, SETTINGS), undefined);
    for (const status of ['cancelled', 'downloading', 'completed', 'failed', 'timedOut', 'submitting'] as const) {
      assert.equal(pollUpdate(job({ status }), event, NOW, SETTINGS), undefined, status);
    }
  });
});

describe('job updates: save events', () => {
  it('progress and a retry show in the notice; the job keeps saving', () => {
    assert.deepEqual(saveUpdate({ kind: 'progress', jobId: 'j1', percent: 40 }, NOW), { patch: { notice: '40 % saved' } });
    assert.deepEqual(saveUpdate({ kind: 'retrying', jobId: 'j1', delayMs: 4000 }, NOW), { patch: { notice: 'Download interrupted; trying again in 4 s' } });
  });

  it('saved: completed at the moment the file was saved, with its output', () => {
    const output = { file: '/ws/videos/a.mp4', sidecar: '/ws/videos/a.json', bytes: 123 };
    assert.deepEqual(saveUpdate({ kind: 'saved', jobId: 'j1', output, savedAt: NOW - 5 }, NOW), {
      patch: { status: 'completed', finishedAt: NOW - 5, notice: undefined, output },
    });
  });

  it('an expired link sends the job back to the Poller with a fresh timeout', () => {
    const update = saveUpdate({ kind: 'linkExpired', jobId: 'j1' }, NOW);
    assert.equal(update.then, 'watch');
    assert.deepEqual(update.patch, { status: 'pending', videoUrl: undefined, timeoutFrom: NOW, notice: 'The video link expired; asking the service for a fresh one' });
  });

  it('a save that failed for good fails the job with the saver’s reason', () => {
    const error = { kind: 'download' as const, message: 'The video server answered 500. The video was generated: Resume saves it without generating it again.' };
    assert.deepEqual(saveUpdate({ kind: 'failed', jobId: 'j1', error }, NOW), { patch: { status: 'failed', error, finishedAt: NOW, notice: undefined }, then: 'fail' });
  });
});
