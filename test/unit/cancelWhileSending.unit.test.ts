// Cancel or Remove while a job is still being sent. The POST cannot be called back: the
// service may accept it (and bill it) after the person changed their mind. Cancel sticks and
// says so; the job keeps the id the answer brings, so Resume can still fetch the video.
// Remove of a job whose POST is on the wire waits for the answer: refused, it goes as asked;
// accepted, it stays as cancelled with the billed id instead of vanishing with it. Against
// the simulator, with the create answered late (its `delayMs` fault), on the fake clock.
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/core/api/errors';
import type { Job } from '../../src/core/jobs/job';
import { makeManager, type ManagerHarness } from '../support/manager';
import { useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });
const HOUR = 60 * 60_000;

describe('cancel or remove while sending', function () {
  this.timeout(20_000);
  const sim = useSimulator({ logsDelayMs: 0 });

  /** Submits, and resolves once the POST has reached the service (its answer is held back). */
  async function submitAndHold(h: ManagerHarness, prompt: string): Promise<{ id: string; sending: Promise<Job> }> {
    const sending = h.manager.submit({ request: request(prompt) });
    sending.catch(() => undefined);
    await h.clock.runUntil('the POST to reach the service', () => sim.posts().length === 1, { busy: h.busy });
    const job = h.store.all()[0]!;
    assert.equal(job.status, 'submitting');
    return { id: job.id, sending };
  }

  const polls = () => sim.requests.filter((r) => r.method === 'GET' && r.path === '/v2/video/generations').length;

  it('Cancel while the POST travels: it stays cancelled, says the service may still bill it, and keeps the id for Resume', async () => {
    const h = makeManager(sim);
    sim.fault({ on: 'create', created: true, delayMs: 300 });
    sim.nextJob({ queueMs: 0, generateMs: 5_000 });
    const { id, sending } = await submitAndHold(h, 'Changed my mind');
    const cancelled = h.manager.cancel(id);
    assert.equal(cancelled.status, 'cancelled');
    assert.match(cancelled.notice ?? '', /may still .*bill/);
    assert.equal(h.manager.clearFinished(), 0, 'a job whose POST travels is not cleared away');
    const answered = await sending;
    assert.equal(answered.status, 'cancelled');
    assert.ok(answered.generationId, 'the id the answer brought is kept');
    assert.match(answered.notice ?? '', /accepted/);
    assert.match(answered.notice ?? '', /bill/);
    assert.match(answered.notice ?? '', /Resume/);
    await h.clock.advance(HOUR);
    assert.equal(h.store.get(id)?.status, 'cancelled', 'cancel sticks');
    assert.equal(polls(), 0, 'a cancelled job is not polled');
    assert.equal(sim.requests.filter((r) => r.origin === 'cdn').length, 0, 'nor downloaded');
    h.manager.resume(id);
    const done = await h.until(id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(done.status, 'completed', done.error?.message);
    assert.equal(sim.posts().length, 1, 'Resume sent nothing new');
  });

  it('Cancel while it waits for the rate limit: nothing is sent, and it says nothing was billed', async () => {
    const h = makeManager(sim);
    sim.fault({ on: 'create', status: 429, retryAfter: '20' });
    const sending = h.manager.submit({ request: request('Never sent') });
    const waiting = await h.clock.runUntil('the 429', () => h.store.all().find((j) => /rate limit/.test(j.notice ?? '')), { busy: h.busy });
    const cancelled = h.manager.cancel(waiting.id);
    assert.match(cancelled.notice ?? '', /nothing was made or billed/);
    await h.clock.advance(HOUR);
    assert.equal((await sending).status, 'cancelled');
    assert.equal(sim.posts().length, 1, 'only the refused POST');
    assert.match(h.store.get(waiting.id)?.notice ?? '', /nothing was made or billed/);
  });

  it('Remove while the POST travels: once accepted, the job stays (cancelled, with the billed id) until removed again', async () => {
    const h = makeManager(sim);
    sim.fault({ on: 'create', created: true, delayMs: 300 });
    const { id, sending } = await submitAndHold(h, 'Removed too soon');
    assert.equal(h.manager.remove(id), 'afterAnswer');
    const kept = h.store.get(id);
    assert.equal(kept?.status, 'cancelled');
    assert.match(kept?.notice ?? '', /answer/);
    const answered = await sending;
    assert.equal(answered.status, 'cancelled');
    assert.ok(answered.generationId, 'the billed id is kept where the person can see it');
    assert.equal(h.store.get(id)?.generationId, answered.generationId);
    assert.match(answered.notice ?? '', /removed/i);
    assert.match(answered.notice ?? '', /bill/);
    await h.clock.advance(HOUR);
    assert.equal(polls(), 0);
    assert.equal(h.manager.remove(id), 'removed', 'a second Remove forgets it');
    assert.equal(h.store.get(id), undefined);
  });

  it('Remove while the POST travels and the service refuses it: the job goes as asked, and the caller hears why', async () => {
    const h = makeManager(sim);
    sim.fault({ on: 'create', status: 400, body: { message: 'Body validation error!' }, delayMs: 300 });
    const { id, sending } = await submitAndHold(h, 'Refused anyway');
    assert.equal(h.manager.remove(id), 'afterAnswer');
    await assert.rejects(sending, ValidationError);
    assert.equal(h.store.get(id), undefined, 'nothing was made: nothing to keep');
  });

  it('Remove while it waits for the rate limit: gone at once, and nothing is sent', async () => {
    const h = makeManager(sim);
    sim.fault({ on: 'create', status: 429, retryAfter: '20' });
    const sending = h.manager.submit({ request: request('Gone before sent') });
    sending.catch(() => undefined);
    const waiting = await h.clock.runUntil('the 429', () => h.store.all().find((j) => /rate limit/.test(j.notice ?? '')), { busy: h.busy });
    assert.equal(h.manager.remove(waiting.id), 'removed');
    assert.equal(h.store.get(waiting.id), undefined);
    await h.clock.advance(HOUR);
    assert.equal(sim.posts().length, 1);
  });
});
