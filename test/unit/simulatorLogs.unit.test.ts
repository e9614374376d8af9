// The simulator's GET /v2/logs (usage-logs.md, logs-v2.json), GET /v1/key (key-get.json)
// and GET /v2/billing (billing-v2.json), over real HTTP on the fake clock.
import assert from 'node:assert/strict';
import fetch from 'node-fetch';
import { SimulatorControl } from '../simulator/control';
import { startSimulator } from '../simulator/simulator';
import { AUTH, json, simHttp, type Json } from '../support/simHttp';
import { useSimulator } from '../support/useSimulator';

const T0 = Date.parse('2026-08-01T12:00:00Z');
const OTHER_KEY = 'other-key-42';
const T2V = { model: 'google/veo-3.1-t2v', prompt: 'x' };

describe('Veo simulator: usage logs', () => {
  const sim = useSimulator({ clockStart: T0, logsDelayMs: 0, apiKeys: ['sim-test-key', OTHER_KEY] });
  const http = simHttp(sim);

  async function logs(query: string, headers = AUTH): Promise<Json> {
    const res = await http.get(`/v2/logs?${query}`, headers);
    const body = await json(res);
    assert.equal(res.status, 200, JSON.stringify(body));
    return body;
  }
  const rows = async (query: string): Promise<Json[]> => (await logs(query))['data'] as Json[];

  it('needs a key, and refuses a malformed window, status, limit, offset or key prefix', async () => {
    assert.equal((await http.get('/v2/logs?period=1h')).status, 401);
    const bad = [
      '',
      'period=24h&start=2026-07-01&end=2026-07-02',
      'period=0h',
      'period=24',
      'period=1w',
      'period=-1d',
      'period=1.5h',
      'period=93d',
      'period=2209h',
      'start=2026-07-01',
      'end=2026-07-02',
      'start=yesterday&end=2026-07-02',
      'start=2026-02-30&end=2026-03-02',
      'start=2026-07-02&end=2026-07-01',
      'start=2026-01-01T00:00:00Z&end=2026-04-03T00:00:01Z',
      'period=1h&status=succeeded,failed',
      'period=1h&status=ok',
      'period=1h&limit=0',
      'period=1h&limit=101',
      'period=1h&limit=ten',
      'period=1h&offset=-1',
      `period=1h&${Array.from({ length: 51 }, (_, i) => `model=m${i}`).join('&')}`,
    ];
    for (const query of bad) {
      const res = await http.get(`/v2/logs?${query}`, AUTH);
      assert.equal(res.status, 400, query);
      assert.equal((await json(res))['statusCode'], 400, query);
    }
    assert.equal((await http.get('/v2/logs?period=1h&key_prefix=abcdefgh', AUTH)).status, 403);
    for (const ok of ['period=1h&key_prefix=sim-test', 'period=92d', 'period=2208h', 'start=2026-01-01T00:00:00Z&end=2026-04-03T00:00:00Z', 'start=2026-07-01&end=2026-07-01T10:00']) {
      assert.equal((await http.get(`/v2/logs?${ok}`, AUTH)).status, 200, ok);
    }
  });

  it('lists one row per create, newest first, with the documented fields; a refused create is a failed row', async () => {
    const first = await http.create(T2V, { ...AUTH, 'x-client-request-id': 'mine-1' });
    await sim.clock.advance(100);
    const refused = await http.create({ model: 'google/veo-3.1-t2v', prompt: '' });
    await sim.clock.advance(100);
    const lite = await http.create({ model: 'veo-3.1-lite-generate-001', prompt: 'x' }, { ...AUTH, 'x-client-request-id': 'not valid!' });
    await http.poll((await json(first))['id'] as string);
    await http.create(T2V, {});
    const page = await logs('period=1h');
    assert.deepEqual(page['pagination'], { limit: 50, offset: 0, total: 3, has_more: false });
    const [liteRow, refusedRow, firstRow] = page['data'] as Json[];
    assert.deepEqual(firstRow, {
      created: '2026-08-01T12:00:00.000Z',
      status: 'succeeded',
      origin: 'api',
      model: 'google/veo-3.1-t2v',
      cost: { usd: 0, credits: 0 },
      tokens: { input: 0, output: 0, total: 0 },
      request_id: first.headers.get('x-request-id'),
      inference_id: first.headers.get('x-inference-id'),
      client_request_id: 'mine-1',
    });
    assert.equal(refusedRow?.['status'], 'failed');
    assert.equal(refusedRow?.['inference_id'], refused.headers.get('x-inference-id'));
    assert.equal(refusedRow?.['client_request_id'], null);
    // "Model the request was made to, as `source/alias`", whatever alias the request used.
    assert.equal(liteRow?.['model'], 'google/veo-3.1-lite-generate-001');
    assert.equal(liteRow?.['inference_id'], (await json(lite))['id']);
    assert.equal(liteRow?.['client_request_id'], null);
  });

  it('records the cost only once the generation completed; a failed generation stays at zero and turns failed', async () => {
    const done = await http.createId();
    sim.nextJob({ outcome: 'failed' });
    const failed = await http.createId();
    const before = await rows('period=1h');
    assert.ok(before.every((r) => r['status'] === 'succeeded' && (r['cost'] as Json)['usd'] === 0));
    await sim.clock.advance(1499);
    assert.ok((await rows('period=1h')).every((r) => (r['cost'] as Json)['usd'] === 0));
    await sim.clock.advance(1);
    const after = await rows('period=1h');
    const byId = (id: string): Json | undefined => after.find((r) => r['inference_id'] === id);
    assert.deepEqual(byId(done)?.['cost'], { usd: 4.2, credits: 8_400_000 });
    assert.equal(byId(done)?.['status'], 'succeeded');
    assert.deepEqual(byId(failed)?.['cost'], { usd: 0, credits: 0 });
    assert.equal(byId(failed)?.['status'], 'failed');
  });

  it('shows rows, and costs, only logsDelayMs after the fact (default a few seconds; settable at run time)', async () => {
    sim.setLogsDelayMs(3000);
    const id = await http.createId();
    await sim.clock.advance(2999);
    assert.deepEqual(await rows('period=1h'), []);
    await sim.clock.advance(1);
    assert.equal((await rows('period=1h'))[0]?.['inference_id'], id);
    // Completed at +1500: the cost lands at +4500.
    await sim.clock.advance(1499);
    assert.deepEqual((await rows('period=1h'))[0]?.['cost'], { usd: 0, credits: 0 });
    await sim.clock.advance(1);
    assert.deepEqual((await rows('period=1h'))[0]?.['cost'], { usd: 4.2, credits: 8_400_000 });
    await new SimulatorControl(sim.apiUrl).setLogsDelayMs(0);
    await http.createId();
    assert.equal((await rows('period=1h')).length, 2);
    sim.reset();
    await http.createId();
    assert.equal((await rows('period=1h')).length, 1, 'reset restores the options’ delay of 0');
    const defaults = await startSimulator();
    try {
      const res = await fetch(`${defaults.apiUrl}/v2/video/generations`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(T2V) });
      assert.equal(res.status, 200);
      const page = await json(await fetch(`${defaults.apiUrl}/v2/logs?period=1h`, { headers: AUTH }));
      assert.deepEqual(page['data'], [], 'not there the moment the call returns');
    } finally {
      await defaults.close();
    }
  });

  it('filters by repeated model (exact, source/alias or bare alias; a comma list matches nothing) and status', async () => {
    await http.createId();
    await http.createId({ model: 'google/veo-3.1-lite-generate-001', prompt: 'x' });
    await http.create({ model: 'google/veo-3.1-i2v', prompt: 'x' });
    const models = async (query: string): Promise<unknown[]> => (await rows(`period=1h&${query}`)).map((r) => r['model']);
    assert.deepEqual(await models('model=google/veo-3.1-t2v'), ['google/veo-3.1-t2v']);
    assert.deepEqual(await models('model=veo-3.1-lite-generate-001'), ['google/veo-3.1-lite-generate-001']);
    assert.deepEqual(await models('model=veo-3.1-t2v&model=google/veo-3.1-i2v'), ['google/veo-3.1-i2v', 'google/veo-3.1-t2v']);
    assert.deepEqual(await models('model=google/veo-3.1-t2v,google/veo-3.1-i2v'), []);
    assert.deepEqual(await models('model=Google/Veo-3.1-T2V'), []);
    assert.deepEqual(await models('status=failed'), ['google/veo-3.1-i2v']);
    assert.deepEqual(await models('status=succeeded&status=failed'), ['google/veo-3.1-i2v', 'google/veo-3.1-lite-generate-001', 'google/veo-3.1-t2v']);
  });

  it('pages with limit and offset, and keeps to the time window (a bare time is read as UTC)', async () => {
    for (let i = 0; i < 5; i++) {
      await http.createId({ model: 'google/veo-3.1-t2v-fast', prompt: `p${i}`, resolution: '720p' });
      await sim.clock.advance(20 * 60_000);
    }
    const page = await logs('period=1d&limit=2&offset=1');
    assert.deepEqual(page['pagination'], { limit: 2, offset: 1, total: 5, has_more: true });
    assert.deepEqual((page['data'] as Json[]).map((r) => r['created']), ['2026-08-01T13:00:00.000Z', '2026-08-01T12:40:00.000Z']);
    assert.deepEqual((await logs('period=1d&limit=2&offset=4'))['pagination'], { limit: 2, offset: 4, total: 5, has_more: false });
    // Now is 13:40: the last hour holds the requests at 12:40, 13:00 and 13:20.
    assert.equal((await rows('period=1h')).length, 3);
    const window = await rows('start=2026-08-01T12:20&end=2026-08-01T13:00:00Z');
    assert.deepEqual(window.map((r) => r['created']), ['2026-08-01T13:00:00.000Z', '2026-08-01T12:40:00.000Z', '2026-08-01T12:20:00.000Z']);
    assert.equal((await rows('start=2026-08-01T14:20:00%2B02:00&end=2026-08-01T12:30:00Z')).length, 1);
  });

  it('lists only the requests of the key asking', async () => {
    await http.createId();
    await http.createId(T2V, { authorization: `Bearer ${OTHER_KEY}` });
    await http.createId(T2V, { authorization: `Bearer ${OTHER_KEY}` });
    assert.equal((await rows('period=1h')).length, 1);
    assert.equal(((await logs('period=1h', { authorization: `Bearer ${OTHER_KEY}` }))['data'] as Json[]).length, 2);
  });

  it('answers 429 above 200 requests per 60 seconds, on this endpoint only', async () => {
    for (let i = 0; i < 200; i++) assert.equal((await http.get('/v2/logs?period=1h', AUTH)).status, 200, `request ${i + 1}`);
    const limited = await http.get('/v2/logs?period=1h', AUTH);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.equal((await http.get('/v2/billing', AUTH)).status, 200);
    assert.equal((await http.get('/v2/logs?period=1h', { authorization: `Bearer ${OTHER_KEY}` })).status, 200);
    await sim.clock.advance(59_999);
    assert.equal((await http.get('/v2/logs?period=1h', AUTH)).status, 429);
    await sim.clock.advance(1);
    assert.equal((await http.get('/v2/logs?period=1h', AUTH)).status, 200);
  });
});

