// The simulator's GET /v1/models and its price book, over real HTTP: the shapes the
// provider's docs give (complete-model-list.md, models.json), and billing that agrees
// with the published prices.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fetch from 'node-fetch';
import { SimulatorControl } from '../simulator/control';
import { startSimulator } from '../simulator/simulator';
import { FakeClock } from '../support/fakeClock';
import { PROJECT_ROOT } from '../support/paths';
import { AUTH, json, simHttp, type Json } from '../support/simHttp';
import { useSimulator } from '../support/useSimulator';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The smallest valid body of each model (what its schema requires). */
const MINIMAL: Record<string, Json> = {
  'google/veo-3.1-t2v-fast': {},
  'google/veo-3.1-t2v': {},
  'google/veo-3.1-i2v': { image_url: PNG },
  'google/veo-3.1-i2v-fast': { image_url: PNG },
  'google/veo-3.1-first-last-image-to-video': { image_url: PNG, last_image_url: PNG },
  'google/veo-3.1-first-last-image-to-video-fast': { image_url: PNG, last_image_url: PNG },
  'google/veo-3.1-reference-to-video': { image_urls: [PNG] },
  'google/veo-3.1-lite-generate-001': {},
  'google/veo-3-1-lite-generate-preview': {},
  'google/veo3-1-extend-video': { video_url: 'https://example.com/in.mp4' },
  'google/veo3-1-fast-extend-video': { video_url: 'https://example.com/in.mp4' },
};

interface Item {
  id: string;
  aliases: string[];
  type: string;
  info: Json;
  tags: string[];
  pricing?: Json;
}

