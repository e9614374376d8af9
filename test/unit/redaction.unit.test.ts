// A service error that echoes the key back must not carry it any further than the
// transport: the error is redacted when it is made, so the job's error (kept in workspace
// state, shown in tooltips, the preview and toasts) and the caller's exception never hold it.
import assert from 'node:assert/strict';
import { VeoClient } from '../../src/core/api/client';
import { ApiError, QuotaError, ServiceError, ValidationError } from '../../src/core/api/errors';
import { JOBS_KEY } from '../../src/core/jobs/jobStore';
import { makeManager } from '../support/manager';
import { SIM_KEY, useSimulator } from '../support/useSimulator';

const T2V = 'google/veo-3.1-t2v-fast';
const request = (prompt: string) => ({ model: T2V, prompt, media: {}, options: { duration: 4, resolution: '720p' } });

describe('the key in error bodies', function () {
  this.timeout(20_000);
  const sim = useSimulator({ logsDelayMs: 0 });

  it('a refused create whose body echoes the key: neither the exception nor the stored job holds the key', async () => {
    const { manager, store, storage } = makeManager(sim);
    sim.fault({ on: 'create', status: 400, body: { message: `Key ${SIM_KEY} may not use this model`, errors: [{ path: ['model'], message: `not allowed for ${SIM_KEY}` }] } });
    const error = await manager.submit({ request: request('Echoed key') }).then(
      () => assert.fail('the create was refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError);
    assert.doesNotMatch(JSON.stringify({ message: error.message, service: error.serviceMessage, issues: error.issues }), new RegExp(SIM_KEY));
    assert.match(error.message, /\[redacted key\]/);
    const job = store.all()[0]!;
    assert.equal(job.status, 'failed');
    assert.doesNotMatch(job.error!.message, new RegExp(SIM_KEY));
    await store.flush();
    assert.doesNotMatch(JSON.stringify(storage.get(JOBS_KEY)), new RegExp(SIM_KEY), 'nothing persisted holds the key');
  });

  it('a status check refused with the key in its body: the job fails without it', async () => {
    const { manager, until } = makeManager(sim);
    sim.nextJob({ queueMs: 0, generateMs: 60_000 });
    const job = await manager.submit({ request: request('Echoed on poll') });
    sim.fault({ on: 'poll', status: 403, body: { message: `Authorization: Bearer ${SIM_KEY} lacks model:video` } });
    const failed = await until(job.id, (j) => j.status === 'failed');
    assert.equal(failed.error?.kind, 'quota');
    assert.doesNotMatch(failed.error!.message, new RegExp(SIM_KEY));
    assert.match(failed.error!.message, /redacted/);
  });

  it('the client redacts every kind of error body (JSON message, plain text) and the key alone', async () => {
    const client = new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: async () => SIM_KEY, now: () => sim.clock.now() });
    const caught = async (call: Promise<unknown>): Promise<ApiError> => {
      const e = await call.then(() => undefined, (error: unknown) => error);
      assert.ok(e instanceof ApiError, String(e));
      return e;
    };
    sim.fault({ on: 'poll', status: 403, body: { message: `no credits left on ${SIM_KEY}` } });
    const quota = await caught(client.getGeneration('x'));
    assert.ok(quota instanceof QuotaError);
    sim.fault({ on: 'poll', status: 503, body: `upstream said: key=${SIM_KEY}; Bearer ${SIM_KEY}` });
    const busy = await caught(client.getGeneration('x'));
    assert.ok(busy instanceof ServiceError);
    for (const e of [quota, busy]) {
      assert.doesNotMatch(`${e.message} ${e.serviceMessage ?? ''}`, new RegExp(SIM_KEY), e.message);
      assert.match(e.message, /redacted/);
    }
    assert.match(busy.message, /upstream said: key=\[redacted key\]/, 'the rest of the text stays readable');
  });
});
