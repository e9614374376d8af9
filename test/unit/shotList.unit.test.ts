// Shot lists under plain Node: reading and checking a `*.veo.json` (every problem at once,
// with shot numbers and places), the JSON schema the editor uses (built from the catalog),
// the runner's concurrency cap (against a fake manager and store), the cost sum, and the
// one-shot list written from a sidecar.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { AuthError, ServiceError } from '../../src/core/api/errors';
import { allModels, findModel } from '../../src/core/catalog/catalog';
import { MEDIA_KINDS } from '../../src/core/catalog/media';
import type { Job, JobStatus } from '../../src/core/jobs/job';
import { JobStore } from '../../src/core/jobs/jobStore';
import type { Sidecar } from '../../src/core/jobs/sidecar';
import { pricePlan } from '../../src/core/money/plan';
import { describeIssue, ParsedShotList } from '../../src/core/shotList/parse';
import { runShots, type RunProgress } from '../../src/core/shotList/runner';
import { shotListProgress } from '../../src/core/shotList/runs';
import { isSidecar, looksLikeSidecarText, shotFromJob, shotFromSidecar, shotListText, writeNewShotList } from '../../src/core/shotList/saveAsShot';
import { shotListJsonSchema, VSCODE_SCHEMA_KEYWORDS, type JsonSchema } from '../../src/core/shotList/schema';
import { hasErrors, planShotList, type ShotListPlan } from '../../src/core/shotList/validate';
import { MemoryStorage } from '../../src/core/util/storage';
import { settle } from '../support/fakeClock';
import { FIXTURES, PROJECT_ROOT } from '../support/paths';

const T2V = 'google/veo-3.1-t2v-fast';
const I2V = 'google/veo-3.1-i2v';

