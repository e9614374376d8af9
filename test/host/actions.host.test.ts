// Every action on a job, run the way the tree runs them (with the job id) inside a real
// extension host, against the simulator over real HTTP: retry, cancel, resume a timed-out
// job, remove (keeping or deleting the video), clear finished, copy the prompt, details,
// reveal, open externally, and extend a clip into a chained job.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/jobs/job';
import { api, completed, env, sim, waitForJob } from './support';

const T2V = 'google/veo-3.1-t2v-fast';
const EXTEND = 'google/veo3-1-fast-extend-video';

const JOB_COMMANDS = [
  'veoStudio.openVideo',
  'veoStudio.revealVideo',
  'veoStudio.openExternally',
  'veoStudio.copyPrompt',
  'veoStudio.showJobDetails',
  'veoStudio.retryJob',
  'veoStudio.cancelJob',
  'veoStudio.resumeJob',
  'veoStudio.removeJob',
  'veoStudio.clearFinishedJobs',
  'veoStudio.refreshJobs',
  'veoStudio.extendJob',
  'veoStudio.editAndRegenerate',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function generate(prompt: string, options: Record<string, unknown> = {}): Promise<string> {
  return vscode.commands.executeCommand<string>('veoStudio.generate', { model: T2V, prompt, options: { duration: 4, resolution: '720p', ...options } });
}

async function jobs(): Promise<readonly Job[]> {
  return (await api()).jobs();
}

async function postsFor(prompt: string) {
  return (await sim().requests('api')).filter((r) => r.method === 'POST' && (r.body as { prompt?: unknown } | undefined)?.prompt === prompt);
}

describe('actions on jobs', function () {
  this.timeout(120_000);

  // A job that never finishes, started first so its one-minute timeout runs while the
  // other tests do; the resume test near the end picks it up.
  let timingOut: string;
  let timingOutStarted = 0;

  before(async () => {
    await api();
    await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY'));
    await vscode.workspace.getConfiguration('veoStudio').update('jobTimeoutMinutes', 1, vscode.ConfigurationTarget.Global);
    await sim().nextJob({ outcome: 'neverFinishes' });
    timingOut = await generate('A clock that never strikes');
    timingOutStarted = Date.now();
    await waitForJob(timingOut, (j) => j.status === 'pending' && j.generationId !== undefined);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('veoStudio').update('jobTimeoutMinutes', undefined, vscode.ConfigurationTarget.Global);
  });

  it('registers every job command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(JOB_COMMANDS.filter((c) => !registered.has(c)), []);
  });

  it('copy prompt puts the exact prompt on the clipboard', async () => {
    const prompt = 'A heron <b>lifts</b> off the lake at dawn\n"slow motion"';
    const id = await generate(prompt);
    await vscode.commands.executeCommand('veoStudio.copyPrompt', id);
    assert.equal(await vscode.env.clipboard.readText(), prompt);
  });

  it('retry (from the tree: the job id) makes a new job that POSTs the same body, and returns its id', async () => {
    const prompt = 'Retry me: a kite over the dunes';
    const first = await completed(prompt);
    const retriedId = await vscode.commands.executeCommand<string>('veoStudio.retryJob', first.id);
    assert.equal(typeof retriedId, 'string');
    assert.notEqual(retriedId, first.id);
    const retried = await waitForJob(retriedId, (j) => j.status === 'completed');
    assert.deepEqual(retried.request, first.request);
    const posts = await postsFor(prompt);
    assert.equal(posts.length, 2);
    assert.deepEqual(posts[1]!.body, posts[0]!.body);
    assert.equal(posts[1]!.headers['x-client-request-id'], retriedId);
  });

  it('cancel stops polling that job', async () => {
    await sim().nextJob({ outcome: 'neverFinishes' });
    const id = await generate('Cancel me: rain that never stops');
    const job = await waitForJob(id, (j) => j.status === 'pending' && j.generationId !== undefined);
    await vscode.commands.executeCommand('veoStudio.cancelJob', id);
    assert.equal((await jobs()).find((j) => j.id === id)?.status, 'cancelled');
    const polls = async () => (await sim().requests('api')).filter((r) => r.query['generation_id'] === job.generationId).length;
    const before = await polls();
    await vscode.commands.executeCommand('veoStudio.refreshJobs');
    await sleep(3000);
    assert.equal(await polls(), before);
  });

  it('remove from the list keeps the video; remove and delete sends it (and its sidecar) away', async () => {
    const keep = await completed('Remove me but keep the file');
    assert.equal(await vscode.commands.executeCommand('veoStudio.removeJob', keep.id, { deleteVideo: false }), true);
    assert.equal((await jobs()).some((j) => j.id === keep.id), false);
    assert.ok(fs.existsSync(keep.output!.file), 'the video stays');
    assert.ok(fs.existsSync(keep.output!.sidecar!), 'the sidecar stays');

    const drop = await completed('Remove me and delete the file');
    try {
      await vscode.commands.executeCommand('veoStudio.removeJob', drop.id, { deleteVideo: true });
    } catch (error) {
      // VS Code in a browser has no trash: nothing is deleted unless the caller says so.
      assert.match(String(error), /trash/);
      assert.ok(fs.existsSync(drop.output!.file), 'nothing was deleted');
      assert.ok((await jobs()).some((j) => j.id === drop.id), 'nothing was removed');
      assert.equal(await vscode.commands.executeCommand('veoStudio.removeJob', drop.id, { deleteVideo: true, permanently: true }), true);
    }
    assert.equal(fs.existsSync(drop.output!.file), false, 'the video is gone');
    assert.equal(fs.existsSync(drop.output!.sidecar!), false, 'its sidecar is gone');
    assert.equal((await jobs()).some((j) => j.id === drop.id), false);
  });

  it('show details opens a read-only document with every parameter, the ids and times', async () => {
    const job = await completed('Details please: a lantern in the fog');
    const uri = await vscode.commands.executeCommand<string>('veoStudio.showJobDetails', job.id);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(document, 'the document is open');
    const text = document.getText();
    for (const expected of [job.request.prompt, job.id, job.generationId!, 'Duration:', '4 s', 'Resolution:', '720p', 'Created:', 'File:', 'Cost:']) {
      assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
    }
    assert.equal(document.uri.scheme, 'veo-studio-job');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('reveal shows the video in the Explorer; open externally explains itself in a browser instead of navigating away', async () => {
    const job = await completed('Reveal me: a lighthouse at night');
    await vscode.commands.executeCommand('veoStudio.revealVideo', job.id);
    // The Explorer now has the video focused: "Copy Path" copies the focused item's path.
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('copyFilePath');
    assert.equal(await vscode.env.clipboard.readText(), job.output!.file, 'the revealed row is the video');
    const opened = await vscode.commands.executeCommand<boolean>('veoStudio.openExternally', job.id);
    // In a browser there is no system player: it says so instead (and on a desktop, it opens).
    if (vscode.env.uiKind === vscode.UIKind.Web) assert.equal(opened, false);
    else assert.equal(opened, true);
  });

  it('extend: a chained job whose POST carries the parent video, which completes and is saved beside it', async () => {
    const parent = await completed('A paper boat on a puddle');
    const childId = await vscode.commands.executeCommand<string>('veoStudio.extendJob', parent.id, { model: EXTEND, prompt: 'The boat sails into a storm drain' });
    assert.equal(typeof childId, 'string');
    const child = await waitForJob(childId, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    assert.equal(child.status, 'completed', child.error?.message);
    assert.equal(child.parentId, parent.id);
    assert.equal(child.request.model, EXTEND);

    const post = (await postsFor('The boat sails into a storm drain'))[0]!;
    const body = post.body as Record<string, unknown>;
    // The simulator's CDN is plain http on 127.0.0.1, which the real service could never
    // fetch: the saved file goes as a data URI instead (a fresh https URL would go as is).
    const mp4 = fs.readFileSync(parent.output!.file);
    assert.ok(body['video_url'] === `data:video/mp4;base64,${mp4.toString('base64')}`, `video_url was ${String(body['video_url']).slice(0, 80)}…`);
    assert.equal(body['model'], EXTEND);
    assert.equal(body['duration'], 7);
    assert.equal(body['resolution'], '720p');
    assert.ok(fs.existsSync(child.output!.file));
    const sidecar = JSON.parse(fs.readFileSync(child.output!.sidecar!, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar['extends'], parent.id);
  });

  it('extend refuses a job that has no video, and sends nothing', async () => {
    const before = (await sim().requests('api')).filter((r) => r.method === 'POST').length;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('veoStudio.extendJob', timingOut, { model: EXTEND, prompt: 'x' })),
      /Only a saved video can be extended/,
    );
    assert.equal((await sim().requests('api')).filter((r) => r.method === 'POST').length, before);
  });

  it('resume watches a timed-out job again: polling restarts', async () => {
    const left = 60_000 - (Date.now() - timingOutStarted);
    const timedOut = await waitForJob(timingOut, (j) => j.status === 'timedOut', Math.max(0, left) + 30_000);
    assert.match(timedOut.error!.message, /Resume/);
    const polls = async () => (await sim().requests('api')).filter((r) => r.query['generation_id'] === timedOut.generationId).length;
    const before = await polls();
    await vscode.commands.executeCommand('veoStudio.resumeJob', timingOut);
    const resumed = (await jobs()).find((j) => j.id === timingOut)!;
    assert.equal(resumed.status, 'pending');
    assert.equal(resumed.error, undefined);
    const deadline = Date.now() + 20_000;
    while ((await polls()) === before && Date.now() < deadline) await sleep(250);
    assert.ok((await polls()) > before, 'the job is polled again after resume');
    await vscode.commands.executeCommand('veoStudio.cancelJob', timingOut);
  });

  it('resume refuses a job the service never accepted', async () => {
    // A 400: the service refused it, so nothing was made (a 5xx would leave it unconfirmed, not refused).
    await sim().fault({ on: 'create', status: 400 });
    await assert.rejects(Promise.resolve(generate('Never accepted')));
    const failed = (await jobs()).find((j) => j.request.prompt === 'Never accepted')!;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.resumeJob', failed.id, {})), /never accepted/);
  });

  it('clear finished forgets every finished job and keeps their files; running ones stay', async () => {
    await sim().nextJob({ outcome: 'neverFinishes' });
    const running = await generate('Still running while the list is cleared');
    const done = await completed('Cleared but kept');
    const finishedBefore = (await jobs()).filter((j) => ['completed', 'failed', 'timedOut', 'cancelled'].includes(j.status)).length;
    const cleared = await vscode.commands.executeCommand<number>('veoStudio.clearFinishedJobs');
    assert.equal(cleared, finishedBefore);
    const left = await jobs();
    assert.deepEqual(left.filter((j) => ['completed', 'failed', 'timedOut', 'cancelled'].includes(j.status)), []);
    assert.ok(left.some((j) => j.id === running), 'a running job is not finished');
    assert.ok(fs.existsSync(done.output!.file), 'files stay');
    await vscode.commands.executeCommand('veoStudio.cancelJob', running);
  });
});
