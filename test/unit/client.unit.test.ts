// The API client against the simulator over real HTTP on 127.0.0.1 (no mocked fetch).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VeoClient } from '../../src/core/api/client';
import {
  AuthError, CancelledError, ConfigurationError, NetworkError, NotFoundError, QuotaError, RateLimitError,
  ResponseShapeError, ServiceError, TimeoutError, ValidationError,
} from '../../src/core/api/errors';
import { parseRetryAfter } from '../../src/core/api/http';
import { allModels, buildRequestBody, type RequestBody, type WireMedia } from '../../src/core/catalog/catalog';
import { mediaFromLists, type MediaField } from '../../src/core/catalog/media';
import { quote } from '../../src/core/money/pricing';
import { until } from '../support/until';
import { SIM_KEY as KEY, useSimulator } from '../support/useSimulator';

function body(model = 'google/veo-3.1-t2v-fast', extra: Record<string, unknown> = {}): RequestBody {
  const r = buildRequestBody({ model, prompt: 'a red fox in the snow', media: {}, options: extra });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

describe('api client', () => {
  const sim = useSimulator({ timing: () => ({ queueMs: 50, generateMs: 150 }) });
  let key: string | undefined;
  let logs: string[];
  let client: VeoClient;

  beforeEach(() => {
    key = KEY;
    logs = [];
    client = new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: async () => key, log: (l) => logs.push(l), timeoutMs: 2000, now: () => sim.clock.now() });
  });

  it('creates a job, polls it through queued and generating to completed, with the video URL on the CDN', async () => {
    const created = await client.createGeneration(body(), { clientRequestId: 'job-1' });
    assert.ok(created.id.includes(':') && created.id.includes('/'), `default ids look like the docs' example: ${created.id}`);
    assert.equal(created.status, 'queued');
    const first = await client.getGeneration(created.id);
    assert.equal(first.state, 'pending');
    assert.equal(first.status, 'queued');
    await sim.clock.advance(100);
    const second = await client.getGeneration(created.id);
    assert.equal(second.state, 'pending');
    assert.equal(second.status, 'generating');
    await sim.clock.advance(100);
    const done = await client.getGeneration(created.id);
    assert.equal(done.state, 'completed');
    assert.ok(done.videoUrl?.startsWith(sim.cdnUrl));
    assert.ok(done.usage?.usd !== undefined && done.usage.usd > 0);
    const post = sim.requests.find((r) => r.method === 'POST')!;
    assert.equal(post.headers['authorization'], `Bearer ${KEY}`);
    assert.equal(post.headers['x-client-request-id'], 'job-1');
    assert.deepEqual(post.body, body());
  });

  it('URL-encodes opaque ids holding ":" and "/", and accepts short ids', async () => {
    for (const id of ['dfb91aa0-1:google/veo-3.1-i2v', '99yQK3XQ6vTZyO9_kHzfS', 'a b&c=d?e#f']) {
      sim.nextJob({ id });
      const created = await client.createGeneration(body());
      assert.equal(created.id, id);
      const g = await client.getGeneration(id);
      assert.equal(g.id, id);
    }
    const polls = sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/video'));
    assert.deepEqual(polls.map((r) => r.query['generation_id']), ['dfb91aa0-1:google/veo-3.1-i2v', '99yQK3XQ6vTZyO9_kHzfS', 'a b&c=d?e#f']);
  });

  it('reports a failed job with the service reason, whether error is an object or a string', async () => {
    sim.nextJob({ outcome: 'failed', errorFormat: 'object', errorMessage: 'Prompt violates policy', generateMs: 0, queueMs: 0 });
    const a = await client.createGeneration(body());
    sim.nextJob({ outcome: 'failed', errorFormat: 'string', errorMessage: 'Upstream exploded', generateMs: 0, queueMs: 0 });
    const b = await client.createGeneration(body());
    const ga = await client.getGeneration(a.id);
    const gb = await client.getGeneration(b.id);
    assert.equal(ga.state, 'failed');
    assert.match(ga.error!, /Prompt violates policy/);
    assert.equal(gb.state, 'failed');
    assert.equal(gb.error, 'Upstream exploded');
  });

  it('tells "completed" without a video URL from a completed job, and reads waiting/active as pending', async () => {
    sim.nextJob({ outcome: 'completedWithoutUrl', generateMs: 0, queueMs: 0 });
    const a = await client.createGeneration(body());
    const g = await client.getGeneration(a.id);
    assert.equal(g.state, 'completedWithoutVideo');
    assert.match(g.error!, /no video/);
    sim.nextJob({ pendingStatuses: ['waiting', 'active'], queueMs: 10_000 });
    const b = await client.createGeneration(body());
    const w = await client.getGeneration(b.id);
    assert.equal(w.status, 'waiting');
    assert.equal(w.state, 'pending');
  });

  it('maps HTTP failures to typed errors with actionable messages', async () => {
    key = 'wrong';
    await assert.rejects(client.getBalance(), (e) => e instanceof AuthError && e.reason === 'rejected' && /Set API Key/.test(e.message));
    key = undefined;
    await assert.rejects(client.getBalance(), (e) => e instanceof AuthError && e.reason === 'missing');
    assert.equal(sim.requests.length, 1, 'no request is sent without a key');
    key = KEY;
    await assert.rejects(client.getGeneration('nope'), NotFoundError);
    sim.fault({ on: 'create', status: 403 });
    await assert.rejects(client.createGeneration(body()), (e) => e instanceof QuotaError && /Insufficient credits/.test(e.message));
    for (const status of [500, 502, 503, 504]) {
      sim.fault({ on: 'poll', status });
      await assert.rejects(client.getGeneration('x'), (e) => e instanceof ServiceError && e.status === status && e.retryable);
    }
    sim.fault({ on: 'poll', status: 504 });
    await assert.rejects(client.getGeneration('x'), (e) => e instanceof ServiceError && /did not answer in time \(504: Generation timeout\)/.test(e.message));
  });

  it('carries the service detail of a 400 per field', async () => {
    const bad = { ...body(), duration: 5 } as RequestBody;
    await assert.rejects(client.createGeneration(bad), (e) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.serviceMessage, 'Body validation error!');
      assert.equal(e.issues[0]?.field, 'duration');
      assert.match(e.issues[0]!.message, /Invalid enum value/);
      return true;
    });
  });

  it('reads Retry-After in seconds and as an HTTP date', async () => {
    sim.fault({ on: 'poll', status: 429, retryAfter: '7' });
    await assert.rejects(client.getGeneration('x'), (e) => e instanceof RateLimitError && e.retryAfterMs === 7000);
    const date = new Date(sim.clock.now() + 12_000).toUTCString();
    sim.fault({ on: 'poll', status: 429, retryAfter: date });
    await assert.rejects(client.getGeneration('x'), (e) => e instanceof RateLimitError && e.retryAfterMs === 12_000);
    sim.fault({ on: 'poll', status: 429 });
    await assert.rejects(client.getGeneration('x'), (e) => e instanceof RateLimitError && e.retryAfterMs === undefined);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT', 5000), 0);
  });

  it('names the bad field of a malformed or wrongly shaped answer', async () => {
    sim.fault({ on: 'poll', malformed: true });
    await assert.rejects(client.getGeneration('x'), (e) => e instanceof ResponseShapeError && e.field === '(body)');
    sim.fault({ on: 'poll', wrongShape: { id: 'x', status: 42 } });
    await assert.rejects(client.getGeneration('x'), (e) => e instanceof ResponseShapeError && e.field === 'status');
    sim.fault({ on: 'create', wrongShape: { status: 'queued' } });
    await assert.rejects(client.createGeneration(body()), (e) => e instanceof ResponseShapeError && e.field === 'id');
  });

  it('ignores unknown extra fields (the older schema) in answers', async () => {
    sim.fault({ on: 'poll', wrongShape: { id: 'x', status: 'completed', video: { url: 'https://cdn.example/v.mp4', duration: 8 }, duration: 8, meta: { usage: { tokens_used: 5, usd_spent: '0.6' } }, surprise: true } });
    const g = await client.getGeneration('x');
    assert.equal(g.state, 'completed');
    assert.equal(g.videoUrl, 'https://cdn.example/v.mp4');
    assert.equal(g.usage?.usd, 0.6);
  });

  it('gives every request a deadline, and a caller can abort', async () => {
    sim.fault({ on: 'poll', delayMs: 1500 });
    await assert.rejects(client.getGeneration('x', { timeoutMs: 200 }), (e) => e instanceof TimeoutError && e.timeoutMs === 200);
    sim.fault({ on: 'poll', delayMs: 1500 });
    const controller = new AbortController();
    const asked = sim.requests.length;
    const call = client.getGeneration('x', { signal: controller.signal });
    // Aborted once the service has the request, while it is still thinking.
    await until('the request to reach the simulator', () => sim.requests.length > asked, { intervalMs: 5 });
    const started = Date.now();
    controller.abort();
    await assert.rejects(call, CancelledError);
    assert.ok(Date.now() - started < 500, 'the abort does not wait for the answer');
    sim.fault({ on: 'poll', drop: true });
    await assert.rejects(client.getGeneration('x'), NetworkError);
  });

  it('reads balance, live prices (without a key) and key info', async () => {
    const balance = await client.getBalance();
    assert.equal(balance.currency, 'USD');
    assert.equal(typeof balance.amount, 'number');
    key = undefined;
    // The docs' shape: an object read by `kind`, here variants on lite-001's upper-case resolutions.
    const list = await client.getPricing('veo-3.1-lite-generate-001');
    assert.ok(list.changed);
    const lite = list.prices.find((p) => p.model === 'google/veo-3.1-lite-generate-001');
    assert.ok(lite, 'found by its alias');
    assert.equal(lite.pricing.kind, 'variants');
    const q = quote(lite.pricing, { duration: 8, resolution: '720P' });
    assert.ok(q.kind === 'estimate' && q.usd > 0, JSON.stringify(q));
    // The ETag makes the next ask a 304.
    assert.deepEqual(await client.getPricing('veo-3.1-lite-generate-001', { etag: list.etag! }), { changed: false });
    assert.equal(sim.requests.at(-1)?.headers['authorization'], undefined, 'pricing is asked without the key');
    key = KEY;
    const info = await client.getKeyInfo();
    assert.ok(info.scopes.includes('model:video'));
  });

  it('refuses plain http except on loopback, and never follows an API redirect', async () => {
    const remote = new VeoClient({ baseUrl: () => 'http://api.example.com', apiKey: async () => KEY });
    await assert.rejects(remote.getBalance(), ConfigurationError);
    const bad = new VeoClient({ baseUrl: () => 'not a url', apiKey: async () => KEY });
    await assert.rejects(bad.getBalance(), ConfigurationError);

    let sawAuthAt: string | undefined;
    const target = http.createServer((req, res) => {
      sawAuthAt = req.headers.authorization;
      res.end('{}');
    });
    const redirector = http.createServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/v2/billing` }).end();
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    try {
      const c = new VeoClient({ baseUrl: () => `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`, apiKey: async () => KEY });
      await assert.rejects(c.getBalance(), (e) => e instanceof ConfigurationError && /redirect \(302\).*veoStudio\.apiBaseUrl/.test(e.message));
      assert.equal(sawAuthAt, undefined);
    } finally {
      target.close();
      redirector.close();
    }
  });

  it('never writes the key into its log lines', async () => {
    await client.createGeneration(body());
    await client.getBalance();
    key = 'wrong-key-123';
    await client.getBalance().catch(() => undefined);
    assert.ok(logs.length >= 3);
    assert.ok(logs.every((l) => !l.includes(KEY) && !l.includes('wrong-key-123')), logs.join('\n'));
  });

  it("sends, for every model in the catalog, a default body the simulator's own reading of the docs accepts", async () => {
    const PNG = 'data:image/png;base64,iVBORw0KGgo=';
    for (const model of allModels()) {
      const lists: Partial<Record<MediaField, string[]>> = {};
      for (const slot of model.slots) {
        if (!slot.required) continue;
        lists[slot.field] = slot.count ? [PNG, 'https://example.com/ref.jpg'] : [slot.accepts === 'video' ? 'data:video/mp4;base64,AAAAIGZ0eXA=' : PNG];
      }
      const media: WireMedia = mediaFromLists(lists);
      const r = buildRequestBody({ model: model.id, prompt: 'a lighthouse at dusk', media, options: {} });
      assert.ok(r.ok, `${model.id}: ${JSON.stringify(r)}`);
      await client.createGeneration(r.value).catch((e: Error) => assert.fail(`${model.id}: ${e.message}`));
    }
  });
});