describe('shot lists: reading and checking', () => {
  let ws: string;
  let file: string;

  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-shots-'));
    fs.mkdirSync(path.join(ws, 'images'));
    fs.mkdirSync(path.join(ws, 'story', 'frames'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'frame-720p.png'), path.join(ws, 'images', 'frame.png'));
    fs.copyFileSync(path.join(FIXTURES, 'bars-720p.jpg'), path.join(ws, 'story', 'frames', 'bars.jpg'));
    fs.copyFileSync(path.join(FIXTURES, 'small-180p.png'), path.join(ws, 'images', 'small.png'));
    fs.writeFileSync(path.join(ws, 'images', 'notes.png'), 'not an image at all');
    file = path.join(ws, 'story', 'scenes.veo.json');
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  const plan = (doc: unknown): Promise<ShotListPlan> =>
    planShotList(typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2), { file, roots: [ws] });

  it('plans a good list: defaults apply, images resolve next to the list first and then in the workspace', async () => {
    const p = await plan({
      $schema: './whatever.json',
      defaults: { model: I2V, options: { resolution: '720p', negative_prompt: 'blur' }, outputFolder: 'videos/story' },
      shots: [
        { prompt: 'The hero walks in', images: ['images/frame.png'], output: 'shot-01' },
        { prompt: 'Bars, slowly', images: ['frames/bars.jpg'], options: { duration: '6' } },
        { prompt: '  A wide city at dusk  ', model: T2V, options: { seed: 7 } },
        { prompt: 'From the web', images: ['https://example.com/frame.png'] },
      ],
    });
    assert.deepEqual(p.issues, []);
    assert.equal(hasErrors(p), false);
    assert.equal(p.shots.length, 4);
    const [a, b, c, d] = p.shots;
    assert.deepEqual(a!.request, {
      model: I2V,
      prompt: 'The hero walks in',
      media: { image_url: { kind: 'file', path: path.join(ws, 'images', 'frame.png') } },
      options: { aspect_ratio: '16:9', duration: 8, resolution: '720p', generate_audio: true },
      outputName: 'shot-01',
      outputFolder: 'videos/story',
    });
    assert.deepEqual(b!.request.media, { image_url: { kind: 'file', path: path.join(ws, 'story', 'frames', 'bars.jpg') } });
    assert.equal(b!.request.options['duration'], 6);
    // negative_prompt is a defaults option the t2v model has and the i2v model has not.
    assert.deepEqual(c!.request.options, {
      aspect_ratio: '16:9', duration: 8, resolution: '720p', generate_audio: true, negative_prompt: 'blur', enhance_prompt: true, seed: 7, auto_fix: true,
    });
    assert.equal(c!.request.prompt, 'A wide city at dusk');
    assert.deepEqual(d!.request.media, { image_url: { kind: 'url', url: 'https://example.com/frame.png' } });
  });

  it('reports every problem of every shot at once, with shot numbers, fields and places in the file', async () => {
    const text = JSON.stringify(
      {
        shots: [
          { prompt: 'ok', model: T2V },
          { prompt: 'x', model: 'google/veo-9' },
          { prompt: '', model: T2V, options: { duration: 5, colour: 'red' }, output: '../../etc/passwd' },
          { prompt: 'needs an image', model: I2V },
          { prompt: 'bad files', model: 'google/veo-3.1-reference-to-video', referenceImages: ['images/missing.png', 'images/notes.png', '../../outside.png'] },
          { prompt: 'text model with an image', model: T2V, images: ['images/frame.png'], colour: 1 },
        ],
      },
      null,
      2,
    );
    const p = await plan(text);
    assert.ok(hasErrors(p));
    assert.deepEqual(p.shots.map((s) => s.index), [0], 'only the good shot is planned');
    const lines = p.issues.map(describeIssue);
    const expect = [
      /^Shot 2 · model: Unknown model "google\/veo-9"/,
      /^Shot 3 · prompt: Describe the video in the prompt\./,
      /^Shot 3 · options\.duration: Duration must be one of 4, 6, 8; got 5\./,
      /^Shot 3 · options\.colour: "colour" is not an option of/,
      /^Shot 3 · output: .*contains "\.\."/,
      /^Shot 4: Image: .* is required\. Give it as "images"\./,
      /^Shot 5 · referenceImages\[0\]: There is no file "images\/missing\.png"/,
      /^Shot 5 · referenceImages\[1\]: notes\.png is not a PNG, JPEG or WebP image/,
      /^Shot 5 · referenceImages\[2\]: "\.\.\/\.\.\/outside\.png" leads outside the workspace/,
      /^Shot 6 · colour: "colour" is not a field of a shot/,
      /^Shot 6 · images: .* takes no start image\./,
    ];
    for (const pattern of expect) assert.ok(lines.some((l) => pattern.test(l)), `${pattern} in\n${lines.join('\n')}`);
    assert.equal(lines.length, expect.length, lines.join('\n'));
    // Each issue points at its own text: the unknown model at its value, the bad field at its key.
    const at = (pattern: RegExp) => {
      const issue = p.issues.find((i) => pattern.test(describeIssue(i)))!;
      return text.slice(issue.range.offset, issue.range.offset + issue.range.length);
    };
    assert.equal(at(/Unknown model/), '"google/veo-9"');
    assert.equal(at(/options\.duration/), '5');
    assert.equal(at(/"colour" is not a field/), '"colour"');
    assert.equal(at(/output:/), '"../../etc/passwd"');
    assert.equal(at(/Shot 4:/), '{');
  });

  it('warns (without refusing) about small images and outputs used twice', async () => {
    const p = await plan({ shots: [{ prompt: 'a', model: I2V, images: ['images/small.png'], output: 'same' }, { prompt: 'b', output: 'same.mp4' }] });
    assert.equal(hasErrors(p), false);
    assert.equal(p.shots.length, 2);
    assert.deepEqual(p.issues.map((i) => [i.severity, i.shot, i.field]), [
      ['warning', 0, 'images[0]'],
      ['warning', 1, 'output'],
    ]);
  });

  it('refuses a defaults model or option no model knows, once, and an output folder outside the workspace', async () => {
    const p = await plan({ defaults: { model: 'nope', options: { colour: 'red' }, outputFolder: '../elsewhere' }, shots: [{ prompt: 'a' }, { prompt: 'b', outputFolder: '/etc' }] });
    const lines = p.issues.map(describeIssue);
    assert.equal(lines.filter((l) => l.startsWith('defaults.model: Unknown model "nope"')).length, 1, lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('defaults.options.colour: "colour" is not an option of any Veo model')));
    assert.ok(lines.some((l) => l.startsWith('defaults.outputFolder: "../elsewhere" leads outside')));
    assert.ok(lines.some((l) => l.startsWith('Shot 2 · outputFolder: "/etc" leads outside')));
    assert.deepEqual(p.shots, []);
  });

  it('reports JSON syntax errors and a wrong document shape, with places', async () => {
    const broken = '{ "shots": [ { "prompt": "a" } ';
    const p = await plan(broken);
    assert.ok(hasErrors(p));
    assert.match(describeIssue(p.issues[0]!), /"\]" is missing|"}" is missing|ends too early/);
    assert.deepEqual((await plan('')).issues.map((i) => i.message), ['The file is empty: a shot list is an object with a "shots" array.']);
    assert.match(describeIssue((await plan([1, 2])).issues[0]!), /JSON object with a "shots" array/);
    assert.deepEqual((await plan({ shot: [] })).issues.map(describeIssue), [
      'A shot list needs a "shots" array, e.g. "shots": [{ "prompt": "…" }].',
      'shot: "shot" is not a field of a shot list. Its fields are: $schema, defaults, shots.',
    ]);
    assert.match(describeIssue((await plan({ shots: [] })).issues[0]!), /^shots: Add at least one shot/);
    const types = await plan({ shots: [{ prompt: 3, images: 'images/frame.png', options: [] }, 'just text'] });
    assert.deepEqual(types.issues.map(describeIssue), [
      'Shot 1 · prompt: "prompt" must be text (in quotes).',
      'Shot 1 · images: "images" must be an array of paths or https URLs, e.g. ["images/frame.png"].',
      'Shot 1 · options: "options" must be an object, e.g. { "duration": 8 }.',
      'Shot 2: A shot is an object: { "prompt": "…", "model": "…" }.',
    ]);
  });

  it('takes its media fields from the media vocabulary: each one read, and refused with its noun by a model without it', async () => {
    const t2v = findModel(T2V)!;
    for (const kind of MEDIA_KINDS) {
      const value = kind.argIsArray ? ['images/frame.png'] : 'images/frame.png';
      const p = await plan({ shots: [{ prompt: 'p', model: T2V, [kind.arg]: value }] });
      assert.deepEqual(p.issues.map(describeIssue), [`Shot 1 · ${kind.arg}: ${t2v.label} takes no ${kind.noun}.`], kind.arg);
      const wrongType = await plan({ shots: [{ prompt: 'p', [kind.arg]: 7 }] });
      assert.match(describeIssue(wrongType.issues[0]!), new RegExp(`^Shot 1 · ${kind.arg}: "${kind.arg}" must be`), kind.arg);
    }
    const two = await plan({ shots: [{ prompt: 'p', model: I2V, images: ['images/frame.png', 'images/frame.png'] }] });
    assert.ok(
      two.issues.map(describeIssue).includes('Shot 1 · images[1]: images holds one start image; give the last frame as lastImage and the reference images as referenceImages.'),
      two.issues.map(describeIssue).join('\n'),
    );
  });

  it('exposes the parsed document and ranges for editor diagnostics', () => {
    const parsed = new ParsedShotList('{\n  "shots": [\n    { "prompt": "a", "model": "m" }\n  ]\n}\n');
    assert.deepEqual(parsed.issues, []);
    assert.equal(parsed.document?.shots[0]?.model, 'm');
    assert.deepEqual(parsed.rangeOf(['shots', 0, 'model']), { offset: 45, length: 3 });
    assert.deepEqual(parsed.rangeOf(['shots', 0, 'model'], 'key'), { offset: 36, length: 7 });
    assert.deepEqual(parsed.rangeOf(['shots', 0, 'output']), { offset: 19, length: 1 }, 'a missing field points at its shot');
  });
});

