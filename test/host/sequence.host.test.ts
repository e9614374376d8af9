// Play Sequence inside a real extension host, against the simulator: a 3-shot list whose
// first shot has two takes (take 2 chosen), whose second has one, and whose third was never
// generated opens in the sequence panel; the view posted to the page lists the two clips —
// with the durations read from their files (4 s and 3 s) — and the gap, in the list's order.
// Choosing the other take changes the file, and the panel follows without being asked.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShotListRunSummary } from '../../src/commands/shotList/generate';
import { shotListKey } from '../../src/views/jobRows';
import type { SequenceHandle } from '../../src/webview/sequence/sequencePanel';
import type { SequenceView } from '../../src/webview/sequence/protocol';
import { FIXTURES } from '../support/paths';
import { until } from '../support/until';
import { api, sim, useSimKey, waitForJob, workspaceRoot, writeList } from './support';

const T2V = 'google/veo-3.1-t2v-fast';
const LIST = {
  defaults: { model: T2V, options: { duration: 4, resolution: '720p' }, outputFolder: 'videos/sequence' },
  shots: [
    { prompt: 'Shot one: a lighthouse at dawn', output: 'dawn', takes: 2 },
    { prompt: 'Shot two: the keeper opens the door <b>&amp;</b> "waves"', output: 'door' },
    { prompt: 'Shot three: night falls', output: 'night' },
  ],
};

const shape = (view: SequenceView) => view.tiles.map((t) => (t.kind === 'clip' ? `${t.label} ${t.take} ${t.name} ${t.duration}` : `${t.label} gap ${t.gap}`));

