// The compare panel inside a real extension host: two videos side by side, given as a job
// id and a workspace path; what made them is compared (the seed and the prompt's words are
// marked as different, the model as the same), the page's messages are validated, and Swap
// Sides puts them the other way round.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareHandle } from '../../src/webview/compare/comparePanel';
import type { CompareView } from '../../src/webview/compare/protocol';
import { until } from '../support/until';
import { sim, useSimKey, waitForJob, workspaceRoot } from './support';

const T2V = 'google/veo-3.1-t2v-fast';

async function make(prompt: string, seed: number) {
  const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: T2V, prompt, options: { duration: 4, resolution: '720p', seed } });
  const job = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
  assert.equal(job.status, 'completed', job.error?.message);
  return job;
}

const viewOf = (handle: CompareHandle, has: (v: CompareView) => boolean) =>
  until(`a compare view; posted ${handle.posted().length}`, () => handle.posted().map((m) => m.view).filter(has).at(-1), { timeoutMs: 20_000 });

describe('the compare panel', function () {
  this.timeout(120_000);
  useSimKey();

  after(async () => {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('veoStudio.compare')) await vscode.window.tabGroups.close(tab);
    }
  });

  it('shows two videos with what differs between them marked: the seed and the prompt’s words', async () => {
    await sim().reset();
    const a = await make('A red paper boat <b>drifts</b> down the street', 1);
    const b = await make('A blue paper boat drifts down the street', 2);
    const handle = await vscode.commands.executeCommand<CompareHandle>('veoStudio.compareVideos', { left: a.id, right: path.relative(workspaceRoot(), b.output!.file) });
    assert.equal(handle.left, a.output!.file);
    assert.equal(handle.right, b.output!.file);
    const view = await viewOf(handle, () => true);
    assert.equal(view.left.name, path.basename(a.output!.file));
    assert.ok(!view.left.src.startsWith('file:'), 'a webview resource URI');
    const rows = Object.fromEntries(view.rows.map((r) => [r.field, r]));
    assert.deepEqual(rows['Seed'], { field: 'Seed', left: '1', right: '2', same: false });
    assert.equal(rows['Model']?.same, true);
    assert.equal(rows['Duration']?.same, true);
    assert.deepEqual(view.prompt?.left.filter((t) => t.change !== 'same').map((t) => t.text.trim()), ['red', '<b>drifts</b>']);
    assert.deepEqual(view.prompt?.right.filter((t) => t.change !== 'same').map((t) => t.text.trim()), ['blue', 'drifts']);
    assert.equal(view.prompt?.left.map((t) => t.text).join(''), a.request.prompt, 'the tokens are the prompt, as text');

    for (const raw of [undefined, { type: 'swap', extra: 1 }, { type: 'poster', side: 'middle' }, { type: 'command', command: 'veoStudio.retryJob' }]) {
      assert.equal(await handle.receive(raw), 'rejected', JSON.stringify(raw));
    }
    const before = handle.posted().length;
    assert.equal(await handle.receive({ type: 'swap' }), 'handled');
    const swapped = await until('the swapped view', () => handle.posted().slice(before).find((m) => m.view.left.name === path.basename(b.output!.file))?.view, { timeoutMs: 20_000 });
    assert.equal(swapped.right.name, path.basename(a.output!.file));
  });
});