describe('shot lists: the JSON schema', () => {
  const schema = shotListJsonSchema();
  const ajv = new Ajv({ allErrors: true });
  ajv.addVocabulary([...VSCODE_SCHEMA_KEYWORDS]);
  const validate = ajv.compile(schema);
  const shotSchema = (schema['properties'] as Record<string, JsonSchema>)['shots']!['items'] as JsonSchema;

  it('accepts a good file and refuses what the catalog refuses', () => {
    const good = {
      $schema: 'x',
      defaults: { model: I2V, options: { resolution: '720p' }, outputFolder: 'videos/story' },
      shots: [
        { prompt: 'a', model: I2V, images: ['images/frame.png'], options: { duration: 6, generate_audio: false }, output: 'shot-01' },
        { prompt: 'b', model: T2V, options: { seed: 7, negative_prompt: 'blur' } },
        { prompt: 'c', model: 'google/veo-3.1-first-last-image-to-video', images: ['a.png'], lastImage: 'b.png' },
        { prompt: 'd', model: 'google/veo-3.1-reference-to-video', referenceImages: ['a.png', 'b.png'] },
        { prompt: 'e', model: 'google/veo-3.1-lite-generate-001', options: { resolution: '1080P', person_generation: 'dont_allow' } },
        { prompt: 'f', model: 'google/veo3-1-extend-video', video: 'videos/a.mp4', options: { aspect_ratio: 'auto' } },
        { prompt: 'g', options: { duration: 4 } },
      ],
    };
    assert.ok(validate(good), JSON.stringify(validate.errors, null, 2));
    const bad: unknown[] = [
      { shots: [] },
      { shots: [{ model: T2V }] },
      { shots: [{ prompt: 'a', model: 'google/veo-9' }] },
      { shots: [{ prompt: 'a', model: T2V, options: { duration: 5 } }] },
      { shots: [{ prompt: 'a', model: I2V, options: { negative_prompt: 'x' }, images: ['a.png'] }] },
      { shots: [{ prompt: 'a', model: I2V }] },
      { shots: [{ prompt: 'a', model: T2V, images: ['a.png'] }] },
      { shots: [{ prompt: 'a', model: 'google/veo-3.1-reference-to-video', referenceImages: ['1', '2', '3', '4'] }] },
      { shots: [{ prompt: 'a', output: '../x' }] },
      { shots: [{ prompt: 'a', colour: 'red' }] },
      { defaults: { outputFolder: '/etc' }, shots: [{ prompt: 'a' }] },
      { defaults: { model: 'nope' }, shots: [{ prompt: 'a' }] },
    ];
    for (const doc of bad) assert.equal(validate(doc), false, JSON.stringify(doc));
  });

  it('takes its enums from the catalog: every model with a description, each model its own options and values', () => {
    const modelProp = (shotSchema['properties'] as Record<string, JsonSchema>)['model']!;
    assert.deepEqual(modelProp['enum'], allModels().map((m) => m.id));
    assert.equal((modelProp['enumDescriptions'] as string[]).length, allModels().length);
    const rules = shotSchema['allOf'] as Array<{ if: JsonSchema; then: { properties: Record<string, JsonSchema> } }>;
    assert.equal(rules.length, allModels().length);
    for (const rule of rules) {
      const id = ((rule.if['properties'] as Record<string, JsonSchema>)['model']!['const']) as string;
      const model = findModel(id)!;
      const options = rule.then.properties['options']!['properties'] as Record<string, JsonSchema>;
      assert.deepEqual(Object.keys(options), model.options.map((o) => o.key), id);
      for (const o of model.options) {
        if (o.kind === 'enum') {
          assert.deepEqual(options[o.key]!['enum'], o.values, `${id} ${o.key}`);
          assert.equal(options[o.key]!['default'], o.default);
        }
      }
    }
  });

  it('has one shot property per media kind, described by the vocabulary, and refuses each where a model has no slot for it', () => {
    const properties = shotSchema['properties'] as Record<string, JsonSchema>;
    type Rule = { if: { properties: { model: { const: string } } }; then: { properties: Record<string, JsonSchema> } };
    const rule = (shotSchema['allOf'] as Rule[]).find((r) => r.if.properties.model.const === T2V)!;
    for (const kind of MEDIA_KINDS) {
      assert.equal(properties[kind.arg]?.['description'], kind.description, kind.arg);
      assert.equal(properties[kind.arg]?.['type'], kind.argIsArray ? 'array' : 'string', kind.arg);
      assert.ok(rule.then.properties[kind.arg]?.['not'], `${T2V} refuses ${kind.arg}`);
    }
  });

  it('is what the build wrote into dist/, where package.json points', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: Array<{ fileMatch: string; url: string }> } };
    const entry = manifest.contributes.jsonValidation.find((v) => v.fileMatch === '*.veo.json');
    assert.ok(entry, 'jsonValidation for *.veo.json');
    const built = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, entry.url), 'utf8')) as unknown;
    assert.deepEqual(built, JSON.parse(JSON.stringify(schema)));
  });
});