describe('Veo simulator: catalogue and prices', () => {
  // Enough balance to run every model once.
  const sim = useSimulator({ balanceUsd: 1000 });
  const http = simHttp(sim);

  async function list(query = ''): Promise<Item[]> {
    const res = await http.get(`/v1/models${query}`);
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body['object'], 'list');
    return body['data'] as Item[];
  }

  async function pricingOf(model: string): Promise<Json> {
    const [item] = await list(`?id=${encodeURIComponent(model)}&include=pricing`);
    assert.ok(item?.pricing, `no pricing for ${model}`);
    return item.pricing;
  }

  it('lists every model without a key, with id, aliases, type, info and tags, and no pricing by default', async () => {
    const data = await list();
    assert.deepEqual(data.map((m) => m.id).sort(), Object.keys(MINIMAL).sort());
    for (const m of data) {
      assert.ok(Array.isArray(m.aliases) && Array.isArray(m.tags) && typeof m.type === 'string' && typeof m.info === 'object', m.id);
      assert.equal('pricing' in m, false, m.id);
    }
    assert.deepEqual(data.find((m) => m.id === 'google/veo-3.1-lite-generate-001')?.aliases, ['veo-3.1-lite-generate-001']);
    assert.ok(data.filter((m) => m.id !== 'google/veo-3.1-lite-generate-001').every((m) => m.aliases.length === 0));
  });

  it('attaches pricing with include=pricing, include=all, details=true or 1, and ignores unknown sections', async () => {
    for (const query of ['?include=pricing', '?include=all', '?details=true', '?details=1', '?include=modalities,PRICING', '?include=modalities&include=pricing']) {
      assert.ok((await list(query)).every((m) => typeof m.pricing === 'object'), query);
    }
    for (const query of ['?include=pricng', '?include=modalities', '?details=yes']) {
      assert.ok((await list(query)).every((m) => !('pricing' in m)), query);
    }
  });

  it('publishes pricing as an object read by kind: variants on resolution, two dimensions for t2v, fixed for extend', async () => {
    const data = await list('?include=pricing');
    const kinds = Object.fromEntries(data.map((m) => [m.id, m.pricing?.['kind']]));
    assert.equal(kinds['google/veo3-1-extend-video'], 'fixed');
    assert.equal(kinds['google/veo3-1-fast-extend-video'], 'fixed');
    assert.equal(Object.values(kinds).filter((k) => k === 'variants').length, 9);

    assert.deepEqual(await pricingOf('google/veo-3.1-i2v'), {
      kind: 'variants',
      currency: 'USD',
      dimensions: ['resolution'],
      variants: [
        { when: { resolution: '720p' }, price: 0.42, unit: 'second', per: 1 },
        { when: { resolution: '1080p' }, price: 0.525, unit: 'second', per: 1 },
      ],
    });
    const lite = await pricingOf('veo-3.1-lite-generate-001');
    assert.deepEqual((lite['variants'] as Array<{ when: Json }>).map((v) => v.when), [{ resolution: '720P' }, { resolution: '1080P' }]);
    const t2v = await pricingOf('google/veo-3.1-t2v');
    assert.deepEqual(t2v['dimensions'], ['resolution', 'generate_audio']);
    assert.deepEqual((t2v['variants'] as Array<{ when: Json }>).map((v) => v.when), [
      { resolution: '720p', generate_audio: true },
      { resolution: '720p', generate_audio: false },
      { resolution: '1080p', generate_audio: true },
      { resolution: '1080p', generate_audio: false },
    ]);
    assert.deepEqual(await pricingOf('google/veo3-1-extend-video'), {
      kind: 'fixed',
      currency: 'USD',
      units: [{ name: 'second', measure: 'output', price: 0.42, per: 1 }],
    });
  });

  it('filters by id or alias, in any case, comma-separated or repeated; an unknown id lists nothing', async () => {
    const ids = async (query: string): Promise<string[]> => (await list(query)).map((m) => m.id);
    assert.deepEqual(await ids('?id=veo-3.1-lite-generate-001'), ['google/veo-3.1-lite-generate-001']);
    assert.deepEqual(await ids('?id=GOOGLE/Veo-3.1-T2V'), ['google/veo-3.1-t2v']);
    assert.deepEqual(await ids('?id=google/veo-3.1-t2v,google/veo-3.1-i2v'), ['google/veo-3.1-t2v', 'google/veo-3.1-i2v']);
    assert.deepEqual(await ids('?id=google/veo-3.1-i2v&id=veo-3.1-LITE-generate-001'), ['google/veo-3.1-i2v', 'google/veo-3.1-lite-generate-001']);
    assert.deepEqual(await ids('?id=veo-3.1-t2v'), [], 'no prefix-less alias for t2v');
    assert.deepEqual(await ids('?id=nope'), []);
  });

  it('sends an ETag on every answer and 304 with an empty body for If-None-Match; a price change changes it', async () => {
    const first = await http.get('/v1/models?include=pricing');
    const etag = first.headers.get('etag') ?? '';
    assert.match(etag, /^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    assert.equal((await http.get('/v1/models?include=pricing')).headers.get('etag'), etag);
    assert.notEqual((await http.get('/v1/models')).headers.get('etag'), etag);
    for (const ifNoneMatch of [etag, etag.slice(2), `"other", ${etag}`, '*']) {
      const again = await http.get('/v1/models?include=pricing', { 'if-none-match': ifNoneMatch });
      assert.equal(again.status, 304, ifNoneMatch);
      assert.equal(again.headers.get('etag'), etag);
      assert.equal(await again.text(), '');
    }
    sim.setPricing('google/veo-3.1-i2v', 'variable');
    const changed = await http.get('/v1/models?include=pricing', { 'if-none-match': etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  it('serves the same data at /models and /api/v1/models, and one model at /model/{id} (not under /v1)', async () => {
    const canonical = await (await http.get('/v1/models?include=pricing')).text();
    assert.equal(await (await http.get('/models?include=pricing')).text(), canonical);
    assert.equal(await (await http.get('/api/v1/models?include=pricing')).text(), canonical);
    const one = await http.get('/model/VEO-3.1-lite-generate-001?include=pricing');
    assert.equal(one.status, 200);
    assert.ok(one.headers.get('etag'));
    const body = await json(one);
    assert.equal(body['object'], 'model');
    assert.equal((body['data'] as Item).id, 'google/veo-3.1-lite-generate-001');
    assert.equal(((body['data'] as Item).pricing as Json)['kind'], 'variants');
    assert.equal((await http.get('/model/google/veo-3.1-t2v')).status, 200);
    assert.equal((await http.get('/model/nope')).status, 404);
    assert.equal((await http.get('/v1/model/google/veo-3.1-t2v')).status, 404);
  });

  /** The test's own reading of a price: price × quantity ÷ per, for a request at the model's defaults. */
  function expectedUsd(pricing: Json, request: Json, duration: number): number {
    if (pricing['kind'] === 'fixed') {
      return (pricing['units'] as Array<{ price: number; per: number }>).reduce((sum, u) => sum + (u.price * duration) / u.per, 0);
    }
    const variant = (pricing['variants'] as Array<{ when: Json; price: number; per: number }>).find((v) =>
      (pricing['dimensions'] as string[]).every((d) => v.when[d] === request[d]),
    );
    assert.ok(variant, `no variant for ${JSON.stringify(request)}`);
    return (variant.price * duration) / variant.per;
  }

  it('bills every model exactly what its published price says for the request', async () => {
    const cases: Array<[string, Json, Json, number]> = Object.entries(MINIMAL).map(([model, extra]) => {
      const lite001 = model.includes('lite-generate-001');
      const extend = model.includes('extend');
      const defaults = { resolution: lite001 ? '720P' : extend ? '720p' : '1080p', generate_audio: true };
      return [model, extra, defaults, extend ? 7 : 8];
    });
    cases.push(['google/veo-3.1-t2v', { resolution: '720p', generate_audio: false, duration: 4 }, { resolution: '720p', generate_audio: false }, 4]);
    cases.push(['google/veo-3.1-lite-generate-001', { resolution: '1080P', duration: 6 }, { resolution: '1080P' }, 6]);
    for (const [model, extra, request, duration] of cases) {
      const id = await http.createId({ model, prompt: 'x', ...extra });
      await sim.clock.advance(10_000);
      const done = await json(await http.poll(id));
      const credits = (done['meta'] as { usage: { credits_used: number } }).usage.credits_used;
      const usd = expectedUsd(await pricingOf(model), request, duration);
      assert.equal(credits, Math.round(usd * 2_000_000), `${model} ${JSON.stringify(extra)}`);
    }
  });

  it('replaces any model’s pricing in process: variable, a made-up fixed rate, any JSON; undefined and reset restore it', async () => {
    const original = await pricingOf('google/veo-3.1-i2v');
    sim.setPricing('google/veo-3.1-i2v', 'variable');
    assert.deepEqual(await pricingOf('google/veo-3.1-i2v'), { kind: 'variable' });
    // A variable price cannot be quoted; it is billed at the model's built-in rate (0.525 × 8).
    const variable = await http.createId({ model: 'google/veo-3.1-i2v', prompt: 'x', image_url: PNG });
    sim.setPricing('google/veo-3.1-i2v', { kind: 'fixed', currency: 'USD', units: [{ name: 'second', price: 2, per: 10 }] });
    const fixed = await http.createId({ model: 'google/veo-3.1-i2v', prompt: 'x', image_url: PNG, duration: 6 });
    sim.setPricing('veo-3.1-LITE-generate-001', [{ when: { resolution: '720P' }, price: 1, unit: 'second', per: 1 }]);
    assert.deepEqual(await pricingOf('google/veo-3.1-lite-generate-001'), [{ when: { resolution: '720P' }, price: 1, unit: 'second', per: 1 }]);
    await sim.clock.advance(10_000);
    const creditsOf = async (id: string): Promise<number> => ((await json(await http.poll(id)))['meta'] as { usage: { credits_used: number } }).usage.credits_used;
    assert.equal(await creditsOf(variable), 8_400_000);
    assert.equal(await creditsOf(fixed), 2_400_000);
    sim.setPricing('google/veo-3.1-i2v', undefined);
    assert.deepEqual(await pricingOf('google/veo-3.1-i2v'), original);
    sim.setPricing('google/veo-3.1-t2v', 'variable');
    sim.reset();
    assert.equal((await pricingOf('google/veo-3.1-t2v'))['kind'], 'variants');
    assert.throws(() => sim.setPricing('google/veo-9', 'variable'), /no model 'google\/veo-9'/);
  });

  it('takes replaced prices from the options and over the control API; reset goes back to the options', async () => {
    const clock = new FakeClock();
    const other = await startSimulator({ clock, pricing: { 'VEO-3.1-lite-generate-001': 'variable', 'google/veo-3.1-t2v': { kind: 'fixed', currency: 'USD', units: [{ name: 'video', price: 3, per: 1 }] } } });
    try {
      const pricing = async (model: string): Promise<unknown> => ((await json(await fetch(`${other.apiUrl}/v1/models?id=${model}&include=pricing`)))['data'] as Item[])[0]?.pricing;
      assert.deepEqual(await pricing('google/veo-3.1-lite-generate-001'), { kind: 'variable' });
      const control = new SimulatorControl(other.apiUrl);
      await control.setPricing('google/veo-3.1-lite-generate-001', { kind: 'variable', note: 'quoted at run time' });
      assert.deepEqual(await pricing('google/veo-3.1-lite-generate-001'), { kind: 'variable', note: 'quoted at run time' });
      await control.setPricing('google/veo-3.1-lite-generate-001', undefined);
      assert.deepEqual(await pricing('google/veo-3.1-lite-generate-001'), { kind: 'variable' });
      await control.setPricing('google/veo3-1-extend-video', 'variable');
      await control.reset();
      assert.equal(((await pricing('google/veo3-1-extend-video')) as Json)['kind'], 'fixed');
      assert.equal(((await pricing('google/veo-3.1-t2v')) as Json)['kind'], 'fixed');
      await assert.rejects(control.setPricing('nope', 'variable'), /400.*no model 'nope'/);
      // A per-video fixed unit: $3 whatever the duration.
      const res = await fetch(`${other.apiUrl}/v2/video/generations`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'google/veo-3.1-t2v', prompt: 'x', duration: 4 }) });
      const id = (await json(res))['id'] as string;
      await clock.advance(10_000);
      const done = await json(await fetch(`${other.apiUrl}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, { headers: AUTH }));
      assert.deepEqual(done['meta'], { usage: { credits_used: 6_000_000 } });
    } finally {
      await other.close();
    }
    await assert.rejects(startSimulator({ pricing: { 'google/veo-9': 'variable' } }), /no model/);
  });

  it('takes replaced prices from the command line (--pricing model=variable | model=<JSON>)', async function () {
    this.timeout(5000);
    const fixed = JSON.stringify({ kind: 'fixed', currency: 'USD', units: [{ name: 'second', price: 1, per: 1 }] });
    const cli = spawn(process.execPath, [join(__dirname, '..', 'simulator', 'cli.js'), '--port', '0', '--cdn-port', '0', '--pricing', 'google/veo-3.1-i2v=variable', '--pricing', `google/veo3-1-extend-video=${fixed}`, '--logs-delay-ms', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        cli.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        cli.once('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
      });
      const apiUrl = /api (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      assert.ok(apiUrl, line);
      const data = (await json(await fetch(`${apiUrl}/v1/models?include=pricing`)))['data'] as Item[];
      assert.deepEqual(data.find((m) => m.id === 'google/veo-3.1-i2v')?.pricing, { kind: 'variable' });
      assert.deepEqual(data.find((m) => m.id === 'google/veo3-1-extend-video')?.pricing, JSON.parse(fixed));
    } finally {
      const exit = new Promise((resolve) => cli.once('exit', resolve));
      cli.kill('SIGTERM');
      await exit;
    }
  });

  it('imports nothing from src/: it is an independent reading of the provider’s docs', () => {
    const dir = join(PROJECT_ROOT, 'test', 'simulator');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(text, /from ['"][./]*src\//, file);
      assert.doesNotMatch(text, /require\(['"][./]*src\//, file);
    }
  });
});