describe('Play Sequence', function () {
  this.timeout(180_000);
  let file: string;
  let handle: SequenceHandle;
  const viewWhere = (has: (v: SequenceView) => boolean, what: string) =>
    until(`a sequence view ${what}; posted ${JSON.stringify(handle.posted().map((m) => shape(m.view)))}`, () => handle.posted().map((m) => m.view).filter(has).at(-1), { timeoutMs: 30_000 });

  useSimKey();

  before(async () => {
    await sim().reset();
    file = writeList('storyboard/sequence.veo.json', LIST);
    // Shots 1 and 2 only: shot 3 stays not generated.
    const run = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: vscode.Uri.file(file), confirm: false, shots: [1, 2] });
    assert.equal(run.jobIds.length, 3);
    const jobs = await Promise.all(run.jobIds.map((id) => waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000)));
    for (const job of jobs) assert.equal(job.status, 'completed', job.error?.message);
    const take2 = jobs.find((j) => j.shotList?.index === 0 && j.shotList.take === 2)!;
    await vscode.commands.executeCommand('veoStudio.chooseTake', { job: take2.id });
    // Clips of known, different lengths in place of the simulator's 2 s clip.
    const folder = path.join(workspaceRoot(), 'videos', 'sequence');
    fs.copyFileSync(path.join(FIXTURES, 'sequence', 'shot-4s-24fps.mp4'), path.join(folder, 'dawn.take-2.mp4'));
    fs.copyFileSync(path.join(FIXTURES, 'sequence', 'shot-3s-30fps-256x144.mp4'), path.join(folder, 'door.mp4'));
  });

  after(async () => {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('veoStudio.sequence')) await vscode.window.tabGroups.close(tab);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the panel with the two clips and the gap in the list’s order, each clip with the duration read from its file', async () => {
    handle = await vscode.commands.executeCommand<SequenceHandle>('veoStudio.playSequence', { shotList: 'storyboard/sequence.veo.json' });
    assert.equal(handle.shotList, file);
    const view = await viewWhere((v) => v.tiles.length === 3, 'with 3 tiles');
    assert.deepEqual(shape(view), ['Shot 1 Take 2 (chosen) dawn.take-2.mp4 4.0 s', 'Shot 2 Take 1 door.mp4 3.0 s', 'Shot 3 gap notGenerated']);
    assert.deepEqual(
      view.tiles.map((t) => (t.kind === 'clip' ? t.seconds : t.state)),
      [4, 3, 'Not generated yet'],
    );
    assert.equal(view.title, 'sequence');
    assert.equal(view.summary, '3 shots · 2 clips · 1 gap · 7.0 s');
    assert.equal(view.empty, undefined);
    for (const tile of view.tiles) if (tile.kind === 'clip') assert.ok(!tile.src.startsWith('file:') && tile.src.includes('sequence'), `a webview resource URI: ${tile.src}`);
    assert.equal(view.tiles[1]!.prompt, 'Shot two: the keeper opens the door <b>&amp;</b> "waves"', 'the prompt as text');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, 'Sequence: sequence');
  });

  it('validates what the page sends: a shot without a clip, an unknown message or a forged poster is refused', async () => {
    for (const raw of [undefined, { type: 'videoError', index: 2, message: 'x' }, { type: 'videoError', index: 9, message: 'x' }, { type: 'command', command: 'veoStudio.retryJob' }, { type: 'poster', index: 0, frame: { at: 0, width: 1, height: 1, png: 'data:text/html,x' } }]) {
      assert.equal(await handle.receive(raw), 'rejected', JSON.stringify(raw));
    }
    assert.equal(await handle.receive({ type: 'videoError', index: 1, message: 'cannot decode' }), 'handled');
  });

  it('follows the list: choosing the other take changes the file, and the panel shows that take', async () => {
    const take1 = (await api()).jobs().find((j) => j.shotList?.file === file && j.shotList.index === 0 && j.shotList.take === 1)!;
    await vscode.commands.executeCommand('veoStudio.chooseTake', { job: take1.id });
    const view = await viewWhere((v) => v.tiles[0]?.kind === 'clip' && v.tiles[0].name === 'dawn.take-1.mp4', 'on take 1');
    assert.deepEqual(shape(view), ['Shot 1 Take 1 (chosen) dawn.take-1.mp4 2.0 s', 'Shot 2 Take 1 door.mp4 3.0 s', 'Shot 3 gap notGenerated']);
    assert.equal(view.summary, '3 shots · 2 clips · 1 gap · 5.0 s');
  });

  it('opens the same panel from a Uri (the Explorer, the editor title) and from the Jobs tree’s shot-list row', async () => {
    const again = await vscode.commands.executeCommand<SequenceHandle>('veoStudio.playSequence', vscode.Uri.file(file));
    assert.equal(again.panelId, handle.panelId, 'one panel, reused');
    const fromRow = await vscode.commands.executeCommand<SequenceHandle>('veoStudio.playSequence', shotListKey(file));
    assert.equal(fromRow?.shotList, file);
  });

  it('says what to do when no shot of the list has a saved video (the one panel moves to that list)', async () => {
    const empty = path.join(workspaceRoot(), 'storyboard', 'unmade.veo.json');
    fs.writeFileSync(empty, JSON.stringify({ defaults: LIST.defaults, shots: [{ prompt: 'Never made', output: 'never' }] }, null, 2) + '\n');
    const other = await vscode.commands.executeCommand<SequenceHandle>('veoStudio.playSequence', { shotList: vscode.Uri.file(empty) });
    assert.equal(other.panelId, handle.panelId);
    assert.equal(other.shotList, empty);
    const view = await until('the empty view', () => other.posted().map((m) => m.view).find((v) => v.title === 'unmade'), { timeoutMs: 30_000 });
    assert.deepEqual(shape(view), ['Shot 1 gap notGenerated']);
    assert.match(view.empty ?? '', /No shot of this list has a saved video yet\. Run “Veo Studio: Generate Shot List” on unmade\.veo\.json/);
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'Sequence: unmade');
  });

  it('says why a list it cannot read shows nothing: broken JSON, then the file deleted', async () => {
    const broken = path.join(workspaceRoot(), 'storyboard', 'broken.veo.json');
    fs.writeFileSync(broken, '{ "shots": [ { "prompt": "A" } \n');
    const other = await vscode.commands.executeCommand<SequenceHandle>('veoStudio.playSequence', { shotList: vscode.Uri.file(broken) });
    const view = await until('the broken list’s view', () => other.posted().map((m) => m.view).find((v) => v.title === 'broken'), { timeoutMs: 30_000 });
    assert.deepEqual(view.tiles, []);
    assert.match(view.empty ?? '', /^broken\.veo\.json cannot be played: .+ Fix the list in its editor \(the Problems panel says where\)/);
    assert.doesNotMatch(view.empty ?? '', /no shots yet/);
    const before = other.posted().length;
    fs.rmSync(broken);
    // The panel watches its list's file: deleting it reads it again.
    const gone = await until('the deleted list’s view', () => other.posted().slice(before).map((m) => m.view).find((v) => /no longer there/.test(v.empty ?? '')), { timeoutMs: 30_000 });
    assert.match(gone.empty ?? '', /^broken\.veo\.json cannot be played: the file is no longer there \(deleted or moved\)\./);
  });

  it('refuses a shot list outside the workspace given by path, and says so to the caller', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.playSequence', { shotList: '../outside.veo.json' })), /no shot list/i);
  });
});
