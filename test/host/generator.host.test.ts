// The generator panel inside a real extension host, with its real page loaded in the
// webview: one panel, reused; pre-fill from the argument object; every message from the
// page validated (malformed ones dropped, nothing sent); media checked by the extension;
// the estimate from the service's pricing (and none when pricing fails); submit → a job
// whose body is exactly what the service expects.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionMessage } from '../../src/webview/generator/messages';
import type { GeneratorHandle } from '../../src/webview/generator/generatorPanel';
import { until } from '../support/until';
import { api, sim, useSimKey, waitForJob, workspaceRoot } from './support';

const I2V = 'google/veo-3.1-i2v';
const T2V_FAST = 'google/veo-3.1-t2v-fast';

type Of<T extends ExtensionMessage['type']> = Extract<ExtensionMessage, { type: T }>;

async function open(arg?: unknown): Promise<GeneratorHandle> {
  const handle = await vscode.commands.executeCommand<GeneratorHandle>('veoStudio.openGenerator', arg);
  assert.ok(handle && typeof handle.receive === 'function', 'openGenerator returns the panel handle');
  return handle;
}

/** Waits until the panel has posted a message of this type that passes `match`, and returns the first such. */
function posted<T extends ExtensionMessage['type']>(
  handle: GeneratorHandle,
  type: T,
  match: (m: Of<T>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Of<T>> {
  return until(
    () => `a "${type}" message; posted: ${handle.posted().map((m) => m.type).join(', ')}`,
    () => handle.posted().find((m): m is Of<T> => m.type === type && match(m as Of<T>)),
    { timeoutMs, intervalMs: 50 },
  );
}

function generatorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('veoStudio.generator'));
}

let nextRequest = 1000;
const rid = () => nextRequest++;

