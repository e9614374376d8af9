// The faults a line-by-line review found, each held in the real extension host against the
// simulator: messages that must not become links or come twice, files that must stay in
// the workspace, and jobs that ride out an outage.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShotListRunSummary } from '../../src/commands/shotList/generate';
import * as z from 'zod/mini';
import type { Log } from '../../src/platform/log';
import type { ShownMessage } from '../../src/platform/messages';
import { WebviewChannel } from '../../src/webview/channel';
import { until } from '../support/until';
import { api, recordStatuses, sim, useSimKey, waitForJob, workspaceRoot } from './support';

/** The notifications shown since `since` (an index into the list), as VS Code got them. */
async function messagesSince(since: number): Promise<ShownMessage[]> {
  const test = (await api()).test;
  assert.ok(test, 'the extension runs in test mode');
  return test.messages().slice(since);
}

async function messageCount(): Promise<number> {
  return (await messagesSince(0)).length;
}

/** VS Code's rule for a link in a notification (vs/base/common/linkedText.ts). */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;

const T2V = { model: 'google/veo-3.1-t2v-fast', options: { duration: 4, resolution: '720p' } };

function writeFile(relative: string, text: string): string {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('hardening', function () {
  this.timeout(60_000);
  const cleanup: string[] = [];
  useSimKey();

  after(async () => {
    for (const file of cleanup) fs.rmSync(file, { recursive: true, force: true });
    await vscode.commands.executeCommand('veoStudio.clearApiKey');
  });

  it('16: a shot list naming an image "[Fix](command:veoStudio.clearApiKey)" shows the path as text, never as a live link', async () => {
    await sim().reset();
    const file = writeFile(
      'storyboard/links.veo.json',
      JSON.stringify({ shots: [{ prompt: 'A door opens', model: 'google/veo-3.1-i2v', images: ['[Fix](command:veoStudio.clearApiKey)'] }] }, null, 2),
    );
    cleanup.push(file);
    const since = await messageCount();
    const result = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file, confirm: false });
    assert.ok(result.problems.some((p) => p.includes('[Fix](command:veoStudio.clearApiKey)')), result.problems.join('\n'));
    const shown = await until('the problems message', async () => (await messagesSince(since)).find((m) => m.message.includes('links.veo.json')));
    assert.equal(shown.severity, 'error');
    assert.match(shown.message, /Fix/);
    assert.doesNotMatch(shown.message, LINK, shown.message);
    assert.equal((await sim().posts()).length, 0, 'nothing was sent');
    assert.equal(await (await api()).hasApiKey(), true, 'the key is still there');
  });

  it('15: a create the service refuses is reported once, by the route that sent it, not again by the job-failed toast', async () => {
    await sim().reset();
    const detail = "Invalid enum value. Expected 4 | 6 | 8, received '5'";
    await sim().fault({ on: 'create', status: 400, body: { message: 'Body validation error!', statusCode: 400, errors: [{ path: ['duration'], message: detail }] } });
    const since = await messageCount();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('veoStudio.generate', { model: 'google/veo-3.1-t2v-fast', prompt: 'Refused once', options: { duration: 4, resolution: '720p' } })),
      /received '5'/,
    );
    const job = (await api()).jobs().find((j) => j.request.prompt === 'Refused once');
    assert.equal(job?.status, 'failed', 'the refused job stays in the list, failed');
    // The toasts of jobs that end within a second are batched: wait past that window.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const about = (await messagesSince(since)).filter((m) => m.message.includes("received '5'"));
    assert.equal(about.length, 1, about.map((m) => m.message).join('\n'));
  });

  it('1: an output folder that is a symlink out of the workspace is refused before anything is sent, naming the folder (setting, argument, shot list)', async () => {
    await sim().reset();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-outside-'));
    const link = path.join(workspaceRoot(), 'linked-out');
    fs.symlinkSync(outside, link, 'dir');
    cleanup.push(link, outside);
    const config = vscode.workspace.getConfiguration('veoStudio');
    const t2v = { model: 'google/veo-3.1-t2v-fast', options: { duration: 4, resolution: '720p' } };
    try {
      await config.update('outputFolder', 'linked-out', vscode.ConfigurationTarget.Global);
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.generate', { ...t2v, prompt: 'Through the link' })), (error: Error) => {
        assert.match(error.message, /outputFolder/);
        assert.match(error.message, /"linked-out".*outside the workspace/);
        return true;
      });
      await config.update('outputFolder', undefined, vscode.ConfigurationTarget.Global);
      // A folder below the link leads out just the same, given as an argument…
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('veoStudio.generate', { ...t2v, prompt: 'Below the link', outputFolder: 'linked-out/takes' })),
        /"linked-out\/takes".*outside the workspace/,
      );
      // …or by a shot list.
      const list = writeFile('storyboard/linked.veo.json', JSON.stringify({ defaults: { ...t2v, outputFolder: 'linked-out' }, shots: [{ prompt: 'Shot through the link' }] }));
      cleanup.push(list);
      const result = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: list, confirm: false });
      assert.deepEqual(result.jobIds, []);
      assert.match(result.failed.map((f) => f.message).join('\n'), /"linked-out".*outside the workspace/);
      assert.equal((await sim().posts()).length, 0, 'nothing was sent');
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written outside');
    } finally {
      await config.update('outputFolder', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('2: the argument form of Generate Video refuses a file outside every workspace folder, by path or Uri, naming the field', async () => {
    await sim().reset();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-args-'));
    cleanup.push(dir);
    const image = path.join(dir, 'frame.png');
    fs.copyFileSync(path.join(workspaceRoot(), 'images', 'frame-720p.png'), image);
    const i2v = { model: 'google/veo-3.1-i2v', prompt: 'From outside', options: { duration: 4, resolution: '720p' } };
    for (const [given, field] of [
      [{ images: [image] }, 'images[0]'],
      [{ images: [vscode.Uri.file(image)] }, 'images[0]'],
      [
        { model: 'google/veo-3.1-first-last-image-to-video', options: { duration: 8, resolution: '720p' }, images: [path.join(workspaceRoot(), 'images', 'frame-720p.png')], lastImage: vscode.Uri.file(image) },
        'lastImage',
      ],
    ] as const) {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.generate', { ...i2v, ...given })), (error: Error) => {
        assert.equal(error.name, 'ValidationError', error.message);
        assert.match(error.message, new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: .*frame\\.png is outside the workspace`), error.message);
        return true;
      });
    }
    assert.equal((await sim().posts()).length, 0, 'nothing was sent');
  });

  it('21: a panel keeps what it posted only when asked to (the extension’s test mode), and then only the last few', async () => {
    const quiet: Log = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };
    const message = z.object({ type: z.string(), n: z.optional(z.number()) });
    const posts = Array.from({ length: 7 }, (_, n) => ({ type: `m${n}`, n }));
    const channelWith = (keepPosted: number | undefined) => {
      const panel = vscode.window.createWebviewPanel('veoStudio.test.channel', 'channel test', vscode.ViewColumn.Active, {});
      const channel = new WebviewChannel({
        name: 'test',
        panel,
        incoming: message,
        outgoing: message,
        log: quiet,
        ...(keepPosted !== undefined ? { keepPosted } : {}),
        greet: async () => [{ type: 'hello' }],
        handle: async () => undefined,
      });
      return { panel, channel };
    };
    for (const [keep, expected] of [
      [undefined, []],
      [0, []],
      [3, ['m4', 'm5', 'm6']],
    ] as const) {
      const { panel, channel } = channelWith(keep);
      try {
        assert.equal(await channel.testHandle().receive({ type: 'ready' }), 'handled');
        for (const m of posts) channel.post(m);
        assert.deepEqual(channel.testHandle().posted().map((m) => m.type), expected, `keepPosted ${String(keep)}`);
      } finally {
        channel.dispose();
        panel.dispose();
      }
    }
    // The panels ask for it in test mode only: the generator's handle holds at most its 200.
    const handle = await vscode.commands.executeCommand<{ posted(): readonly unknown[] } | undefined>('veoStudio.openGenerator');
    assert.ok(handle && handle.posted().length <= 200);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('19: Resume (or Retry) on a toast for a job removed meanwhile goes through the command and says it is no longer in the list', async () => {
    await sim().reset();
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { ...T2V, prompt: 'Removed before its toast was clicked' });
    await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(await vscode.commands.executeCommand('veoStudio.removeJob', id, { deleteVideo: true, permanently: true }), true);
    const since = await messageCount();
    // What the toast's buttons run: the command, with the job's id.
    assert.equal(await vscode.commands.executeCommand('veoStudio.resumeJob', id), undefined);
    assert.equal(await vscode.commands.executeCommand('veoStudio.retryJob', id), undefined);
    const said = (await messagesSince(since)).map((m) => `${m.severity}: ${m.message}`);
    assert.deepEqual(said, ['info: Veo Studio: that job is no longer in the list.', 'info: Veo Studio: that job is no longer in the list.']);
    assert.equal((await sim().posts()).length, 1, 'nothing was sent again');
  });

  it('Remove while a job is being sent says it goes once the service answers, and keeps it, cancelled with its id, when the service took it', async () => {
    await sim().reset();
    await sim().fault({ on: 'create', created: true, delayMs: 2500 });
    const since = await messageCount();
    const sent = Promise.resolve(vscode.commands.executeCommand<string>('veoStudio.generate', { ...T2V, prompt: 'Removed while it is sent' }));
    const job = await until('the job on the wire', async () => (await sim().posts()).length === 1 && (await api()).jobs().find((j) => j.request.prompt === 'Removed while it is sent'));
    assert.equal(await vscode.commands.executeCommand('veoStudio.removeJob', job.id, { deleteVideo: false }), true);
    const told = await until('what Remove said', async () => (await messagesSince(since)).find((m) => /being sent/.test(m.message)));
    assert.match(told.message, /goes once the service answers/);
    assert.match(told.message, /cancelled, with its id/);
    await sent.catch(() => undefined);
    const kept = await waitForJob(job.id, (j) => j.generationId !== undefined);
    assert.equal(kept.status, 'cancelled', 'the service took it: it stays, cancelled, with the id it may bill under');
    // Removing it again forgets it.
    assert.equal(await vscode.commands.executeCommand('veoStudio.removeJob', job.id, { deleteVideo: false }), true);
    assert.equal((await api()).jobs().some((j) => j.id === job.id), false);
  });

  it('Resume All Jobs resumes every job the service still has and says how many', async () => {
    await sim().reset();
    // Jobs earlier files left failed or timed out would be resumed too: count only this test's.
    await vscode.commands.executeCommand('veoStudio.clearFinishedJobs');
    // A revoked key while polling: both jobs fail on our side, and the service still has them.
    await sim().fault({ on: 'poll', status: 401, times: 2 });
    const ids = await Promise.all(['Resumed together A', 'Resumed together B'].map((prompt) => vscode.commands.executeCommand<string>('veoStudio.generate', { ...T2V, prompt })));
    for (const id of ids) {
      const failed = await waitForJob(id, (j) => j.status === 'failed');
      assert.equal(failed.error?.kind, 'auth');
    }
    const since = await messageCount();
    assert.equal(await vscode.commands.executeCommand('veoStudio.resumeAllJobs'), 2);
    assert.ok((await messagesSince(since)).some((m) => m.message === 'Veo Studio: resumed 2 jobs.'), JSON.stringify(await messagesSince(since)));
    for (const id of ids) assert.equal((await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed')).status, 'completed');
    assert.equal((await sim().posts()).length, 2, 'resuming sent nothing new');
    const again = await messageCount();
    assert.equal(await vscode.commands.executeCommand('veoStudio.resumeAllJobs'), 0);
    assert.ok((await messagesSince(again)).some((m) => /no job to resume/.test(m.message)));
  });

  it('offline: two jobs overdue while the service cannot be reached do not time out, and complete by themselves once it can', async function () {
    // The real host's timers, settings and HTTP: jobTimeoutMinutes is 1, the simulator drops
    // every connection (API and CDN) for longer than that, then comes back.
    this.timeout(6 * 60_000);
    const config = vscode.workspace.getConfiguration('veoStudio');
    const prompts = ['Overdue while offline A', 'Overdue while offline B'];
    const recorder = await recordStatuses((j) => prompts.includes(j.request.prompt));
    const since = await messageCount();
    try {
      await sim().reset();
      await config.update('jobTimeoutMinutes', 1, vscode.ConfigurationTarget.Global);
      for (let i = 0; i < prompts.length; i++) await sim().nextJob({ queueMs: 0, generateMs: 80_000 });
      const ids = await Promise.all(prompts.map((prompt) => vscode.commands.executeCommand<string>('veoStudio.generate', { ...T2V, prompt })));
      for (const id of ids) await waitForJob(id, (j) => j.status === 'pending' && j.remoteStatus !== undefined);
      await sim().fault({ on: 'any', drop: true, times: 100_000 });
      await sim().fault({ on: 'cdn', drop: true, times: 100_000 });

      // Well past the minute by the clock, with no check getting through.
      const overdueAt = Math.max(...(await api()).jobs().filter((j) => ids.includes(j.id)).map((j) => (j.timeoutFrom ?? j.createdAt) + 60_000)) + 10_000;
      await until('the jobs to be overdue', () => Date.now() >= overdueAt, { timeoutMs: 120_000, intervalMs: 500 });
      for (const id of ids) {
        const job = (await api()).jobs().find((j) => j.id === id)!;
        assert.equal(job.status, 'pending', `${job.request.prompt}: ${job.error?.message ?? ''}`);
        assert.match(job.notice ?? '', /job timeout waits/);
      }
      assert.ok((await sim().requests()).some((r) => r.fault?.drop), 'the checks were dropped');

      await sim().clearFaults();
      for (const id of ids) {
        const done = await waitForJob(id, (j) => j.status !== 'pending' && j.status !== 'downloading', 4 * 60_000);
        assert.equal(done.status, 'completed', done.error?.message);
      }
      assert.ok(!recorder.statuses.includes('timedOut'), recorder.statuses.join(', '));
      assert.ok(!(await messagesSince(since)).some((m) => /not finished|timed out/i.test(m.message)), 'no "timed out" told');
      assert.equal((await sim().posts()).length, 2, 'nothing was sent again');
    } finally {
      recorder.dispose();
      await sim().clearFaults();
      await config.update('jobTimeoutMinutes', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
