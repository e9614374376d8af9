// The agent tools inside a real extension host (VS Code 1.100), called as another extension
// calls them — vscode.lm.invokeTool outside a chat — against the simulator: VS Code lists
// every tool; the free ones answer (the catalog, an estimate, the jobs) and name a bad
// field; without a key the paying ones say so; the setting removes them and brings them
// back. No chat model is present here, so nothing in this file goes through a chat.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allModels } from '../../src/core/catalog/catalog';
import { TOOLS } from '../../src/platform/ids';
import { answered, invoke, prepare, toolsHandle, until } from './agentSupport';
import { completed, env, sim, useSimKey, workspaceRoot } from './support';

const T2V = 'google/veo-3.1-t2v-fast';
const ours = () => vscode.lm.tools.filter((t) => t.name.startsWith('veoStudio_'));

describe('agent tools: listed, free tools and their errors', function () {
  this.timeout(60_000);
  useSimKey();
  const config = () => vscode.workspace.getConfiguration('veoStudio');

  after(async () => {
    await config().update('agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('vscode.lm.tools lists every Veo Studio tool, with its input schema and tags', async () => {
    await until('the tools to be listed', () => ours().length === Object.values(TOOLS).length);
    assert.deepEqual(ours().map((t) => t.name).sort(), Object.values(TOOLS).sort());
    for (const t of ours()) {
      assert.equal(typeof t.inputSchema, 'object', t.name);
      assert.ok(t.tags.includes('veo-studio'), t.name);
      assert.ok(t.description.length > 200, t.name);
    }
    assert.match(ours().find((t) => t.name === TOOLS.generateVideo)!.description, /COSTS THE PERSON MONEY/);
  });

  it('listModels: every model with what it takes, its options and its price per second', async () => {
    await sim().reset();
    const text = await invoke(TOOLS.listModels, {});
    for (const m of allModels()) assert.ok(text.includes(`${m.id} — ${m.label}`), m.id);
    assert.match(text, /google\/veo-3\.1-i2v — .*\n {2}Takes: a prompt, and images \(required; an array with one start image/);
    assert.match(text, /duration: 4 \| 6 \| 8 \(seconds\); default 8/);
    assert.match(text, /Price: \$\d+\.\d+ per second at the defaults; a clip at the defaults costs about \$\d+\.\d\d \(8 s × /);
    assert.equal((await sim().posts()).length, 0, 'nothing was generated');
  });

  it('estimateCost: the estimate with its basis, the balance and the budget; nothing is sent', async () => {
    await sim().reset();
    const text = await invoke(TOOLS.estimateCost, { model: T2V, prompt: 'Waves on a pier', options: { duration: 4, resolution: '720p' } });
    assert.match(text, /^Estimate for google\/veo-3\.1-t2v-fast \(4 s · 720p · 16:9 · with audio\): about \$\d+\.\d\d \(4 s × \$[\d.]+\/s/);
    assert.match(text, /Nothing was sent\.\nBalance: \$\d+\.\d\d\.\nBudget: the person has set no budget\./);
    assert.equal((await sim().posts()).length, 0);
  });

  it('estimateCost and generateVideo name the bad field and its allowed values, and ask nothing', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    const bad = { model: T2V, prompt: 'Waves', options: { duration: 5, fps: 30 } };
    for (const name of [TOOLS.estimateCost, TOOLS.generateVideo]) {
      const text = await invoke(name, bad);
      assert.match(text, /The input has 2 problem\(s\):\n- options\.duration: Duration must be one of 4, 6, 8; got 5\.\n- options\.fps: "fps" is not an option of /, name);
      assert.match(text, /veoStudio_listModels lists every model/);
      assert.doesNotMatch(text, /\bat \w+ \(|\.ts:\d+/, 'no stack trace');
    }
    assert.match(await invoke(TOOLS.generateVideo, { model: 'google/veo-3.1-i2v', prompt: 'x', images: ['/etc/hostname'] }), /- images\[0\]: There is no file "\/etc\/hostname" in the workspace\./);
    assert.match(await invoke(TOOLS.generateVideo, { model: 'google/veo-3.1-i2v', prompt: 'x', images: ['../outside.png'] }), /- images\[0\]: There is no file "\.\.\/outside\.png" in the workspace\./);
    assert.match(await invoke(TOOLS.generateVideo, { model: T2V, prompt: 'x', allowOverBudget: true }), /- allowOverBudget: allowOverBudget is not accepted from the agent/);
    assert.match(await invoke(TOOLS.generateVideo, { model: 'google/veo-9', prompt: 'x' }), /- model: Unknown model "google\/veo-9"\. Known models: google\/veo-3\.1-t2v-fast/);
    assert.equal(await prepare(handle, TOOLS.generateVideo, bad).then((p) => p?.confirmationMessages), undefined, 'nothing to confirm');
    assert.deepEqual([handle.prepared().length, handle.asked().length], [0, 0]);
    assert.equal((await sim().posts()).length, 0);
  });

  it('getJobs: a job\'s state, time, file and cost; the running ones; a bad field named', async () => {
    await sim().reset();
    const job = await completed('A heron lifts off the river at dawn');
    const text = await invoke(TOOLS.getJobs, { ids: [job.id, 'no-such-job'] });
    assert.match(text, new RegExp(`^Job ${job.id}: done: the video is saved; took \\d+ s\\.`));
    assert.match(text, /\n {2}Saved: videos\/a-heron-lifts-off-the-river-at-dawn(-\d+)?\.mp4 \(sidecar videos\/.*\.json\)\./);
    assert.match(text, /\n {2}Cost: \$\d+\.\d\d.* \(reported by the service\); estimated \$\d+\.\d\d \(4 s × /);
    assert.match(text, /\n {2}Started by: the person\./);
    assert.match(text, /\n\nJob no-such-job: not found\./);
    assert.match(await invoke(TOOLS.getJobs, { which: 'active' }), /^No job is running\.$/);
    assert.match(await invoke(TOOLS.getJobs, {}), /^The \d+ newest job\(s\) of \d+, newest first:/);
    assert.match(await invoke(TOOLS.getJobs, { ids: job.id }), /- ids: ids must be an array of job ids/);
    assert.match(await invoke(TOOLS.getJobs, { which: 'failed' }), /- which: which must be "active" \(jobs still running\) or "recent"/);
  });

  it('without a key the paying tools say so and point to Set API Key; nothing is sent', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.answerConfirmations(true);
    await vscode.commands.executeCommand('veoStudio.clearApiKey');
    try {
      const noKey = /^No AI\/ML API key is set, so nothing was sent\. Ask the person to run "Veo Studio: Set API Key" from the Command Palette \(F1\), then try again\.$/;
      assert.match(await invoke(TOOLS.generateVideo, { model: T2V, prompt: 'Waves' }), noKey);
      const list = path.join(workspaceRoot(), 'storyboard', 'agent-no-key.veo.json');
      fs.mkdirSync(path.dirname(list), { recursive: true });
      fs.writeFileSync(list, JSON.stringify({ shots: [{ prompt: 'Waves', model: T2V }] }));
      assert.match(await invoke(TOOLS.runShotList, { file: 'storyboard/agent-no-key.veo.json' }), noKey);
      assert.match(await invoke(TOOLS.estimateCost, { model: T2V, prompt: 'Waves' }), /Balance: unknown, because no AI\/ML API key is set\. Ask the person to run "Veo Studio: Set API Key"/);
      assert.equal((await sim().posts()).length, 0);
    } finally {
      handle.answerConfirmations(undefined);
      await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY'));
    }
  });

  it('veoStudio.agentTools.enabled off removes the tools (from the list and as implementations); on brings them back', async () => {
    const handle = await toolsHandle();
    await config().update('agentTools.enabled', false, vscode.ConfigurationTarget.Global);
    await until('the tools to leave the list', () => ours().length === 0);
    assert.equal(handle.tool(TOOLS.listModels), undefined);
    // Until VS Code lets go of the registrations, a call is refused in words; then it fails.
    const end = Date.now() + 10_000;
    for (;;) {
      const outcome = await invoke(TOOLS.generateVideo, { model: T2V, prompt: 'x' }).then(
        (text) => text,
        (error: unknown) => error,
      );
      if (outcome instanceof Error) {
        assert.match(outcome.message, /does not have an implementation registered|not contributed/i);
        break;
      }
      assert.match(String(outcome), /^Veo Studio's agent tools are turned off/);
      assert.ok(Date.now() < end, 'the registrations were never dropped');
      await new Promise((r) => setTimeout(r, 100));
    }
    await config().update('agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
    await until('the tools to come back', () => ours().length === Object.values(TOOLS).length);
    assert.match(await invoke(TOOLS.listModels, {}), /^Veo Studio can make videos with these \d+ models:/);
  });

  it('never answers with the API key', () => {
    assert.ok(answered.length > 10);
    for (const text of answered) assert.ok(!text.includes(env('VEO_SIM_KEY')));
  });
});