describe('generator panel', function () {
  this.timeout(60_000);
  let handle: GeneratorHandle;
  const extra: string[] = [];

  useSimKey();

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const file of extra) fs.rmSync(file, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Leave the host as this suite found it: suites after it start without a key.
    await vscode.commands.executeCommand('veoStudio.clearApiKey');
  });

  it('opens one panel whose page loads and says ready; opening again reuses it', async () => {
    handle = await open();
    const init = await posted(handle, 'init');
    assert.equal(init.hasKey, true);
    assert.ok(init.images.some((i) => i.label === 'images/frame-720p.png' && i.thumb), 'workspace images listed with thumbnails');
    assert.equal(generatorTabs().length, 1);

    const again = await open();
    assert.equal(again.panelId, handle.panelId, 'the same panel');
    assert.equal(generatorTabs().length, 1, 'still one tab');
  });

  it('pre-fills from the same argument object as Generate Video (model, prompt, images, options)', async () => {
    const prompt = 'A kite over dunes <img src=x onerror=alert(1)>';
    const same = await open({ model: I2V, prompt, images: ['images/frame-720p.png'], options: { duration: '6', resolution: '720P' } });
    assert.equal(same.panelId, handle.panelId);
    const message = await posted(handle, 'prefill', (m) => m.prefill.prompt === prompt);
    const { prefill } = message;
    assert.equal(prefill.model, I2V);
    assert.deepEqual(prefill.options, { duration: 6, resolution: '720p' }, 'normalised by the catalog');
    assert.deepEqual(prefill.issues, []);
    const image = prefill.media.image_url!;
    assert.equal(image.name, 'frame-720p.png');
    assert.deepEqual(image.ref, { kind: 'file', path: path.join(workspaceRoot(), 'images', 'frame-720p.png') });
    assert.ok(image.thumb, 'a thumbnail the webview can load');
    assert.equal(image.warning, undefined);
    assert.equal(generatorTabs().length, 1);
  });

  it('holds what it posts while the panel is hidden, and the page gets it after its greeting', async () => {
    // Another editor over the panel: its page is gone (no retained context).
    const readme = vscode.Uri.file(path.join(workspaceRoot(), 'README.md'));
    await vscode.window.showTextDocument(readme, { viewColumn: vscode.ViewColumn.Active, preview: false });
    const before = handle.posted().length;
    // Opening it again with a pre-fill shows it, and the pre-fill waits for the new page.
    await open({ model: T2V_FAST, prompt: 'Held while hidden' });
    const prefill = await posted(handle, 'prefill', (m) => m.prefill.prompt === 'Held while hidden');
    const since = handle.posted().slice(before);
    const greeting = since.findIndex((m) => m.type === 'init');
    assert.ok(greeting >= 0, `a new page was greeted: ${since.map((m) => m.type).join(', ')}`);
    assert.ok(since.indexOf(prefill) > greeting, `the pre-fill follows the greeting: ${since.map((m) => m.type).join(', ')}`);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === readme.fsPath);
    if (tab) await vscode.window.tabGroups.close(tab);
  });

  it('reports unusable pre-fill values next to their field instead of failing', async () => {
    await open({ model: I2V, prompt: 'Bad values', options: { duration: 5, color: 'red' } });
    const { prefill } = await posted(handle, 'prefill', (m) => m.prefill.prompt === 'Bad values');
    assert.deepEqual(prefill.issues.map((i) => i.field).sort(), ['color', 'duration']);
    assert.deepEqual(prefill.options, {});
  });

  it('rejects malformed and unknown messages from the page, and acts on none of them', async () => {
    await sim().reset();
    const before = handle.posted().length;
    for (const raw of [
      { type: 'runCommand', command: 'workbench.action.closeWindow' },
      { type: 'submit', requestId: 1, draft: 'make me a video', variations: 1 },
      { type: 'submit', requestId: 1, draft: { model: T2V_FAST, prompt: 'x', media: {}, options: {}, apiKey: 'x' }, variations: 1 },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'shell', command: 'cat /etc/passwd' } },
      { type: 'ready', extra: true },
      'ready',
      null,
    ]) {
      assert.equal(await handle.receive(raw), 'rejected', JSON.stringify(raw));
    }
    assert.equal(handle.posted().length, before, 'no answer to a malformed message');
    assert.equal((await sim().posts()).length, 0, 'nothing sent to the service');
  });

  it('checks media itself: refuses non-images, empty files and files outside the workspace; warns below 720p', async () => {
    const images = path.join(workspaceRoot(), 'images');
    const notImage = path.join(images, 'notes.png');
    const empty = path.join(images, 'empty.png');
    fs.writeFileSync(notImage, 'These are my notes, not a picture.\n');
    fs.writeFileSync(empty, '');
    extra.push(notImage, empty);

    const add = async (slot: 'image_url' | 'image_urls', source: unknown) => {
      const requestId = rid();
      assert.equal(await handle.receive({ type: 'addMedia', requestId, slot, source }), 'handled');
      const answer = handle.posted().find((m) => (m.type === 'mediaAdded' || m.type === 'mediaRefused') && m.requestId === requestId);
      assert.ok(answer, `an answer to addMedia ${JSON.stringify(source)}`);
      return answer as Of<'mediaAdded'> | Of<'mediaRefused'>;
    };

    const good = await add('image_url', { kind: 'workspace', path: path.join(images, 'frame-720p.png') });
    assert.equal(good.type, 'mediaAdded');

    const small = await add('image_url', { kind: 'workspace', path: path.join(images, 'small-180p.png') });
    assert.equal(small.type, 'mediaAdded');
    assert.match((small as Of<'mediaAdded'>).items[0]!.warning ?? '', /smaller than the 720p/);

    const text = await add('image_url', { kind: 'workspace', path: notImage });
    assert.equal(text.type, 'mediaRefused');
    assert.match((text as Of<'mediaRefused'>).message, /notes\.png is not a PNG, JPEG or WebP image/);

    const zero = await add('image_url', { kind: 'workspace', path: empty });
    assert.equal(zero.type, 'mediaRefused');
    assert.match((zero as Of<'mediaRefused'>).message, /empty \(0 bytes\)/);

    const outside = await add('image_url', { kind: 'workspace', path: '/etc/passwd' });
    assert.equal(outside.type, 'mediaRefused');
    assert.match((outside as Of<'mediaRefused'>).message, /outside the workspace/);

    const dropped = await add('image_urls', { kind: 'drop', uris: [vscode.Uri.file(path.join(images, 'bars-720p.jpg')).toString()] });
    assert.equal(dropped.type, 'mediaAdded');
    assert.equal((dropped as Of<'mediaAdded'>).items[0]!.name, 'bars-720p.jpg');

    // One drop of a good file and a bad one: one answer, with the good one added and why the other was not.
    const mixed = await add('image_urls', { kind: 'drop', uris: [vscode.Uri.file(path.join(images, 'frame-720p.png')).toString(), vscode.Uri.file(notImage).toString()] });
    assert.equal(mixed.type, 'mediaAdded');
    assert.deepEqual((mixed as Of<'mediaAdded'>).items.map((i) => i.name), ['frame-720p.png']);
    assert.match((mixed as Of<'mediaAdded'>).refused ?? '', /notes\.png is not a PNG/);
    assert.equal(handle.posted().filter((m) => 'requestId' in m && m.requestId === nextRequest - 1).length, 1, 'exactly one answer');

    const plainHttp = await add('image_url', { kind: 'url', url: 'http://example.com/frame.png' });
    assert.equal(plainHttp.type, 'mediaRefused');
    const https = await add('image_url', { kind: 'url', url: 'https://example.com/frame.png' });
    assert.deepEqual((https as Of<'mediaAdded'>).items[0]!.ref, { kind: 'url', url: 'https://example.com/frame.png' });
  });

  it('estimates the cost from the service’s docs-shaped pricing, with its basis', async () => {
    const requestId = rid();
    await handle.receive({ type: 'estimate', requestId, model: I2V, options: { duration: 6, resolution: '720p' } });
    const { estimate } = await posted(handle, 'estimate', (m) => m.requestId === requestId);
    // From the docs-shaped price object (variants on resolution), with how it was worked out.
    assert.ok(estimate?.kind === 'estimate', JSON.stringify(estimate));
    const rate = /^6 s × \$([\d.]+)\/s · 720p$/.exec(estimate.basis);
    assert.ok(rate, estimate.basis);
    assert.ok(estimate.usd > 0 && !estimate.stale);
    assert.ok(Math.abs(estimate.usd - 6 * Number(rate[1])) < 0.04, 'the figure is the basis worked out (the rate is shown rounded)');
    // (A failing or unreachable price list — the last known price with its age, or nothing —
    // is held by the price book's unit tests: prices stay fresh here for the session.)
  });

  it('submits the draft as a job: the service receives exactly the expected body, and the form is kept', async () => {
    await sim().reset();
    const prompt = 'A lighthouse keeper waves as the storm clears';
    const image = path.join(workspaceRoot(), 'images', 'frame-720p.png');
    const requestId = rid();
    await handle.receive({
      type: 'submit',
      requestId,
      draft: { model: I2V, prompt, media: { image_url: { kind: 'file', path: image } }, options: { duration: 6 } },
      variations: 1,
    });
    const done = handle.posted().find((m) => (m.type === 'submitted' || m.type === 'submitFailed') && m.requestId === requestId);
    assert.equal(done?.type, 'submitted', JSON.stringify(done));
    const jobId = (done as Of<'submitted'>).jobIds[0]!;
    assert.match((done as Of<'submitted'>).message, /Job started/);

    const job = (await api()).jobs().find((j) => j.id === jobId);
    assert.ok(job, 'the job is in the store (the tree shows it)');
    const post = (await sim().posts())[0]!;
    assert.deepEqual(post.body, {
      model: I2V,
      prompt,
      image_url: `data:image/png;base64,${fs.readFileSync(image).toString('base64')}`,
      aspect_ratio: '16:9',
      duration: 6,
      resolution: '1080p',
      generate_audio: true,
    });
    await waitForJob(jobId, (j) => j.status === 'completed');
  });

  it('submits 2–4 variations as separate jobs with different random seeds', async () => {
    await sim().reset();
    const requestId = rid();
    await handle.receive({ type: 'submit', requestId, draft: { model: T2V_FAST, prompt: 'Three takes of a sunrise', media: {}, options: {} }, variations: 3 });
    const done = await posted(handle, 'submitted', (m) => m.requestId === requestId);
    assert.equal(done.jobIds.length, 3);
    const seeds = (await sim().posts()).map((r) => (r.body as { seed?: unknown }).seed);
    assert.equal(seeds.length, 3);
    assert.ok(seeds.every((s) => typeof s === 'number' && Number.isInteger(s)), JSON.stringify(seeds));
    assert.equal(new Set(seeds).size, 3, 'different seeds');
    for (const id of done.jobIds) await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
  });

  it("shows the service's 400 detail per field, and refuses files the page may not name", async () => {
    await sim().reset();
    await sim().fault({
      on: 'create',
      status: 400,
      body: { message: 'Body validation error!', statusCode: 400, errors: [{ path: ['duration'], message: "Invalid enum value. Expected 4 | 6 | 8, received '5'" }] },
    });
    const requestId = rid();
    await handle.receive({ type: 'submit', requestId, draft: { model: T2V_FAST, prompt: 'Refused by the service', media: {}, options: {} }, variations: 1 });
    const failed = await posted(handle, 'submitFailed', (m) => m.requestId === requestId);
    assert.deepEqual(failed.issues, [{ field: 'duration', message: "Invalid enum value. Expected 4 | 6 | 8, received '5'" }]);
    assert.equal(failed.needsKey, false);

    await sim().reset();
    const sneaky = rid();
    await handle.receive({
      type: 'submit',
      requestId: sneaky,
      draft: { model: I2V, prompt: 'Upload a secret', media: { image_url: { kind: 'file', path: '/etc/passwd' } }, options: {} },
      variations: 1,
    });
    const refused = await posted(handle, 'submitFailed', (m) => m.requestId === sneaky);
    assert.equal(refused.issues[0]?.field, 'image_url');
    assert.match(refused.issues[0]!.message, /outside the workspace/);
    assert.equal((await sim().posts()).length, 0, 'nothing was sent');
  });

  it('20: a submit in flight survives the panel being hidden: the restored page shows "sending" and the answer reaches it', async () => {
    const readme = vscode.Uri.file(path.join(workspaceRoot(), 'README.md'));
    const hide = () => vscode.window.showTextDocument(readme, { viewColumn: vscode.ViewColumn.Active, preview: false });
    const closeReadme = async () => {
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === readme.fsPath);
      if (tab) await vscode.window.tabGroups.close(tab);
    };
    const submit = (prompt: string) => {
      const requestId = rid();
      const handled = handle.receive({ type: 'submit', requestId, draft: { model: T2V_FAST, prompt, media: {}, options: { duration: 4, resolution: '720p' } }, variations: 1 });
      return { requestId, handled };
    };
    const postsOf = async (n: number) => until(`${n} POST(s)`, async () => (await sim().posts()).length >= n, { timeoutMs: 15_000 });

    // Shown again while the answer is still on its way: the new page is told it is sending, then gets the answer.
    await sim().reset();
    await sim().fault({ on: 'create', created: true, delayMs: 4000 });
    let before = handle.posted().length;
    const first = submit('Sent while the panel hides');
    await postsOf(1);
    await hide();
    await open();
    const greeting = await posted(handle, 'init', (m) => handle.posted().indexOf(m) >= before);
    assert.equal(greeting.sending, true, 'the restored page shows "sending…"');
    assert.equal(await first.handled, 'handled');
    const { outcome } = await posted(handle, 'submitOutcome', (m) => handle.posted().indexOf(m) > handle.posted().indexOf(greeting));
    assert.ok(outcome.type === 'submitted', JSON.stringify(outcome));
    assert.equal(outcome.jobIds.length, 1);
    assert.ok(!handle.posted().some((m) => 'requestId' in m && m.requestId === first.requestId), 'the answer meant for the page that is gone was not posted to the new one');

    // Hidden until the answer has come: the next page gets it after its greeting.
    await closeReadme();
    await sim().fault({ on: 'create', created: true, delayMs: 1500 });
    before = handle.posted().length;
    const second = submit('Answered while the panel is hidden');
    await postsOf(2);
    await hide();
    assert.equal(await second.handled, 'handled');
    await open();
    const next = await posted(handle, 'init', (m) => handle.posted().indexOf(m) >= before);
    assert.equal(next.sending, false);
    const late = await posted(handle, 'submitOutcome', (m) => handle.posted().indexOf(m) > handle.posted().indexOf(next));
    assert.equal(late.outcome.type, 'submitted');
    await closeReadme();
    for (const job of (await api()).jobs().filter((j) => j.request.prompt.includes('panel'))) await waitForJob(job.id, (j) => j.status === 'completed' || j.status === 'failed');
  });

  it('opens a new panel after the old one was closed', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const fresh = await open();
    assert.notEqual(fresh.panelId, handle.panelId);
    await posted(fresh, 'init');
    assert.equal(generatorTabs().length, 1);
  });
});
