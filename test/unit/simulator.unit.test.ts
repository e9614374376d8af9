// Unit tests of the Veo API simulator, over real HTTP on 127.0.0.1 (node-fetch), with a fake
// clock so job phases are reached instantly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import fetch, { type Response } from 'node-fetch';
import { generatedBytes } from '../simulator/cdn';
import { SimulatorControl } from '../simulator/control';
import { startSimulator } from '../simulator/simulator';
import { FakeClock } from '../support/fakeClock';
import { FIXTURES } from '../support/paths';
import { useSimulator, type SimulatorHandle } from '../support/useSimulator';

const KEY = 'sim-test-key';
const AUTH = { authorization: `Bearer ${KEY}` };
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const FIXTURE = readFileSync(join(FIXTURES, 'sample.mp4'));
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

type Json = Record<string, unknown>;

function AUTH_OF(key: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${key}` } };
}

// Set when the suite below is defined; each test gets a fresh fake clock starting at T0.
let sim: SimulatorHandle;

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

function create(body: unknown, headers: Record<string, string> = AUTH): Promise<Response> {
  return fetch(`${sim.apiUrl}/v2/video/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function createJob(body: Json = { model: 'google/veo-3.1-t2v', prompt: 'a dragon' }): Promise<string> {
  const res = await create(body);
  assert.equal(res.status, 200, await res.clone().text());
  return (await json(res))['id'] as string;
}

function poll(id: string, headers: Record<string, string> = AUTH): Promise<Response> {
  return fetch(`${sim.apiUrl}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, { headers });
}

async function pollJson(id: string): Promise<Json> {
  const res = await poll(id);
  assert.equal(res.status, 200);
  return json(res);
}

/** Creates a job and moves the clock past its completion; returns the poll answer. */
async function completedJob(body?: Json): Promise<Json> {
  const id = await createJob(body);
  await sim.clock.advance(10_000);
  return pollJson(id);
}

function videoUrlOf(answer: Json): string {
  return (answer['video'] as { url: string }).url;
}

/** Asserts a 400 whose `errors` contain an issue at `field` whose message matches. */
async function assertRejected(body: unknown, field: string, message: RegExp | string): Promise<void> {
  const res = await create(body);
  const answer = await json(res);
  assert.equal(res.status, 400, JSON.stringify(answer));
  assert.equal(answer['message'], 'Body validation error!');
  assert.equal(answer['statusCode'], 400);
  const errors = answer['errors'] as Array<{ path: Array<string | number>; message: string }>;
  const issue = errors.find((e) => e.path.join('.') === field);
  assert.ok(issue, `no issue at '${field}' in ${JSON.stringify(errors)}`);
  if (typeof message === 'string') assert.equal(issue.message, message);
  else assert.match(issue.message, message);
}

function assertDocumentedError(answer: Json, status: number): void {
  assert.equal(answer['statusCode'], status);
  for (const field of ['message', 'path', 'requestId', 'timestamp']) assert.equal(typeof answer[field], 'string', field);
}

describe('Veo simulator', () => {
  sim = useSimulator({ clockStart: T0 });

  describe('auth', () => {
    it('answers 401 with the documented body without a key or with a wrong one', async () => {
      const wrong: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: KEY }];
      for (const headers of wrong) {
        const res = await create({ model: 'google/veo-3.1-t2v', prompt: 'x' }, headers);
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
        const answer = await json(res);
        assertDocumentedError(answer, 401);
        assert.equal(answer['path'], '/v2/video/generations');
      }
      for (const path of ['/v2/video/generations?generation_id=x', '/v2/billing', '/v1/billing/balance', '/v1/key']) {
        assert.equal((await fetch(`${sim.apiUrl}${path}`)).status, 401, path);
      }
      assert.equal(sim.jobs().length, 0);
    });

    it('accepts any configured key, and pricing needs none', async () => {
      const other = await startSimulator({ apiKeys: ['k1', 'k2'] });
      try {
        const res = await fetch(`${other.apiUrl}/v2/billing`, { headers: { authorization: 'Bearer k2' } });
        assert.equal(res.status, 200);
        assert.equal((await fetch(`${other.apiUrl}/v2/billing`, AUTH_OF(KEY))).status, 401);
        assert.equal((await fetch(`${other.apiUrl}/v1/models?id=google/veo-3.1-t2v&include=pricing`)).status, 200);
      } finally {
        await other.close();
      }
    });
  });

  describe('create validation', () => {
    const valid: Array<[string, Json]> = [
      ['google/veo-3.1-t2v-fast', { aspect_ratio: '9:16', duration: 4, resolution: '720p', negative_prompt: 'blur', enhance_prompt: false, generate_audio: true, seed: 7, auto_fix: true, provider: 'google' }],
      ['google/veo-3.1-t2v', {}],
      ['google/veo-3.1-i2v', { image_url: 'https://example.com/a.jpg', duration: 6, provider: 'FAL' }],
      ['google/veo-3.1-i2v-fast', { image_url: PNG, aspect_ratio: '16:9', resolution: '1080p' }],
      ['google/veo-3.1-first-last-image-to-video', { image_url: 'https://example.com/a.jpg', last_image_url: 'https://example.com/b.jpg' }],
      ['google/veo-3.1-first-last-image-to-video-fast', { image_url: 'data:image/webp;base64,UklGRg==', last_image_url: 'data:image/jpeg;base64,/9j/4A==', duration: 4 }],
      ['google/veo-3.1-reference-to-video', { image_urls: ['https://example.com/1.png', PNG, 'https://example.com/3.png'], duration: 8, resolution: '720p', generate_audio: false }],
      ['google/veo-3.1-lite-generate-001', { image_url: PNG, last_image_url: PNG, duration: 8, resolution: '1080P', person_generation: 'dont_allow' }],
      ['veo-3.1-lite-generate-001', { resolution: '720P', duration: 4 }],
      ['google/veo-3-1-lite-generate-preview', { image_url: PNG, resolution: '720p', duration: 4, provider: 'auto' }],
      ['google/veo3-1-extend-video', { video_url: 'https://example.com/in.mp4', aspect_ratio: 'auto', duration: 7, resolution: '720p', auto_fix: true }],
      ['google/veo3-1-fast-extend-video', { video_url: 'data:video/mp4;base64,AAAAGGZ0eXA=' }],
    ];
    for (const [model, extra] of valid) {
      it(`accepts a valid ${model} body`, async () => {
        const res = await create({ model, prompt: 'a calm lake', ...extra });
        const answer = await json(res);
        assert.equal(res.status, 200, JSON.stringify(answer));
        assert.equal(answer['status'], 'queued');
        assert.equal(typeof answer['id'], 'string');
        // Ids as the provider's samples print them: uuid:model, or a 21-char nanoid for lite and extend.
        const canonical = model.startsWith('google/') ? model : `google/${model}`;
        if (/lite|extend/.test(model)) assert.match(answer['id'] as string, /^[A-Za-z0-9_-]{21}$/);
        else assert.match(answer['id'] as string, new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:${canonical.replace(/[.]/g, '\\.')}$`));
      });
    }

    const rejected: Array<[string, Json, string, RegExp | string]> = [
      ['google/veo-3.1-t2v-fast', { duration: 5 }, 'duration', "Invalid enum value. Expected 4 | 6 | 8, received '5'"],
      ['google/veo-3.1-t2v', { duration: '8' }, 'duration', 'Expected integer, received string'],
      ['google/veo-3.1-t2v', { aspect_ratio: '1:1' }, 'aspect_ratio', "Invalid enum value. Expected '16:9' | '9:16', received '1:1'"],
      ['google/veo-3.1-t2v', { seed: 1.5 }, 'seed', 'Expected integer, received float'],
      ['google/veo-3.1-t2v-fast', { resolution: '1080P' }, 'resolution', "Invalid enum value. Expected '720p' | '1080p', received '1080P'"],
      ['google/veo-3.1-t2v', { provider: 'azure' }, 'provider', "Invalid enum value. Expected 'auto' | 'google' | 'fal', received 'azure'"],
      ['google/veo-3.1-i2v', {}, 'image_url', 'Required'],
      ['google/veo-3.1-i2v', { image_url: 'data:image/gif;base64,R0lGOD==' }, 'image_url', /data URI/],
      ['google/veo-3.1-i2v-fast', { image_url: 'http://example.com/a.png' }, 'image_url', /https/],
      ['google/veo-3.1-i2v-fast', { image_url: 'not a url' }, 'image_url', 'Invalid url'],
      ['google/veo-3.1-first-last-image-to-video', { image_url: PNG }, 'last_image_url', 'Required'],
      ['google/veo-3.1-first-last-image-to-video-fast', { image_url: PNG, last_image_url: PNG, generate_audio: 'yes' }, 'generate_audio', 'Expected boolean, received string'],
      ['google/veo-3.1-reference-to-video', { image_urls: [PNG, PNG, PNG, PNG] }, 'image_urls', 'Array must contain at most 3 element(s)'],
      ['google/veo-3.1-reference-to-video', { image_urls: [] }, 'image_urls', 'Array must contain at least 1 element(s)'],
      ['google/veo-3.1-reference-to-video', { image_urls: PNG }, 'image_urls', 'Expected array, received string'],
      ['google/veo-3.1-reference-to-video', { image_urls: [PNG, 'ftp://x/y.png'] }, 'image_urls.1', /https/],
      ['google/veo-3.1-reference-to-video', { image_urls: [PNG], duration: 6 }, 'duration', "Invalid enum value. Expected 8, received '6'"],
      ['google/veo-3.1-reference-to-video', { image_urls: [PNG], aspect_ratio: '16:9' }, '', "Unrecognized key(s) in object: 'aspect_ratio'"],
      ['google/veo-3.1-lite-generate-001', { resolution: '720p' }, 'resolution', "Invalid enum value. Expected '720P' | '1080P', received '720p'"],
      ['google/veo-3.1-lite-generate-001', { provider: 'google' }, '', "Unrecognized key(s) in object: 'provider'"],
      ['google/veo-3-1-lite-generate-preview', { last_image_url: PNG, duration: 4 }, 'duration', /must be 8/],
      ['google/veo-3.1-lite-generate-001', { person_generation: 'allow_all' }, 'person_generation', /Expected 'dont_allow' \| 'allow_adult'/],
      ['google/veo-3-1-lite-generate-preview', { resolution: '1080P' }, 'resolution', /Expected '720p' \| '1080p'/],
      ['google/veo-3-1-lite-generate-preview', { person_generation: 'allow_adult' }, '', /person_generation/],
      ['google/veo3-1-extend-video', {}, 'video_url', 'Required'],
      ['google/veo3-1-extend-video', { video_url: PNG }, 'video_url', /data URI/],
      ['google/veo3-1-extend-video', { video_url: 'https://x.test/v.mp4', duration: 8 }, 'duration', "Invalid enum value. Expected 7, received '8'"],
      ['google/veo3-1-fast-extend-video', { video_url: 'https://x.test/v.mp4', resolution: '1080p' }, 'resolution', "Invalid enum value. Expected '720p', received '1080p'"],
      ['google/veo3-1-fast-extend-video', { video_url: 'https://x.test/v.mp4', aspect_ratio: '1:1' }, 'aspect_ratio', /Expected 'auto' \| '16:9' \| '9:16'/],
    ];
    for (const [model, extra, field, message] of rejected) {
      it(`rejects ${model} with ${Object.keys(extra).join(', ') || 'missing fields'} (issue at '${field}')`, async () => {
        await assertRejected({ model, prompt: 'a calm lake', ...extra }, field, message);
      });
    }

    it('rejects a missing or blank prompt, an unknown model, and a body that is not JSON', async () => {
      await assertRejected({ model: 'google/veo-3.1-t2v' }, 'prompt', 'Required');
      await assertRejected({ model: 'google/veo-3.1-t2v', prompt: '   ' }, 'prompt', 'String must contain at least 1 character(s)');
      await assertRejected({ model: 'google/veo-3.1-t2v', prompt: 42 }, 'prompt', 'Expected string, received number');
      await assertRejected({ model: 'google/veo-3-t2v', prompt: 'x' }, 'model', /^Invalid discriminator value\. Expected 'google\/veo-3\.1-t2v-fast'/);
      await assertRejected({ prompt: 'x' }, 'model', /Invalid discriminator value/);
      await assertRejected([1, 2], '', 'Expected object, received array');
      const res = await create('{"model": ');
      assert.equal(res.status, 400);
      assertDocumentedError(await json(res), 400);
      assert.equal(sim.jobs().length, 0);
    });

    it('reports every issue at once, and ignores unknown fields (the samples send tail_image_url)', async () => {
      const res = await create({ model: 'google/veo-3.1-i2v', prompt: '', duration: 5, aspect_ratio: '4:3' });
      const errors = (await json(res))['errors'] as Array<{ path: string[] }>;
      assert.deepEqual(errors.map((e) => e.path.join('.')).sort(), ['aspect_ratio', 'duration', 'image_url', 'prompt']);
      const ok = await create({ model: 'google/veo-3.1-lite-generate-001', prompt: 'x', tail_image_url: PNG, foo: { bar: 1 } });
      assert.equal(ok.status, 200);
    });
  });

  describe('job lifecycle', () => {
    it('goes queued → generating → completed on the clock and reports usage', async () => {
      const res = await create({ model: 'google/veo-3.1-t2v', prompt: 'a dragon' });
      assert.equal(res.headers.get('x-aimlapi-usd-spent'), '0.000000000');
      const { id, status } = (await json(res)) as { id: string; status: string };
      assert.equal(status, 'queued');
      assert.match(id, /^[0-9a-f-]{36}:google\/veo-3\.1-t2v$/);
      assert.deepEqual(await pollJson(id), { id, status: 'queued' });
      await sim.clock.advance(299);
      assert.equal((await pollJson(id))['status'], 'queued');
      await sim.clock.advance(1);
      assert.equal((await pollJson(id))['status'], 'generating');
      assert.equal(sim.jobs()[0]?.status, 'generating');
      await sim.clock.advance(1199);
      assert.equal((await pollJson(id))['status'], 'generating');
      await sim.clock.advance(1);
      const done = await poll(id);
      // 8 s at 1080p with audio, the t2v default: 0.525 × 8 = $4.20.
      assert.equal(done.headers.get('x-aimlapi-usd-spent'), '4.200000000');
      assert.equal(done.headers.get('x-aimlapi-credits-used'), '8400000');
      assert.deepEqual(await json(done), {
        id,
        status: 'completed',
        video: { url: `${sim.cdnUrl}/videos/${encodeURIComponent(id)}.mp4` },
        error: null,
        meta: { usage: { credits_used: 8_400_000 } },
      });
      const [job] = sim.jobs();
      assert.equal(job?.status, 'completed');
      assert.equal(job?.model, 'google/veo-3.1-t2v');
      assert.equal(job?.createdAt, T0);
      assert.deepEqual(job?.body, { model: 'google/veo-3.1-t2v', prompt: 'a dragon' });
    });

    it('round-trips ids with ":" and "/" when URL-encoded, and forced short ids', async () => {
      const id = await createJob({ model: 'google/veo-3.1-i2v', prompt: 'x', image_url: PNG });
      assert.ok(id.includes(':') && id.includes('/'));
      assert.equal((await pollJson(id))['id'], id);
      const recorded = sim.requests.at(-1);
      assert.equal(recorded?.query['generation_id'], id);
      sim.nextJob({ id: '99yQK3XQ6vTZyO9_kHzfS' });
      assert.equal(await createJob(), '99yQK3XQ6vTZyO9_kHzfS');
      assert.equal((await pollJson('99yQK3XQ6vTZyO9_kHzfS'))['status'], 'queued');
    });

    it('answers 404 with the documented body for an unknown id, 400 without one', async () => {
      const res = await poll('dfb91aa0-6c60-4078-b3b5-73142ba4d853:google/veo-3.1-i2v');
      assert.equal(res.status, 404);
      assertDocumentedError(await json(res), 404);
      const missing = await fetch(`${sim.apiUrl}/v2/video/generations`, { headers: AUTH });
      assert.equal(missing.status, 400);
    });

    it('reports failures with an object error or a string error, and is not billed', async () => {
      sim.nextJob({ outcome: 'failed', errorMessage: 'Prompt rejected' });
      sim.nextJob({ outcome: 'failed', errorFormat: 'string', errorMessage: 'Generation failed' });
      const a = await createJob();
      const b = await createJob();
      await sim.clock.advance(5000);
      assert.deepEqual(await pollJson(a), { id: a, status: 'error', video: null, error: { name: 'GenerationError', message: 'Prompt rejected' } });
      assert.deepEqual(await pollJson(b), { id: b, status: 'error', video: null, error: 'Generation failed' });
      const billing = await json(await fetch(`${sim.apiUrl}/v2/billing`, { headers: AUTH }));
      assert.equal(billing['current_balance'], 25);
    });

    it('can complete without a URL, never finish, and use waiting/active names', async () => {
      sim.nextJob({ outcome: 'completedWithoutUrl' });
      sim.nextJob({ outcome: 'neverFinishes' });
      sim.nextJob({ pendingStatuses: ['waiting', 'active'], queueMs: 1000, generateMs: 1000 });
      const noUrl = await createJob();
      const forever = await createJob();
      const renamedRes = await create({ model: 'google/veo-3.1-t2v', prompt: 'x' });
      const renamed = (await json(renamedRes))['id'] as string;
      assert.equal((await pollJson(renamed))['status'], 'waiting');
      await sim.clock.advance(1000);
      assert.equal((await pollJson(renamed))['status'], 'active');
      await sim.clock.advance(1000);
      assert.equal((await pollJson(renamed))['status'], 'completed');
      assert.deepEqual(await pollJson(noUrl), { id: noUrl, status: 'completed', video: null, error: null });
      await sim.clock.advance(1e9);
      assert.equal((await pollJson(forever))['status'], 'generating');
    });

    it('uses the timing function, the balance and the price overrides of the options', async () => {
      const clock = new FakeClock(0);
      const seen: Array<[string, number]> = [];
      const other = await startSimulator({
        clock,
        balanceUsd: 1,
        pricePerSecondUsd: { 'google/veo-3.1-t2v-fast@720p': 0.05 },
        timing: (model, index) => {
          seen.push([model, index]);
          return { queueMs: 10, generateMs: 20 };
        },
      });
      try {
        const post = (body: Json): Promise<Response> =>
          fetch(`${other.apiUrl}/v2/video/generations`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        // 8 s × 0.21 at 1080p with audio exceeds the $1 balance: refused with 403 before any job exists.
        const refused = await post({ model: 'google/veo-3.1-t2v-fast', prompt: 'x' });
        assert.equal(refused.status, 403);
        assert.equal((await json(refused))['message'], 'Insufficient credits');
        const ok = await post({ model: 'google/veo-3.1-t2v-fast', prompt: 'x', resolution: '720p' });
        const id = (await json(ok))['id'] as string;
        assert.deepEqual(seen, [['google/veo-3.1-t2v-fast', 0]]);
        await clock.advance(30);
        const done = await json(await fetch(`${other.apiUrl}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, { headers: AUTH }));
        assert.equal((done['meta'] as { usage: { credits_used: number } }).usage.credits_used, 800_000);
        const billing = await json(await fetch(`${other.apiUrl}/v2/billing`, { headers: AUTH }));
        assert.equal(billing['current_balance'], 0.6);
        const pricing = await json(await fetch(`${other.apiUrl}/v1/models?id=google/veo-3.1-t2v-fast&include=pricing`));
        // The override sets both 720p variants (with and without audio); 1080p keeps its rates.
        const variants = (pricing['data'] as Array<{ pricing: { variants: Array<{ price: number }> } }>)[0]?.pricing.variants.map((p) => p.price);
        assert.deepEqual(variants, [0.05, 0.05, 0.21, 0.1575]);
      } finally {
        await other.close();
      }
    });
  });

  describe('faults', () => {
    it('429 with Retry-After in seconds, as an HTTP date, and without it', async () => {
      const id = await createJob();
      const date = new Date(T0 + 30_000).toUTCString();
      sim.fault({ on: 'poll', status: 429, retryAfter: '7' });
      sim.fault({ on: 'poll', status: 429, retryAfter: date });
      sim.fault({ on: 'poll', status: 429 });
      const first = await poll(id);
      assert.equal(first.status, 429);
      assert.equal(first.headers.get('retry-after'), '7');
      assertDocumentedError(await json(first), 429);
      assert.equal((await poll(id)).headers.get('retry-after'), date);
      const third = await poll(id);
      assert.equal(third.status, 429);
      assert.equal(third.headers.has('retry-after'), false);
      assert.equal((await poll(id)).status, 200);
    });

    it('500/502/503/504 and 403 with the documented messages; faults come before auth', async () => {
      const id = await createJob();
      const expected: Array<[number, string | undefined]> = [[500, undefined], [502, undefined], [503, 'Model under maintenance'], [504, 'Generation timeout']];
      for (const [status] of expected) sim.fault({ on: 'poll', status });
      for (const [status, message] of expected) {
        const res = await poll(id, {});
        assert.equal(res.status, status);
        const answer = await json(res);
        assertDocumentedError(answer, status);
        if (message) assert.equal(answer['message'], message);
      }
      sim.fault({ on: 'create', status: 403 });
      const refused = await create({ model: 'google/veo-3.1-t2v', prompt: 'x' });
      assert.equal(refused.status, 403);
      assert.equal((await json(refused))['message'], 'Insufficient credits');
      assert.equal(sim.jobs().length, 1);
    });

    it('uses each fault `times` times, per target, and `any` for every API request', async () => {
      sim.fault({ on: 'create', status: 500, times: 2 });
      sim.fault({ on: 'any', status: 502 });
      const billing = await fetch(`${sim.apiUrl}/v2/billing`, { headers: AUTH });
      assert.equal(billing.status, 502);
      assert.equal((await create({ model: 'google/veo-3.1-t2v', prompt: 'x' })).status, 500);
      assert.equal((await create({ model: 'google/veo-3.1-t2v', prompt: 'x' })).status, 500);
      assert.equal((await create({ model: 'google/veo-3.1-t2v', prompt: 'x' })).status, 200);
      sim.fault({ on: 'key', status: 401 });
      sim.fault({ on: 'pricing', status: 503 });
      assert.equal((await fetch(`${sim.apiUrl}/v1/key`, { headers: AUTH })).status, 401);
      assert.equal((await fetch(`${sim.apiUrl}/v1/models`)).status, 503);
      assert.deepEqual(
        sim.requests.map((r) => r.status),
        [502, 500, 500, 200, 401, 503],
      );
    });

    it('malformed, wrongShape and a custom body', async () => {
      const id = await createJob();
      sim.fault({ on: 'poll', malformed: true });
      sim.fault({ on: 'poll', wrongShape: { id, state: 'done', video: 'nope' } });
      sim.fault({ on: 'poll', status: 500, body: { error: 'custom' } });
      const malformed = await poll(id);
      assert.equal(malformed.status, 200);
      const text = await malformed.text();
      assert.throws(() => JSON.parse(text) as unknown);
      assert.deepEqual(await pollJson(id), { id, state: 'done', video: 'nope' });
      const custom = await poll(id);
      assert.equal(custom.status, 500);
      assert.deepEqual(await json(custom), { error: 'custom' });
    });

    it('drops the connection, and delays an answer', async () => {
      const id = await createJob();
      sim.fault({ on: 'poll', drop: true });
      await assert.rejects(poll(id));
      assert.equal(sim.requests.at(-1)?.status, undefined);
      sim.fault({ on: 'poll', delayMs: 150 });
      const started = Date.now();
      const delayed = await poll(id);
      assert.ok(Date.now() - started >= 140, 'answered too early');
      assert.equal(delayed.status, 200);
      sim.fault({ on: 'poll', delayMs: 50, status: 503 });
      assert.equal((await poll(id)).status, 503);
    });

    it('truncates a CDN body after truncateAt bytes while declaring the full length', async () => {
      const url = videoUrlOf(await completedJob());
      sim.fault({ on: 'cdn', truncateAt: 1000 });
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-length'), String(FIXTURE.length));
      let received = 0;
      await assert.rejects(async () => {
        for await (const chunk of res.body ?? []) received += (chunk as Buffer).length;
      });
      assert.equal(received, 1000);
      // The next download is whole again.
      assert.equal(Buffer.from(await (await fetch(url)).arrayBuffer()).length, FIXTURE.length);
    });

    it('throttles a CDN body to bytesPerSecond, byte-identical', async () => {
      const url = videoUrlOf(await completedJob());
      sim.fault({ on: 'cdn', bytesPerSecond: 100_000 });
      const started = Date.now();
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      assert.deepEqual(body, FIXTURE);
      // 18 824 bytes at 100 kB/s: about 190 ms (the first 64 KB chunk is not held back).
      assert.ok(Date.now() - started >= 150, `too fast: ${Date.now() - started} ms`);
    });

    it('answers CDN faults in the CDN style', async () => {
      const url = videoUrlOf(await completedJob());
      sim.fault({ on: 'cdn', status: 500 });
      const res = await fetch(url);
      assert.equal(res.status, 500);
      assert.match(res.headers.get('content-type') ?? '', /xml/);
    });
  });

  describe('billing', () => {
    it('reports the balance in USD and in credits, lowered by completed jobs', async () => {
      assert.deepEqual(await json(await fetch(`${sim.apiUrl}/v2/billing`, { headers: AUTH })), { current_balance: 25, currency: 'USD' });
      sim.nextJob({ usdSpent: 0.6 });
      await completedJob();
      assert.deepEqual(await json(await fetch(`${sim.apiUrl}/v2/billing`, { headers: AUTH })), { current_balance: 24.4, currency: 'USD' });
      const legacy = await json(await fetch(`${sim.apiUrl}/v1/billing/balance`, { headers: AUTH }));
      assert.equal(legacy['balance'], 48_800_000);
    });

    it('echoes X-Client-Request-Id and answers JSON in utf-8; unknown routes are 404', async () => {
      const res = await fetch(`${sim.apiUrl}/v2/billing`, { headers: { ...AUTH, 'x-client-request-id': 'ext-1.a:b_c-d' } });
      assert.equal(res.headers.get('x-client-request-id'), 'ext-1.a:b_c-d');
      assert.ok(res.headers.get('x-request-id'));
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      const bad = await fetch(`${sim.apiUrl}/v2/billing`, { headers: { ...AUTH, 'x-client-request-id': 'has space' } });
      assert.equal(bad.headers.has('x-client-request-id'), false);
      const missing = await fetch(`${sim.apiUrl}/v1/nothing`, { headers: AUTH });
      assert.equal(missing.status, 404);
      assertDocumentedError(await json(missing), 404);
    });
  });

  describe('CDN', () => {
    it('serves the fixture byte-identical with the right headers, and HEAD', async () => {
      const url = videoUrlOf(await completedJob());
      assert.ok(url.startsWith(`${sim.cdnUrl}/videos/`));
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'video/mp4');
      assert.equal(res.headers.get('content-length'), '18824');
      assert.equal(res.headers.get('accept-ranges'), 'bytes');
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(FIXTURE));
      const head = await fetch(url, { method: 'HEAD' });
      assert.equal(head.headers.get('content-length'), '18824');
    });

    it('supports single byte ranges (206, suffix, 416)', async () => {
      const url = videoUrlOf(await completedJob());
      const mid = await fetch(url, { headers: { range: 'bytes=100-199' } });
      assert.equal(mid.status, 206);
      assert.equal(mid.headers.get('content-range'), `bytes 100-199/${FIXTURE.length}`);
      assert.ok(Buffer.from(await mid.arrayBuffer()).equals(FIXTURE.subarray(100, 200)));
      const open = await fetch(url, { headers: { range: 'bytes=18000-' } });
      assert.ok(Buffer.from(await open.arrayBuffer()).equals(FIXTURE.subarray(18000)));
      const suffix = await fetch(url, { headers: { range: 'bytes=-10' } });
      assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(FIXTURE.subarray(-10)));
      const beyond = await fetch(url, { headers: { range: `bytes=${FIXTURE.length}-` } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${FIXTURE.length}`);
    });

    it('serves generated bodies of the asked size (videoBytes and /blob/<n>)', async () => {
      sim.nextJob({ videoBytes: 300_000 });
      const url = videoUrlOf(await completedJob());
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      assert.equal(body.length, 300_000);
      assert.equal(body.subarray(4, 8).toString('latin1'), 'ftyp');
      assert.ok(body.equals(generatedBytes(300_000, 'video')));
      const ranged = await fetch(url, { headers: { range: 'bytes=70000-70999' } });
      assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(70_000, 71_000)));

      const blob = await fetch(`${sim.cdnUrl}/blob/5000000`);
      assert.equal(blob.headers.get('content-length'), '5000000');
      let size = 0;
      for await (const chunk of blob.body ?? []) size += (chunk as Buffer).length;
      assert.equal(size, 5_000_000);
      const tail = await fetch(`${sim.cdnUrl}/blob/5000000`, { headers: { range: 'bytes=-1000' } });
      assert.ok(Buffer.from(await tail.arrayBuffer()).equals(generatedBytes(5_000_000, 'blob', 4_999_000)));
    });

    it('redirects once or along a chain', async () => {
      const url = videoUrlOf(await completedJob());
      const once = await fetch(`${sim.cdnUrl}/redirect?to=${encodeURIComponent(url)}`, { redirect: 'manual' });
      assert.equal(once.status, 302);
      assert.equal(once.headers.get('location'), url);
      const followed = await fetch(`${sim.cdnUrl}/redirect?to=${encodeURIComponent(url)}`);
      assert.ok(Buffer.from(await followed.arrayBuffer()).equals(FIXTURE));

      const rest = new URL(url).pathname.slice(1);
      const hop = await fetch(`${sim.cdnUrl}/redirect-chain/3/${rest}`, { redirect: 'manual' });
      assert.equal(hop.headers.get('location'), `${sim.cdnUrl}/redirect-chain/2/${rest}`);
      sim.requests.length = 0;
      const chained = await fetch(`${sim.cdnUrl}/redirect-chain/3/${rest}`);
      assert.ok(Buffer.from(await chained.arrayBuffer()).equals(FIXTURE));
      assert.deepEqual(
        sim.requests.map((r) => r.status),
        [302, 302, 302, 200],
      );
    });

    it('answers 403 once the URL expired, and 404 for unknown or unfinished jobs', async () => {
      sim.nextJob({ urlExpiresAfterMs: 60_000 });
      const id = await createJob();
      const url = `${sim.cdnUrl}/videos/${encodeURIComponent(id)}.mp4`;
      assert.equal((await fetch(url)).status, 404);
      await sim.clock.advance(1500 + 59_999);
      assert.equal((await fetch(url)).status, 200);
      await sim.clock.advance(1);
      const expired = await fetch(url);
      assert.equal(expired.status, 403);
      assert.match(await expired.text(), /AccessDenied/);
      assert.equal((await fetch(`${sim.cdnUrl}/videos/nope.mp4`)).status, 404);
    });

    it('records CDN requests and whether any carried Authorization', async () => {
      const url = videoUrlOf(await completedJob());
      await (await fetch(url, { headers: { 'x-probe': 'Yes' } })).arrayBuffer();
      assert.equal(sim.cdnAuthorizationSeen(), false);
      const cdn = sim.requests.filter((r) => r.origin === 'cdn');
      assert.equal(cdn.length, 1);
      assert.equal(cdn[0]?.headers['x-probe'], 'Yes');
      assert.equal(cdn[0]?.at, sim.clock.now());
      assert.equal(cdn[0]?.status, 200);
      await (await fetch(url, { headers: AUTH })).arrayBuffer();
      assert.equal(sim.cdnAuthorizationSeen(), true);
    });

    it('records API requests with body, raw body, query and headers', async () => {
      await create({ model: 'google/veo-3.1-t2v', prompt: 'x' });
      const [req] = sim.requests;
      assert.equal(req?.origin, 'api');
      assert.equal(req?.method, 'POST');
      assert.equal(req?.path, '/v2/video/generations');
      assert.deepEqual(req?.body, { model: 'google/veo-3.1-t2v', prompt: 'x' });
      assert.equal(req?.rawBody, '{"model":"google/veo-3.1-t2v","prompt":"x"}');
      assert.equal(req?.headers['authorization'], `Bearer ${KEY}`);
      assert.equal(req?.status, 200);
    });

    it('posts() lists the recorded POST requests only, in order, in process and over the control API', async () => {
      const id = await createJob({ model: 'google/veo-3.1-t2v', prompt: 'first' });
      await (await poll(id)).arrayBuffer();
      await createJob({ model: 'google/veo-3.1-t2v', prompt: 'second' });
      assert.equal(sim.requests.length, 3);
      assert.deepEqual(sim.posts().map((r) => (r.body as Json)['prompt']), ['first', 'second']);
      const control = new SimulatorControl(sim.apiUrl);
      assert.deepEqual((await control.posts()).map((r) => (r.body as Json)['prompt']), ['first', 'second']);
    });
  });

  describe('control API, CLI and shutdown', () => {
    it('drives the simulator over HTTP, and those calls are not recorded', async () => {
      const control = new SimulatorControl(`${sim.apiUrl}/`);
      await control.nextJob({ id: 'ctl-1', outcome: 'failed', errorFormat: 'string' });
      await control.fault({ on: 'poll', status: 502 });
      assert.equal(await createJob(), 'ctl-1');
      assert.equal((await poll('ctl-1')).status, 502);
      await sim.clock.advance(10_000);
      assert.equal((await pollJson('ctl-1'))['status'], 'error');
      const jobs = await control.jobs();
      assert.deepEqual(jobs.map((j) => [j.id, j.status]), [['ctl-1', 'error']]);
      await fetch(`${sim.cdnUrl}/blob/10`, { headers: AUTH });
      assert.equal((await control.requests()).length, 4);
      const cdn = await control.requests('cdn');
      assert.deepEqual(cdn.map((r) => r.path), ['/blob/10']);
      assert.equal(await control.cdnAuthorizationSeen(), true);
      await control.reset();
      assert.equal((await control.requests()).length, 0);
      assert.deepEqual(await control.jobs(), []);
      assert.equal(await control.cdnAuthorizationSeen(), false);
      await assert.rejects(control.fault({} as never), /400/);
    });

    it('runs from the command line and stops cleanly on SIGTERM', async function () {
      this.timeout(5000);
      const cli = spawn(process.execPath, [join(__dirname, '..', 'simulator', 'cli.js'), '--port', '0', '--cdn-port', '0', '--key', 'demo-key', '--key', 'k2', '--generate-ms', '20000'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        cli.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        cli.once('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
      });
      const m = /^Veo API simulator: api (http:\/\/127\.0\.0\.1:\d+), cdn (http:\/\/127\.0\.0\.1:\d+), keys: demo-key, k2$/.exec(line);
      assert.ok(m, line);
      const res = await fetch(`${m[1]}/v2/billing`, AUTH_OF('demo-key'));
      assert.equal(res.status, 200);
      const exit = new Promise<number | null>((resolve) => cli.once('exit', resolve));
      cli.kill('SIGTERM');
      assert.equal(await exit, 0);
    });

    it('close() frees both ports', async () => {
      const other = await startSimulator();
      await (await fetch(`${other.apiUrl}/v1/models`)).arrayBuffer();
      const ports = [other.apiUrl, other.cdnUrl].map((u) => Number(new URL(u).port));
      await other.close();
      await other.close();
      for (const port of ports) {
        await new Promise<void>((resolve, reject) => {
          const probe = createServer();
          probe.once('error', reject);
          probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
        });
      }
      const again = await startSimulator({ port: ports[0], cdnPort: ports[1] });
      assert.equal(again.apiUrl, `http://127.0.0.1:${ports[0]}`);
      await again.close();
    });
  });
});
