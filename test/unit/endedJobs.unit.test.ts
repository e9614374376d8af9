// What the notifications say when jobs end: one message per failure (a create the route
// reports itself is not told again), and a batch that failed for one cause names it.
import assert from 'node:assert/strict';
import type { Job, JobError, JobStatus } from '../../src/core/jobs/job';
import { reportsEnd, summarizeEnded } from '../../src/views/endedJobs';

function job(status: JobStatus, extra: Partial<Job> = {}): Job {
  return { id: 'j', status, createdAt: 1, updatedAt: 2, request: { model: 'm', prompt: 'p', media: {}, options: {} }, ...extra };
}

const failed = (error: JobError, id = 'j') => job('failed', { id, error, generationId: `g-${id}` });
const revoked: JobError = { kind: 'auth', message: 'The AI/ML API rejected the API key (401). Check it, then set it again with "Veo Studio: Set API Key".' };

describe('notifications: which endings are told', () => {
  it('tells a job that ended while the service had it, saved, failed or timed out', () => {
    assert.equal(reportsEnd({ previous: job('pending'), job: job('completed') }), true);
    assert.equal(reportsEnd({ previous: job('downloading'), job: failed({ kind: 'download', message: 'x' }) }), true);
    assert.equal(reportsEnd({ previous: job('pending'), job: job('timedOut') }), true);
    assert.equal(reportsEnd({ previous: job('unconfirmed'), job: failed({ kind: 'unconfirmed', message: 'x' }) }), true);
  });

  it('15: does not tell a create the service refused: the route that sent it shows that failure (one message per failure)', () => {
    // Every route awaits the submit, whose refusal it reports: the command's error, the
    // generator's status line, the shot list's summary.
    assert.equal(reportsEnd({ previous: job('submitting'), job: job('failed', { error: { kind: 'validation', message: 'duration: must be 4, 6 or 8' } }) }), false);
    assert.equal(reportsEnd({ previous: job('submitting'), job: job('failed', { error: { kind: 'quota', message: 'out of credits' } }) }), false);
  });

  it('tells nothing for cancelled, removed, added or still running jobs', () => {
    assert.equal(reportsEnd({ previous: job('pending'), job: job('cancelled') }), false);
    assert.equal(reportsEnd({ previous: job('pending'), job: job('completed'), removed: true }), false);
    assert.equal(reportsEnd({ job: job('failed') }), false);
    assert.equal(reportsEnd({ previous: job('pending'), job: job('downloading') }), false);
    assert.equal(reportsEnd({ previous: job('failed'), job: job('failed') }), false);
  });
});

describe('notifications: a batch of endings', () => {
  it('counts what was saved, what failed and what timed out', () => {
    const s = summarizeEnded([job('completed'), job('completed'), failed({ kind: 'download', message: 'disk full' }), job('timedOut')]);
    assert.deepEqual([s.saved, s.failed, s.timedOut], [2, 1, 1]);
  });

  it('17: several jobs failing with 401 (a revoked key) name the cause and ask for a new key', () => {
    const s = summarizeEnded([failed(revoked, 'a'), failed(revoked, 'b'), failed(revoked, 'c')]);
    assert.equal(s.failed, 3);
    assert.deepEqual(s.cause, { kind: 'auth' });
    assert.equal(s.keyFailures, 3);
  });

  it('17: a key failure among others still offers a new key, and names no single cause', () => {
    const s = summarizeEnded([failed(revoked, 'a'), failed({ kind: 'download', message: 'disk full' }, 'b'), job('completed')]);
    assert.equal(s.cause, undefined);
    assert.equal(s.keyFailures, 1);
  });

  it('names the reason every failed job shares, and none when they differ', () => {
    const same = summarizeEnded([failed({ kind: 'quota', message: 'out of credits' }, 'a'), failed({ kind: 'quota', message: 'out of credits' }, 'b')]);
    assert.deepEqual(same.cause, { kind: 'same', message: 'out of credits' });
    assert.equal(same.keyFailures, 0);
    const different = summarizeEnded([failed({ kind: 'quota', message: 'out of credits' }, 'a'), failed({ kind: 'download', message: 'disk full' }, 'b')]);
    assert.equal(different.cause, undefined);
    assert.equal(summarizeEnded([job('completed'), job('timedOut')]).cause, undefined);
  });
});
