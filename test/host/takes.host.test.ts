// Takes inside a real extension host, against the simulator: a shot that asks for two takes
// makes two videos (<output>.take-1.mp4, .take-2.mp4); choosing one writes it into the shot
// list (one edit, the rest of the file as it was, saved); a run then sends nothing — also
// once the jobs are gone from the list, since the sidecars and the file say it all; editing
// the shot's prompt makes it stale, the CodeLens plan and the hover say so, and a run sends
// only that shot's takes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChosenTake } from '../../src/commands/shotList/chooseTake';
import type { ShotListRunSummary } from '../../src/commands/shotList/generate';
import type { Job } from '../../src/core/jobs/job';
import type { Sidecar } from '../../src/core/jobs/sidecar';
import { withChosenTake } from '../../src/core/shotList/chosenTake';
import { until } from '../support/until';
import { api, sim, useSimKey, waitForJob, workspaceRoot } from './support';

const T2V = 'google/veo-3.1-t2v-fast';
const LIST = {
  defaults: { model: T2V, options: { duration: 4, resolution: '720p' }, outputFolder: 'videos/takes' },
  shots: [
    { prompt: 'Shot one: a kite over the dunes', output: 'kite', takes: 2 },
    { prompt: 'Shot two: the kite lands', output: 'landing' },
  ],
};

async function lensTitles(uri: vscode.Uri, has: RegExp): Promise<string[]> {
  return until(
    `a CodeLens matching ${has}`,
    async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
      const titles = lenses.map((l) => l.command?.title ?? '');
      return titles.some((t) => has.test(t)) ? titles : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 300 },
  );
}

describe('takes of a shot, chosen and stale', function () {
  this.timeout(180_000);
  let file: string;
  let uri: vscode.Uri;
  let jobs: Job[];
  const run = (extra: object = {}) => vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: uri, confirm: false, ...extra });
  const settle = (ids: readonly string[]) => Promise.all(ids.map((id) => waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000)));

  useSimKey();

  before(async () => {
    await sim().reset();
    file = path.join(workspaceRoot(), 'storyboard', 'takes.veo.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Four-space indentation, as a person may keep it: Choose Take must leave it so.
    fs.writeFileSync(file, JSON.stringify(LIST, null, 4) + '\n');
    uri = vscode.Uri.file(file);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a shot of two takes makes two videos, each with its sidecar; the other shot makes one', async () => {
    const result = await run();
    assert.deepEqual(result.problems, []);
    assert.equal(result.jobIds.length, 3);
    jobs = await settle(result.jobIds);
    for (const job of jobs) assert.equal(job.status, 'completed', job.error?.message);
    const folder = path.join(workspaceRoot(), 'videos', 'takes');
    assert.deepEqual(jobs.map((j) => path.relative(folder, j.output!.file)).sort(), ['kite.take-1.mp4', 'kite.take-2.mp4', 'landing.mp4']);
    const sidecar = JSON.parse(fs.readFileSync(path.join(folder, 'kite.take-2.json'), 'utf8')) as Sidecar;
    assert.deepEqual(sidecar.shot, { list: 'storyboard/takes.veo.json', index: 0, take: 2 });
    assert.equal((await sim().posts()).length, 3);
  });

  it('Choose Take writes the choice into the shot, one edit, saved; a run then sends nothing', async () => {
    const before = fs.readFileSync(file, 'utf8');
    const take2 = jobs.find((j) => j.shotList?.take === 2)!;
    const chosen = await vscode.commands.executeCommand<ChosenTake>('veoStudio.chooseTake', { job: take2.id });
    assert.deepEqual(chosen, { file, shot: 1, take: 2 });
    assert.equal(fs.readFileSync(file, 'utf8'), withChosenTake(before, 0, 2), 'on disk, and nothing else changed');
    assert.match(fs.readFileSync(file, 'utf8'), /"takes": 2,\n {12}"chosenTake": 2\n/);
    assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.isDirty, false);

    await sim().reset();
    const again = await run();
    assert.deepEqual(again.jobIds, []);
    assert.deepEqual(again.skipped, [1, 2]);
    assert.equal((await sim().posts()).length, 0, 'nothing was sent');
    const titles = await lensTitles(uri, /all 2 shots are saved/);
    assert.ok(titles.some((t) => /take 2 \(chosen\)/.test(t)), titles.join('\n'));
  });

  it('sends nothing either once the jobs are gone from the list: the sidecars and the file are enough', async () => {
    for (const job of jobs) await vscode.commands.executeCommand('veoStudio.removeJob', job.id, { deleteVideo: false });
    assert.equal((await api()).jobs().filter((j) => j.shotList?.file === file).length, 0);
    const again = await run();
    assert.deepEqual(again.jobIds, []);
    assert.deepEqual(again.skipped, [1, 2]);
    assert.equal((await sim().posts()).length, 0);
  });

  it('editing the shot’s prompt makes it stale (the plan and the hover say so); a run sends only its two takes', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const at = text.indexOf('a kite over the dunes');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 'a kite over the dunes'.length)), 'a red kite over the dunes');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());

    const titles = await lensTitles(uri, /1 of 2 shots to send \(2 videos\)/);
    assert.ok(titles.some((t) => /stale|changed since its take \(prompt\)/.test(t)), titles.join('\n'));
    const output = document.positionAt(document.getText().indexOf('"kite"') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, output);
    // As it reads: MarkdownString.appendText escapes spaces and punctuation.
    const hover = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert.match(hover, /Take 2 of 2 \(chosen\)/);
    assert.match(hover, /changed since its take \(prompt\)/);
    assert.match(hover, /kite\.take-2\.mp4/);

    const result = await run();
    assert.deepEqual(result.skipped, [2]);
    assert.equal(result.jobIds.length, 2);
    const made = await settle(result.jobIds);
    assert.deepEqual(made.map((j) => [j.shotList?.index, j.shotList?.take, path.basename(j.output!.file)]).sort(), [
      [0, 3, 'kite.take-3.mp4'],
      [0, 4, 'kite.take-4.mp4'],
    ]);
    const posts = await sim().posts();
    assert.deepEqual(posts.map((p) => (p.body as { prompt?: string }).prompt), ['Shot one: a red kite over the dunes', 'Shot one: a red kite over the dunes']);
    // Made from what the shot says now: it counts as saved (the newest take), and a run sends nothing.
    await lensTitles(uri, /all 2 shots are saved/);
    assert.deepEqual((await run()).jobIds, []);
  });
});
