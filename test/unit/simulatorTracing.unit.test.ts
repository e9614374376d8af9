// The simulator's tracing headers (request-tracing-and-cost.md) on creates and polls, and
// the create/poll bodies' usage fields, over real HTTP.
import assert from 'node:assert/strict';
import { AUTH, json, simHttp } from '../support/simHttp';
import { useSimulator } from '../support/useSimulator';

const UUID_MODEL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:google\/veo-3\.1-t2v$/;
const NANOID = /^[A-Za-z0-9_-]{21}$/;

describe('Veo simulator: tracing headers', () => {
  const sim = useSimulator();
  const http = simHttp(sim);

  it('answers a create with x-inference-id = the generation id, zero spend, and the headers exposed to browsers', async () => {
    const res = await http.create({ model: 'google/veo-3.1-t2v', prompt: 'x' });
    const body = await json(res);
    assert.deepEqual(Object.keys(body), ['id', 'status']);
    assert.match(body['id'] as string, UUID_MODEL);
    assert.equal(res.headers.get('x-inference-id'), body['id']);
    assert.equal(res.headers.get('x-aimlapi-credits-used'), '0');
    assert.equal(res.headers.get('x-aimlapi-usd-spent'), '0.000000000');
    assert.equal(res.headers.get('access-control-expose-headers'), 'x-inference-id, x-client-request-id, x-aimlapi-credits-used, x-aimlapi-usd-spent');
    assert.equal(sim.requests.at(-1)?.inferenceId, body['id']);
  });

  it('answers polls with the polled id, and the spend 0 until completed, then the cost (0 again if it failed)', async () => {
    const id = await http.createId();
    const pending = await http.poll(id);
    assert.equal(pending.headers.get('x-inference-id'), id);
    assert.equal(pending.headers.get('x-aimlapi-credits-used'), '0');
    await sim.clock.advance(10_000);
    const done = await http.poll(id);
    const body = await json(done);
    assert.equal(done.headers.get('x-inference-id'), id);
    assert.equal(done.headers.get('x-aimlapi-usd-spent'), '4.200000000');
    assert.equal(done.headers.get('x-aimlapi-credits-used'), String((body['meta'] as { usage: { credits_used: number } }).usage.credits_used));

    sim.nextJob({ outcome: 'failed' });
    const failed = await http.createId();
    await sim.clock.advance(10_000);
    const answer = await http.poll(failed);
    assert.equal((await json(answer))['status'], 'error');
    assert.equal(answer.headers.get('x-inference-id'), failed);
    assert.equal(answer.headers.get('x-aimlapi-credits-used'), '0');
  });

  it('leaves x-inference-id out of a poll whose id could not have been issued, and still answers it', async () => {
    const unknownUuid = 'dfb91aa0-6c60-4078-b3b5-73142ba4d853:google/veo-3.1-i2v';
    for (const id of [unknownUuid, '60ac7c34-3224-4b14-8e7d-0aa0db708325', '99yQK3XQ6vTZyO9_kHzfS']) {
      const res = await http.poll(id);
      assert.equal(res.status, 404, id);
      assert.equal(res.headers.get('x-inference-id'), id, id);
    }
    for (const id of ['not an id', 'abc', '99yQK3XQ6vTZyO9_kHzf', 'dfb91aa0-6c60-4078-b3b5-73142ba4d853:', '<script>']) {
      const res = await http.poll(id);
      assert.equal(res.status, 404, id);
      assert.equal(res.headers.has('x-inference-id'), false, id);
      assert.equal(res.headers.get('x-aimlapi-credits-used'), '0', id);
    }
    const missing = await http.get('/v2/video/generations', AUTH);
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.has('x-inference-id'), false);
    // An id the simulator holds is one it issued, whatever its shape (a scenario forced it).
    sim.nextJob({ id: 'ctl-1' });
    assert.equal(await http.createId(), 'ctl-1');
    assert.equal((await http.poll('ctl-1')).headers.get('x-inference-id'), 'ctl-1');
  });

  it('echoes a valid X-Client-Request-Id on creates and polls, and silently drops an invalid one while the request still runs', async () => {
    const longest = 'a'.repeat(128);
    for (const value of ['order-8f21c4', 'A.b_c:d-9', longest]) {
      const res = await http.create({ model: 'google/veo-3.1-t2v', prompt: 'x' }, { ...AUTH, 'x-client-request-id': value });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-client-request-id'), value);
      const id = (await json(res))['id'] as string;
      assert.equal((await http.poll(id, { ...AUTH, 'x-client-request-id': value })).headers.get('x-client-request-id'), value);
    }
    for (const value of ['has space', 'a'.repeat(129), 'semi;colon', 'ünï', 'a/b']) {
      const res = await http.create({ model: 'google/veo-3.1-t2v', prompt: 'x' }, { ...AUTH, 'x-client-request-id': value });
      assert.equal(res.status, 200, value);
      assert.equal(res.headers.has('x-client-request-id'), false, value);
      assert.match(res.headers.get('x-inference-id') ?? '', UUID_MODEL);
    }
    assert.equal(sim.jobs().length, 8);
  });

  it('still carries x-inference-id on a refused create (no job has it) and on fault answers', async () => {
    const invalid = await http.create({ model: 'google/veo-3.1-t2v', prompt: '' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.headers.get('x-inference-id') ?? '', UUID_MODEL);
    const unknown = await http.create({ model: 'google/veo-9', prompt: 'x' });
    assert.match(unknown.headers.get('x-inference-id') ?? '', NANOID);
    const noKey = await http.create({ model: 'google/veo-3.1-t2v', prompt: 'x' }, {});
    assert.equal(noKey.status, 401);
    assert.ok(noKey.headers.get('x-inference-id'));
    sim.fault({ on: 'create', status: 503 });
    const gateway = await http.create({ model: 'google/veo-3.1-t2v', prompt: 'x' });
    assert.equal(gateway.status, 503);
    assert.ok(gateway.headers.get('x-inference-id'));
    assert.equal(gateway.headers.get('x-aimlapi-credits-used'), '0');
    const id = await http.createId();
    sim.fault({ on: 'poll', status: 502 });
    assert.equal((await http.poll(id)).headers.get('x-inference-id'), id);
    assert.equal(sim.jobs().length, 1);
    assert.ok(!sim.jobs().some((j) => [invalid, unknown, noKey, gateway].some((r) => r.headers.get('x-inference-id') === j.id)));
  });

  it('has no tracing headers on non-inference routes, but echoes the client id there too', async () => {
    const res = await http.get('/v2/billing', { ...AUTH, 'x-client-request-id': 'bill-1' });
    assert.equal(res.headers.has('x-inference-id'), false);
    assert.equal(res.headers.has('x-aimlapi-usd-spent'), false);
    assert.equal(res.headers.get('x-client-request-id'), 'bill-1');
  });
});