describe('Veo simulator: key and balance', () => {
  const sim = useSimulator({ clockStart: T0 });
  const http = simHttp(sim);

  it('describes the key wrapped in data, with its prefix, scopes and this month’s usage', async () => {
    assert.equal((await http.get('/v1/key')).status, 401);
    sim.nextJob({ usdSpent: 0.6 });
    await http.createId();
    await sim.clock.advance(10_000);
    const body = await json(await http.get('/v1/key', AUTH));
    assert.deepEqual(Object.keys(body), ['data']);
    const data = body['data'] as Json;
    assert.equal(data['prefix'], 'sim-test');
    assert.equal(data['disabled'], false);
    assert.ok((data['scopes'] as string[]).includes('model:video'));
    assert.equal(data['limit'], null);
    assert.equal(data['monthly_usage'], 0.6);
    for (const field of ['name', 'created_at', 'updated_at']) assert.equal(typeof data[field], 'string', field);
    // Next month, this month's usage starts again.
    await sim.clock.advance(31 * 24 * 3_600_000);
    assert.equal(((await json(await http.get('/v1/key', AUTH)))['data'] as Json)['monthly_usage'], 0);
  });

  it('answers the key fields a test sets, and the balance in USD', async () => {
    const other = await startSimulator({ apiKeys: ['abcdefgh-rest'], balanceUsd: 7.5, keyInfo: { scopes: ['model:chat'], limit: { retention: 'month', threshold: 10 }, name: null } });
    try {
      const headers = { authorization: 'Bearer abcdefgh-rest' };
      const data = (await json(await fetch(`${other.apiUrl}/v1/key`, { headers })))['data'] as Json;
      assert.deepEqual([data['prefix'], data['scopes'], data['limit'], data['name']], ['abcdefgh', ['model:chat'], { retention: 'month', threshold: 10 }, null]);
      assert.deepEqual(await json(await fetch(`${other.apiUrl}/v2/billing`, { headers })), { current_balance: 7.5, currency: 'USD' });
    } finally {
      await other.close();
    }
  });
});
