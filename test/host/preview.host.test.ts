// The preview panel inside a real extension host: one panel reused for whichever job was
// asked for last, the page's `ready` answered with the job's view (video, details,
// actions), a failed job's message and what to do, and the page's messages validated —
// a malformed one or a command name does nothing; an intent acts on the job shown.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/jobs/job';
import type { PreviewHandle } from '../../src/webview/preview/previewPanel';
import type { PreviewView, ToPage } from '../../src/webview/preview/protocol';
import { until } from '../support/until';
import { api, completed, sim, useSimKey, waitForJob } from './support';

const T2V = 'google/veo-3.1-t2v-fast';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('veoStudio.preview'));
}

/**
 * The latest view of `jobId` the extension posted (the real page said `ready` first), once
 * there is one that passes `has`.
 */
function viewOf(handle: PreviewHandle, jobId: string, has: (view: PreviewView) => boolean = () => true, timeoutMs = 20_000): Promise<PreviewView> {
  return until(
    () => `a view of ${jobId}; posted: ${JSON.stringify(handle.posted().map((m) => m.type))}`,
    () => {
      const view = handle.posted().filter((m): m is Extract<ToPage, { type: 'show' }> => m.type === 'show' && m.view.jobId === jobId).at(-1)?.view;
      return view && has(view) ? view : undefined;
    },
    { timeoutMs },
  );
}

const rows = (view: PreviewView) => Object.fromEntries(view.sections.flatMap((s) => s.rows.map((r) => [r.label, r.value])));

describe('the preview panel', function () {
  this.timeout(90_000);
  let handle: PreviewHandle;
  let job: Job;

  useSimKey();

  before(async () => {
    job = await completed('A glass marble rolls <script>alert(1)</script> across a map');
  });

  after(async () => {
    for (const tab of previewTabs()) await vscode.window.tabGroups.close(tab);
  });

  it('opens a saved video: the page gets its playable file, details, cost and every action', async () => {
    handle = await vscode.commands.executeCommand<PreviewHandle>('veoStudio.openVideo', job.id);
    assert.equal(handle.jobId, job.id);
    const view = await viewOf(handle, job.id);
    assert.ok(view.video, 'a video is offered');
    assert.ok(view.video.src.includes(path.basename(job.output!.file)), view.video.src);
    assert.ok(!view.video.src.startsWith('file:'), 'a webview resource URI, not a file path');
    assert.equal(view.prompt, job.request.prompt);
    const r = rows(view);
    assert.equal(r['Duration'], '4 s');
    assert.equal(r['Resolution'], '720p');
    assert.match(r['Size']!, /KB|MB/);
    assert.match(r['Cost']!, /^\$\d/);
    assert.equal(r['Generation id'], job.generationId);
    assert.match(view.audioNote!, /AAC/);
    assert.deepEqual(
      view.actions.map((a) => a.intent),
      ['openExternally', 'reveal', 'extend', 'compareWith', 'regenerate', 'editAndRegenerate', 'copyPrompt', 'showDetails'],
    );
    const tabs = previewTabs();
    assert.equal(tabs.length, 1);
    assert.match(tabs[0]!.label, /A glass marble rolls/);
  });

  it('reuses the one panel for the next job, and shows a failed job with its message and what to do', async () => {
    await sim().nextJob({ outcome: 'failed', errorMessage: 'The prompt was blocked by the safety filter', queueMs: 0, generateMs: 100 });
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: T2V, prompt: 'A forbidden preview' });
    await waitForJob(id, (j) => j.status === 'failed');
    const again = await vscode.commands.executeCommand<PreviewHandle>('veoStudio.openVideo', id);
    assert.equal(again.panelId, handle.panelId, 'the same panel');
    const view = await viewOf(again, id);
    assert.equal(view.video, undefined);
    assert.equal(view.problem?.severity, 'error');
    assert.match(view.problem!.message, /blocked by the safety filter/);
    assert.match(view.problem!.advice, /Edit & Regenerate/);
    assert.deepEqual(view.actions.map((a) => a.intent).slice(0, 2), ['retry', 'editAndRegenerate']);
    assert.ok(view.actions.some((a) => a.intent === 'showLog'));
    assert.equal(previewTabs().length, 1);
    handle = again;
  });

  it('drops malformed messages and command names from the page; nothing runs', async () => {
    const posts = async () => (await sim().posts()).length;
    const before = await posts();
    for (const raw of [
      undefined,
      'regenerate',
      { type: 'regenerate' },
      { type: 'veoStudio.retryJob', jobId: handle.jobId },
      { type: 'command', command: 'veoStudio.retryJob', args: [handle.jobId] },
      { type: 'regenerate', jobId: 7 },
    ]) {
      assert.equal(await handle.receive(raw), 'rejected', JSON.stringify(raw));
    }
    // An intent about a job the panel does not show is not acted on either.
    assert.equal(await handle.receive({ type: 'regenerate', jobId: job.id }), 'rejected');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await posts(), before);
  });

  it('Regenerate from the page: a new job with the same body, and the panel follows it until its video plays', async () => {
    const shown = await vscode.commands.executeCommand<PreviewHandle>('veoStudio.openVideo', job.id);
    await viewOf(shown, job.id);
    assert.equal(await shown.receive({ type: 'regenerate', jobId: job.id }), 'handled');
    const veo = await api();
    const fresh = veo.jobs().find((j) => j.id !== job.id && j.request.prompt === job.request.prompt)!;
    assert.ok(fresh, 'a new job');
    assert.deepEqual(fresh.request, job.request);
    await waitForJob(fresh.id, (j) => j.status === 'completed');
    const latest = await viewOf(shown, fresh.id, (v) => v.video !== undefined);
    assert.ok(latest.video, 'the new video is shown once saved');
    const posts = (await sim().posts()).filter((r) => (r.body as { prompt?: string }).prompt === job.request.prompt);
    assert.deepEqual(posts.at(-1)!.body, posts[0]!.body);
  });

  it('Copy Prompt from the page puts the prompt on the clipboard', async () => {
    const shown = await vscode.commands.executeCommand<PreviewHandle>('veoStudio.openVideo', job.id);
    await viewOf(shown, job.id);
    await vscode.env.clipboard.writeText('something else');
    assert.equal(await shown.receive({ type: 'copyPrompt', jobId: job.id }), 'handled');
    assert.equal(await vscode.env.clipboard.readText(), job.request.prompt);
  });

  it('says so when the shown job leaves the list', async () => {
    const gone = await completed('Here one moment');
    const shown = await vscode.commands.executeCommand<PreviewHandle>('veoStudio.openVideo', gone.id);
    await viewOf(shown, gone.id);
    await vscode.commands.executeCommand('veoStudio.removeJob', gone.id, { deleteVideo: false });
    await until(`a "gone" message for ${gone.id}`, () => shown.posted().some((m) => m.type === 'gone' && m.jobId === gone.id), { timeoutMs: 10_000 });
    assert.ok(shown.posted().some((m) => m.type === 'gone' && m.jobId === gone.id));
  });
});