// ---- the runner ----------------------------------------------------------------------

/** A fake manager over a real JobStore: submit adds a pending job; the test ends jobs. */
function fakeService(options: { failAt?: Map<number, unknown>; finishOnSubmit?: Set<number> } = {}) {
  const store = new JobStore(new MemoryStorage(), { now: () => 0 });
  let n = 0;
  let active = 0;
  let maxActive = 0;
  const submitted: number[] = [];
  const submit = async (shot: number): Promise<Job> => {
    // The answer travels: the POST resolves on a later turn of the event loop.
    await new Promise((r) => setImmediate(r));
    const failure = options.failAt?.get(shot);
    if (failure) throw failure;
    submitted.push(shot);
    const job = store.add({ id: `job-${n++}`, status: 'pending', createdAt: 0, updatedAt: 0, request: { model: T2V, prompt: String(shot), media: {}, options: {} } });
    active++;
    maxActive = Math.max(maxActive, active);
    if (options.finishOnSubmit?.has(shot)) end(job.id, 'completed');
    return job;
  };
  const end = (id: string, status: JobStatus) => {
    if (store.get(id)?.status === 'pending') active--;
    store.update(id, { status });
  };
  const pending = () => store.all().filter((j) => j.status === 'pending');
  return { store, submit, end, pending, submitted, maxActive: () => maxActive };
}

