// A shot-list run survives a reload (item 14 of the hardening issue), inside a real extension
// host against the simulator. The test "reloads" through the test API: every run of the
// window stops where it is and keeps its record, as a window that ends would, and the runs
// are carried on as at activation. A 4-shot list at one job at a time is cut off with two
// shots sent: the other two are sent once each after the reload, the first two never again.
// A shot edited meanwhile is dropped, and the person is told which.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ShotListRunSummary } from '../../src/commands/shotList/generate';
import type { Job } from '../../src/core/jobs/job';
import type { VeoStudioApi, VeoStudioTestApi } from '../../src/extension';
import { api, env, sim, waitForJob, writeList } from './support';

const T2V = 'google/veo-3.1-t2v-fast';

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const prompts = async () => (await sim().posts()).map((p) => String((p.body as Record<string, unknown>)['prompt']));

describe('shot-list runs across a reload', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('veoStudio');
  let veo: VeoStudioApi;
  let test: VeoStudioTestApi;

  before(async () => {
    veo = await api();
    assert.ok(veo.test, 'the test API (test mode)');
    test = veo.test;
    await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY'));
    await config().update('maxConcurrentJobs', 1, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('maxConcurrentJobs', undefined, vscode.ConfigurationTarget.Global);
  });

  const messagesSince = (at: number) => test.messages().filter((m) => m.at >= at);

  it('carries a 4-shot run on after a reload: the waiting shots are sent once each, the ones already sent never again', async () => {
    await sim().reset();
    const shots = [1, 2, 3, 4].map((n) => ({ prompt: `Reload shot ${n}: a lighthouse at dusk`, options: { duration: 4, resolution: '720p' } }));
    const file = writeList('storyboard/reload.veo.json', { defaults: { model: T2V, outputFolder: 'videos/host-reload' }, shots });
    // The first quick, the second slow: the reload comes while the second holds the only slot.
    await sim().nextJob({ queueMs: 0, generateMs: 300 });
    await sim().nextJob({ queueMs: 0, generateMs: 6_000 });
    const before = Date.now();
    const first = vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: 'storyboard/reload.veo.json', confirm: false });
    await until('two shots sent', async () => ((await prompts()).length === 2 ? true : undefined));
    const ours = () => veo.jobs().filter((j) => j.shotList?.file === file);
    await until('the second shot’s job', () => (ours().some((j) => j.shotList?.index === 1 && j.generationId) ? true : undefined));

    await test.reloadShotListRuns();
    const cut = await first;
    assert.deepEqual(cut.notSent, [3, 4], 'the run before the reload sent no more');
    assert.equal(cut.jobIds.length, 2);
    const told = messagesSince(before).find((m) => /Shot list reload\.veo\.json: carrying on with 2 waiting shots/.test(m.message));
    assert.ok(told, JSON.stringify(messagesSince(before).map((m) => m.message)));
    assert.deepEqual(told.items, ['Stop']);
    // Running the list again while the carried-on run still sends: nothing more is sent.
    const again2 = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: 'storyboard/reload.veo.json', confirm: false });
    assert.deepEqual(again2.jobIds, []);
    assert.ok(messagesSince(before).some((m) => /reload\.veo\.json is being sent: 2 shot\(s\) still wait/.test(m.message)));

    const all = await until('a job for every shot', () => (ours().length === 4 ? ours() : undefined), 60_000);
    const done = await Promise.all(all.map((j) => waitForJob(j.id, (x) => x.status === 'completed' || x.status === 'failed', 60_000)));
    for (const job of done) assert.equal(job.status, 'completed', job.error?.message);
    assert.deepEqual(done.map((j: Job) => j.shotList?.index).sort(), [0, 1, 2, 3]);

    const sent = await prompts();
    assert.equal(sent.length, 4, `one create per shot: ${sent.join(' | ')}`);
    assert.deepEqual([...sent].sort(), shots.map((s) => s.prompt).sort());
    assert.deepEqual(sent.slice(0, 2), [shots[0]!.prompt, shots[1]!.prompt], 'the two sent before the reload are not sent again');
    // Still one at a time: the third went out only after the second (sent before the reload) ended.
    const second = done.find((j) => j.shotList?.index === 1)!;
    const third = done.find((j) => j.shotList?.index === 2)!;
    assert.ok(third.createdAt >= second.finishedAt!, 'the carried-on run waited for the slot the earlier job held');

    // The finished run forgot its record: another reload carries nothing on and sends nothing.
    const again = Date.now();
    await test.reloadShotListRuns();
    assert.equal((await prompts()).length, 4);
    assert.equal(messagesSince(again).filter((m) => /carrying on/.test(m.message)).length, 0);
  });

  it('drops a waiting shot edited before the reload, says which, and sends the rest', async () => {
    await sim().reset();
    const shots = [1, 2, 3].map((n) => ({ prompt: `Edited shot ${n}: rain on a window`, options: { duration: 4, resolution: '720p' } }));
    const file = writeList('storyboard/edited.veo.json', { defaults: { model: T2V, outputFolder: 'videos/host-reload' }, shots });
    await sim().nextJob({ queueMs: 0, generateMs: 6_000 });
    const before = Date.now();
    const first = vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: 'storyboard/edited.veo.json', confirm: false });
    await until('the first shot sent', async () => ((await prompts()).length === 1 ? true : undefined));
    await until('its job', () => (veo.jobs().some((j) => j.shotList?.file === file && j.generationId) ? true : undefined));
    writeList('storyboard/edited.veo.json', { defaults: { model: T2V, outputFolder: 'videos/host-reload' }, shots: [shots[0], shots[1], { ...shots[2]!, prompt: 'Edited shot 3: now snow' }] });

    await test.reloadShotListRuns();
    await first;
    const dropped = messagesSince(before).find((m) => /edited\.veo\.json: 1 waiting shot\(s\) were not carried on/.test(m.message));
    assert.ok(dropped, JSON.stringify(messagesSince(before).map((m) => m.message)));
    assert.match(dropped.message, /shot 3 changed since the run began/);
    assert.ok(messagesSince(before).some((m) => /edited\.veo\.json: carrying on with 1 waiting shots/.test(m.message)));

    await until('the second shot sent', async () => ((await prompts()).length === 2 ? true : undefined), 60_000);
    const jobs = veo.jobs().filter((j) => j.shotList?.file === file);
    await Promise.all(jobs.map((j) => waitForJob(j.id, (x) => x.status === 'completed' || x.status === 'failed', 60_000)));
    assert.deepEqual(await prompts(), [shots[0]!.prompt, shots[1]!.prompt], 'the edited shot is not sent');
  });

  it('after a reload, waiting shots that would pass the budget are not sent: a non-modal warning offers to continue anyway', async () => {
    await sim().reset();
    const shots = [1, 2].map((n) => ({ prompt: `Budget shot ${n}: a paper boat`, options: { duration: 4, resolution: '720p' } }));
    const file = writeList('storyboard/budget.veo.json', { defaults: { model: T2V, outputFolder: 'videos/host-reload' }, shots });
    await sim().nextJob({ queueMs: 0, generateMs: 3_000 });
    const before = Date.now();
    const first = vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: 'storyboard/budget.veo.json', confirm: false });
    await until('the first shot sent', async () => ((await prompts()).length === 1 ? true : undefined));
    // The budget is lowered while the run waits (say, in another window's settings).
    await config().update('budget.perJobUSD', 0.01, vscode.ConfigurationTarget.Global);
    try {
      await test.reloadShotListRuns();
      await first;
      const since = messagesSince(before);
      const warning = since.find((m) => /budget\.veo\.json: the 1 waiting shots would pass your budget, so they were not sent/.test(m.message));
      assert.ok(warning, JSON.stringify(since.map((m) => m.message)));
      assert.equal(warning.modal, false);
      assert.deepEqual(warning.items, ['Continue Anyway', 'Stop']);
      assert.equal(since.filter((m) => /budget\.veo\.json: carrying on/.test(m.message)).length, 0);
      assert.equal((await prompts()).length, 1, 'nothing more was sent');

      // The question holds nothing: the file deleted meanwhile, the next reload drops the run and says so.
      fs.rmSync(file);
      const later = Date.now();
      await test.reloadShotListRuns();
      const gone = messagesSince(later).find((m) => /budget\.veo\.json: 1 waiting shot\(s\) were not carried on after the reload \(the file was deleted\)/.test(m.message));
      assert.ok(gone, JSON.stringify(messagesSince(later).map((m) => m.message)));
      await test.reloadShotListRuns();
      assert.equal(messagesSince(later).length, 1, 'the run is forgotten: nothing more is said');
      for (const job of veo.jobs().filter((j) => j.shotList?.file === file)) await waitForJob(job.id, (x) => x.status === 'completed' || x.status === 'failed', 60_000);
      assert.equal((await prompts()).length, 1);
    } finally {
      await config().update('budget.perJobUSD', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
