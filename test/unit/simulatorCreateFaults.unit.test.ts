// Create faults where the service already made the job (`created: true`) and the 429 that
// makes none: over real HTTP, in process and over the control API, and counted, so a test
// can prove exactly one POST reached the simulator.
import assert from 'node:assert/strict';
import { SimulatorControl } from '../simulator/control';
import { AUTH, json, simHttp, type Json } from '../support/simHttp';
import { useSimulator } from '../support/useSimulator';

const BODY = { model: 'google/veo-3.1-t2v', prompt: 'a lighthouse' };
const TRACED = { ...AUTH, 'x-client-request-id': 'order-1' };

describe('Veo simulator: create faults', () => {
  const sim = useSimulator({ logsDelayMs: 0 });
  const http = simHttp(sim);

  async function logRows(): Promise<Json[]> {
    return (await json(await http.get('/v2/logs?period=1h', AUTH)))['data'] as Json[];
  }

  /** The one job exists, completes on the clock and is billed; its log row names it. */
  async function assertJobLivesOn(): Promise<string> {
    assert.equal(sim.posts().length, 1, 'exactly one POST reached the simulator');
    const [job] = sim.jobs();
    assert.ok(job, 'the job exists');
    assert.equal(sim.posts()[0]?.inferenceId, job.id);
    await sim.clock.advance(10_000);
    assert.equal((await json(await http.poll(job.id)))['status'], 'completed');
    assert.equal((await json(await http.get('/v2/billing', AUTH)))['current_balance'], 25 - 4.2);
    const [row] = await logRows();
    assert.equal(row?.['inference_id'], job.id);
    assert.equal(row?.['client_request_id'], 'order-1');
    assert.equal(row?.['status'], 'succeeded');
    assert.deepEqual(row?.['cost'], { usd: 4.2, credits: 8_400_000 });
    return job.id;
  }

  it('created, then the connection drops before any byte of the answer', async () => {
    sim.fault({ on: 'create', created: true, drop: true });
    await assert.rejects(http.create(BODY, TRACED), /socket hang up|ECONNRESET/);
    assert.equal(sim.posts()[0]?.status, undefined);
    assert.equal(sim.posts()[0]?.fault?.created, true);
    await assertJobLivesOn();
  });

  it('created, then 502 with the tracing headers and the documented error body', async () => {
    sim.fault({ on: 'create', created: true, status: 502 });
    const res = await http.create(BODY, TRACED);
    assert.equal(res.status, 502);
    const body = await json(res);
    assert.equal(body['statusCode'], 502);
    assert.equal(typeof body['requestId'], 'string');
    const id = await assertJobLivesOn();
    assert.equal(res.headers.get('x-inference-id'), id);
    assert.equal(res.headers.get('x-client-request-id'), 'order-1');
    assert.equal(res.headers.get('x-aimlapi-credits-used'), '0');
  });

  it('created, then a 200 whose body is not JSON', async () => {
    sim.fault({ on: 'create', created: true, malformed: true });
    const res = await http.create(BODY, TRACED);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /json/);
    const text = await res.text();
    assert.throws(() => JSON.parse(text) as unknown);
    const id = await assertJobLivesOn();
    assert.equal(res.headers.get('x-inference-id'), id);
  });

  it('created, then a 200 cut short of its Content-Length', async () => {
    sim.fault({ on: 'create', created: true, truncateAt: 12 });
    const res = await http.create(BODY, TRACED);
    assert.equal(res.status, 200);
    const declared = Number(res.headers.get('content-length'));
    assert.ok(declared > 12);
    let received = '';
    await assert.rejects(async () => {
      for await (const chunk of res.body ?? []) received += (chunk as Buffer).toString();
    });
    assert.equal(received.length, 12);
    const id = await assertJobLivesOn();
    assert.equal(res.headers.get('x-inference-id'), id);
    assert.ok(id.startsWith(received.slice('{"id":"'.length)));
  });

  it('created, then the real answer, late: the job exists before the answer comes', async () => {
    sim.fault({ on: 'create', created: true, delayMs: 200 });
    const answer = http.create(BODY, TRACED);
    await sim.clock.runUntil('the job to exist before the answer', () => sim.jobs().length === 1);
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal((await json(res))['id'], sim.jobs()[0]?.id);
    await assertJobLivesOn();
  });

  it('429 with Retry-After on create: no job, a failed row with zero cost, and the next create works', async () => {
    sim.fault({ on: 'create', status: 429, retryAfter: '7' });
    const res = await http.create(BODY, TRACED);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal((await json(res))['statusCode'], 429);
    assert.equal(sim.jobs().length, 0);
    assert.equal(sim.posts().length, 1);
    const [row] = await logRows();
    assert.equal(row?.['status'], 'failed');
    assert.deepEqual(row?.['cost'], { usd: 0, credits: 0 });
    assert.equal(row?.['inference_id'], res.headers.get('x-inference-id'));
    assert.equal(row?.['client_request_id'], 'order-1');
    // Without Retry-After, the same 429.
    sim.fault({ on: 'create', status: 429 });
    const bare = await http.create(BODY);
    assert.equal(bare.status, 429);
    assert.equal(bare.headers.has('retry-after'), false);
    assert.equal((await http.create(BODY)).status, 200);
    assert.equal(sim.jobs().length, 1);
  });

  it('refuses a create the service would refuse even with a created fault, and uses the fault up', async () => {
    sim.fault({ on: 'create', created: true, status: 502 });
    assert.equal((await http.create({ model: 'google/veo-3.1-t2v' })).status, 400);
    assert.equal((await http.create(BODY)).status, 200);
    assert.equal(sim.jobs().length, 1);
  });

  it('counts faults on the recorded requests, works over the control API, and refuses nonsense', async () => {
    const control = new SimulatorControl(sim.apiUrl);
    await control.fault({ on: 'create', created: true, status: 502 });
    await control.fault({ on: 'create', created: true, drop: true });
    assert.equal((await http.create(BODY)).status, 502);
    await assert.rejects(http.create(BODY));
    assert.equal((await http.create(BODY)).status, 200);
    const posts = await control.posts();
    assert.deepEqual(posts.map((p) => [p.status, p.fault?.created ?? false]), [[502, true], [undefined, true], [200, false]]);
    assert.equal(sim.jobs().length, 3);
    assert.equal(new Set(posts.map((p) => p.inferenceId)).size, 3);
    await assert.rejects(control.fault({ on: 'poll', created: true }), /400.*'created' faults apply to 'create' only/);
    assert.throws(() => sim.fault({ on: 'billing', created: true }), /'created' faults/);
    assert.throws(() => sim.fault({ on: 'poll', truncateAt: 3 }), /truncateAt/);
  });

  it('keeps the request that a drop fault loses before the service (no job) as a failed row', async () => {
    sim.fault({ on: 'create', drop: true });
    await assert.rejects(http.create(BODY, TRACED));
    assert.equal(sim.jobs().length, 0);
    const [row] = await logRows();
    assert.equal(row?.['status'], 'failed');
    assert.equal(row?.['inference_id'], sim.posts()[0]?.inferenceId);
  });
});