/** Lets every submission in flight answer, and the runner react; no time passes. */
const tick = settle;

describe('shot lists: the runner', () => {
  it('never has more than the limit active, and sends the rest as jobs end', async () => {
    const svc = fakeService();
    const progress: RunProgress[] = [];
    const run = runShots([0, 1, 2, 3, 4], { submit: svc.submit, jobs: svc.store, limit: () => 2, onProgress: (p) => progress.push(p) });
    await tick();
    assert.deepEqual(svc.submitted, [0, 1]);
    svc.end(svc.pending()[0]!.id, 'completed');
    await tick();
    assert.deepEqual(svc.submitted, [0, 1, 2]);
    svc.end(svc.pending()[0]!.id, 'failed');
    svc.end(svc.pending()[0]!.id, 'cancelled');
    await tick();
    assert.deepEqual(svc.submitted, [0, 1, 2, 3, 4]);
    const result = await run;
    assert.equal(svc.maxActive(), 2);
    assert.deepEqual(result.notSent, []);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.jobs.map((j) => j?.request.prompt), ['0', '1', '2', '3', '4']);
    assert.ok(progress.every((p) => p.running <= 2), JSON.stringify(progress));
    assert.deepEqual(progress.at(-1), { sent: 5, waiting: 0, running: 2, total: 5 });
  });

  it('counts a job that ended before its POST answered, and a removed job, as a free slot', async () => {
    const svc = fakeService({ finishOnSubmit: new Set([0]) });
    const run = runShots([0, 1, 2], { submit: svc.submit, jobs: svc.store, limit: () => 1 });
    await tick();
    await tick();
    assert.deepEqual(svc.submitted, [0, 1]);
    svc.store.remove(svc.pending()[0]!.id);
    await run;
    assert.deepEqual(svc.submitted, [0, 1, 2]);
  });

  it('goes on after a refused shot, but stops sending after a key or credit problem', async () => {
    const svc = fakeService({ failAt: new Map<number, unknown>([[1, new ServiceError(500)], [3, new AuthError('rejected')]]) });
    const result = await (async () => {
      const run = runShots([0, 1, 2, 3, 4, 5], { submit: svc.submit, jobs: svc.store, limit: () => 1 });
      for (let i = 0; i < 10; i++) {
        await tick();
        for (const j of svc.pending()) svc.end(j.id, 'completed');
      }
      return run;
    })();
    assert.deepEqual(svc.submitted, [0, 2]);
    assert.deepEqual(result.failures.map((f) => f.position), [1, 3]);
    assert.equal(result.stopped, 'fatal');
    assert.deepEqual(result.notSent, [4, 5]);
  });

  it('stops sending when cancelled; what was sent goes on', async () => {
    const svc = fakeService();
    const controller = new AbortController();
    const run = runShots([0, 1, 2, 3], { submit: svc.submit, jobs: svc.store, limit: () => 1, signal: controller.signal });
    await tick();
    controller.abort();
    const result = await run;
    assert.equal(result.stopped, 'cancelled');
    assert.deepEqual(result.notSent, [1, 2, 3]);
    assert.equal(svc.pending().length, 1);
  });

  it('reads the limit again as slots free up', async () => {
    const svc = fakeService();
    let limit = 1;
    const run = runShots([0, 1, 2, 3], { submit: svc.submit, jobs: svc.store, limit: () => limit });
    await tick();
    assert.equal(svc.submitted.length, 1);
    limit = 3;
    svc.end(svc.pending()[0]!.id, 'completed');
    await tick();
    await tick();
    assert.equal(svc.submitted.length, 4);
    await run;
    assert.equal(svc.maxActive(), 3);
  });
});