describe('Veo simulator: ids and usage fields', () => {
  const sim = useSimulator();
  const http = simHttp(sim);

  it('gives lite and extend models 21-char ids, the others uuid:model', async () => {
    const shapes: Array<[string, Record<string, unknown>, RegExp]> = [
      ['google/veo-3.1-t2v', {}, UUID_MODEL],
      ['google/veo-3.1-lite-generate-001', {}, NANOID],
      ['veo-3.1-lite-generate-001', {}, NANOID],
      ['google/veo-3-1-lite-generate-preview', {}, NANOID],
      ['google/veo3-1-extend-video', { video_url: 'https://example.com/in.mp4' }, NANOID],
      ['google/veo3-1-fast-extend-video', { video_url: 'https://example.com/in.mp4' }, NANOID],
    ];
    const ids = new Set<string>();
    for (const [model, extra, shape] of shapes) {
      const id = await http.createId({ model, prompt: 'x', ...extra });
      assert.match(id, shape, model);
      ids.add(id);
    }
    assert.equal(ids.size, shapes.length);
  });

  it('puts usd_spent in lite creates only, and credits_used alone in every finished poll', async () => {
    const lite = await http.create({ model: 'google/veo-3.1-lite-generate-001', prompt: 'x' });
    const liteBody = await json(lite);
    assert.deepEqual(liteBody, { id: liteBody['id'], status: 'queued', meta: { usage: { credits_used: 0, usd_spent: 0 } } });
    const preview = await json(await http.create({ model: 'google/veo-3-1-lite-generate-preview', prompt: 'x' }));
    assert.deepEqual(preview['meta'], { usage: { credits_used: 0, usd_spent: 0 } });
    const extend = await json(await http.create({ model: 'google/veo3-1-extend-video', prompt: 'x', video_url: 'https://example.com/in.mp4' }));
    assert.deepEqual(Object.keys(extend), ['id', 'status']);
    await sim.clock.advance(10_000);
    for (const id of [liteBody['id'], preview['id'], extend['id']] as string[]) {
      const done = await json(await http.poll(id));
      assert.deepEqual(Object.keys(done), ['id', 'status', 'video', 'error', 'meta']);
      assert.deepEqual(Object.keys((done['meta'] as { usage: object }).usage), ['credits_used']);
      assert.deepEqual(Object.keys(done['video'] as object), ['url']);
    }
    // 1 USD = 2,000,000 credits: lite-001 at 720P is 0.0525 × 8 = $0.42.
    assert.deepEqual((await json(await http.poll(liteBody['id'] as string)))['meta'], { usage: { credits_used: 840_000 } });
  });

  it('sends the error in the schema’s {name, message}, or as the Kling sample’s detail list', async () => {
    sim.nextJob({ outcome: 'failed', errorMessage: 'blocked' });
    sim.nextJob({ outcome: 'failed', errorFormat: 'detail', errorMessage: 'Could not detect face in the image' });
    const a = await http.createId();
    const b = await http.createId();
    await sim.clock.advance(10_000);
    assert.deepEqual((await json(await http.poll(a)))['error'], { name: 'GenerationError', message: 'blocked' });
    const detail = (await json(await http.poll(b)))['error'] as { detail: Array<{ msg: string; loc: unknown[]; type: string }> };
    assert.equal(detail.detail[0]?.msg, 'Could not detect face in the image');
    assert.ok(Array.isArray(detail.detail[0]?.loc) && typeof detail.detail[0]?.type === 'string');
  });
});