describe('shot lists: cost and save as shot', () => {
  it('sums the known estimates, counts the unknown ones, and asks the budget once for all', async () => {
    const prices = {
      quote: async (model: string, options: Readonly<Record<string, unknown>>) =>
        model === T2V
          ? { kind: 'estimate' as const, usd: 0.15 * Number(options['duration']), basis: `${String(options['duration'])} s × $0.15/s`, rate: { price: 0.15, unit: 'second', per: 1 }, quantity: Number(options['duration']), asOf: 0, stale: false }
          : undefined,
    };
    const request = (model: string, duration: number) => ({ model, options: { duration } });
    const plan = await pricePlan(prices, [request(T2V, 8), request(T2V, 4), request(I2V, 8)], { budgets: { monthlyUSD: 1 }, jobs: [], now: 0 });
    assert.ok(Math.abs(plan.totalUsd - 1.8) < 1e-9);
    assert.equal(plan.unpriced, 1);
    assert.equal(plan.estimates[1]?.basis, '4 s × $0.15/s');
    assert.equal(plan.check.passes, false, 'over the monthly budget of $1');
  });

  it('turns a sidecar into a one-shot list that plans back to the same request, never overwriting', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-save-'));
    try {
      fs.mkdirSync(path.join(ws, 'images'));
      fs.mkdirSync(path.join(ws, 'videos'));
      fs.copyFileSync(path.join(FIXTURES, 'frame-720p.png'), path.join(ws, 'images', 'frame.png'));
      const sidecar: Sidecar = {
        generator: 'Veo Studio', video: 'a-fox.mp4', prompt: 'A fox <b>jumps</b>', model: I2V,
        parameters: { aspect_ratio: '9:16', duration: 6, resolution: '720p', generate_audio: false },
        sources: { image_url: 'images/frame.png' }, jobId: 'j', createdAt: '', savedAt: '', bytes: 1,
      };
      const text = JSON.stringify(sidecar, null, 2);
      assert.ok(isSidecar(JSON.parse(text)) && looksLikeSidecarText(text));
      assert.equal(isSidecar({ name: 'package' }), false);
      assert.equal(looksLikeSidecarText('{"name":"x","generator":"Veo Studio"}'), false);

      const { shot, warnings } = shotFromSidecar(sidecar);
      assert.deepEqual(warnings, []);
      const first = await writeNewShotList(path.join(ws, 'videos'), 'a-fox', shotListText([shot]));
      const second = await writeNewShotList(path.join(ws, 'videos'), 'a-fox', shotListText([shot]));
      assert.deepEqual([path.basename(first), path.basename(second)], ['a-fox.veo.json', 'a-fox-2.veo.json']);

      const p = await planShotList(fs.readFileSync(first, 'utf8'), { file: first, roots: [ws] });
      assert.deepEqual(p.issues, []);
      assert.deepEqual(p.shots[0]!.request, {
        model: I2V,
        prompt: sidecar.prompt,
        media: { image_url: { kind: 'file', path: path.join(ws, 'images', 'frame.png') } },
        options: sidecar.parameters,
        outputName: 'a-fox',
      });

      const fromJob = shotFromJob({
        id: 'j', status: 'completed', createdAt: 0, updatedAt: 0, workspaceFolder: ws,
        request: { model: I2V, prompt: 'p', media: { image_url: { kind: 'file', path: path.join(ws, 'images', 'frame.png') } }, options: { duration: 6 } },
        output: { file: path.join(ws, 'videos', 'p.mp4'), sidecar: path.join(ws, 'videos', 'p.json'), bytes: 1 },
      });
      assert.deepEqual(fromJob.shot, { prompt: 'p', model: I2V, images: ['images/frame.png'], options: { duration: 6 }, output: 'p' });
      const inline = shotFromSidecar({ ...sidecar, sources: { image_url: '(inline data)' } });
      assert.equal(inline.warnings.length, 1);
      assert.equal('images' in inline.shot, false);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('shot lists: progress of a list', () => {
  const job = (index: number, status: JobStatus, createdAt: number): Job => ({
    id: `${index}-${createdAt}`, status, createdAt, updatedAt: createdAt, shotList: { file: 'f', index },
    request: { model: T2V, prompt: 'p', media: {}, options: {} },
  });

  it('counts the newest job of each shot, and the shots still waiting while the list is sent', () => {
    assert.deepEqual(shotListProgress([job(0, 'completed', 1), job(1, 'pending', 2)], { total: 3, waiting: 1 }), { saved: 1, running: 1, ended: 0, waiting: 1, stale: 0, unsent: 0, total: 3 });
    assert.deepEqual(shotListProgress([job(0, 'failed', 1), job(0, 'completed', 5), job(1, 'cancelled', 2), job(2, 'completed', 3)]), { saved: 2, running: 0, ended: 1, waiting: 0, stale: 0, unsent: 0, total: 3 });
  });

  it("counts every shot of the file once its takes are known: a shot changed since its take is not saved, one never sent is not generated", () => {
    // Four shots: 0 saved, 1 saved then edited, 2 never sent, 3 failed.
    const jobs = [job(0, 'completed', 1), job(1, 'completed', 2), job(3, 'failed', 3)];
    assert.deepEqual(shotListProgress(jobs, undefined, ['saved', 'stale', 'notGenerated', 'notGenerated']), { saved: 1, running: 0, ended: 1, waiting: 0, stale: 1, unsent: 1, total: 4 });
    // Sent again: the stale shot runs, the new one waits for a slot; the states are a moment old.
    const sending = [...jobs, job(1, 'pending', 4)];
    assert.deepEqual(shotListProgress(sending, { total: 2, waiting: 1 }, ['saved', 'stale', 'notGenerated', 'notGenerated']), { saved: 1, running: 1, ended: 1, waiting: 1, stale: 0, unsent: 0, total: 4 });
    // A job that just saved its video counts before the states catch up.
    assert.equal(shotListProgress([...jobs, job(1, 'completed', 5)], undefined, ['saved', 'generating', 'notGenerated', 'notGenerated']).saved, 2);
  });
});
