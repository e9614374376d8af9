// The agent's paying tools inside a real extension host, against the simulator. The
// confirmation VS Code would show (prepareInvocation, reached through the test handle since
// no chat model is here) has the model, prompt, images, options, estimate, balance, budget
// and destination, or the shot list's plan and total; after it, invoke sends exactly once
// and the job completes, is saved and says it was the agent's. Called outside a chat with
// no confirmation behind it, the tool asks itself (the test answers), and a no sends nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/jobs/job';
import { TOOLS } from '../../src/platform/ids';
import { invoke, invokeDirectly, messageText, prepare, toolsHandle } from './agentSupport';
import { sim, useSimKey, waitForJob, writeList } from './support';

const I2V = 'google/veo-3.1-i2v';
const T2V = 'google/veo-3.1-t2v-fast';
const jobIdOf = (text: string) => /job ([0-9a-f-]{36})/.exec(text)?.[1] ?? assert.fail(`no job id in: ${text}`);
const saved = (id: string) => waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);

function assertAgentsVideo(job: Job, savedAs: string): void {
  assert.equal(job.status, 'completed', job.error?.message);
  assert.equal(job.origin, 'agent');
  assert.equal(vscode.workspace.asRelativePath(job.output!.file, false), savedAs);
  assert.ok(fs.existsSync(job.output!.file));
  assert.equal((JSON.parse(fs.readFileSync(job.output!.sidecar!, 'utf8')) as { origin?: string }).origin, 'agent');
}

describe('agent tools: generating, with the person\'s approval', function () {
  this.timeout(90_000);
  useSimKey();
  const config = () => vscode.workspace.getConfiguration('veoStudio');

  afterEach(async () => {
    (await toolsHandle()).answerConfirmations(undefined);
    await config().update('budget.perJobUSD', undefined, vscode.ConfigurationTarget.Global);
  });

  it('prepareInvocation confirms with the model, prompt, image, options, estimate, balance and file; invoke then sends once, saved as said', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    const input = { model: I2V, prompt: 'The frame comes alive <b>slowly</b>', images: ['images/frame-720p.png'], options: { duration: 4, resolution: '720p' }, outputName: 'agent-frame' };
    const prepared = await prepare(handle, TOOLS.generateVideo, input);
    assert.match(prepared!.confirmationMessages!.title, /^Generate 1 video for about \$\d+\.\d\d\?$/);
    const message = messageText(prepared);
    for (const line of [
      'Model: Veo 3.1 — image to video (google/veo-3.1-i2v)',
      'Prompt: The frame comes alive <b>slowly</b>',
      'Image: images/frame-720p.png',
      'Options: 4 s · 720p · 16:9 · with audio',
      'Saved as: videos/agent-frame.mp4',
    ]) {
      assert.ok(message.includes(line), `${line}\n---\n${message}`);
    }
    assert.match(message, /Estimate: About \$\d+\.\d\d \(4 s × \$[\d.]+\/s · 720p/);
    assert.match(message, /Balance: \$\d+\.\d\d/);
    assert.match(message, /Asked for by the chat agent through Veo Studio \(veoStudio_generateVideo\)\. Your AI\/ML API account is billed when a video is made\./);
    assert.equal((await sim().posts()).length, 0, 'preparing sends nothing');

    // As VS Code does once the person pressed Continue: invoke with the same input.
    const text = await invokeDirectly(handle, TOOLS.generateVideo, input);
    assert.deepEqual(handle.asked(), [], 'the confirmation VS Code showed was enough');
    assert.match(text, /^Sent with the person's approval: job [0-9a-f-]{36} \(google\/veo-3\.1-i2v, 4 s · 720p · 16:9 · with audio\)\. Estimated cost: \$\d+\.\d\d/);
    assert.match(text, /saved as videos\/agent-frame\.mp4/);
    assertAgentsVideo(await saved(jobIdOf(text)), 'videos/agent-frame.mp4');
    assert.equal((await sim().posts()).length, 1, 'one video, one POST');
    // One yes, one video: the same input again has no confirmation behind it, and asks.
    handle.answerConfirmations(false);
    assert.match(await invokeDirectly(handle, TOOLS.generateVideo, input), /^The person declined, so nothing was sent/);
    assert.equal(handle.asked().length, 1);
    assert.equal((await sim().posts()).length, 1);
  });

  it('vscode.lm.invokeTool outside a chat: the tool asks itself, and the job completes and is saved', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    handle.answerConfirmations(true);
    const text = await invoke(TOOLS.generateVideo, { model: T2V, prompt: 'Rain on a tin roof, close up', options: { duration: 4, resolution: '720p' } });
    const [asked] = handle.asked();
    assert.match(asked!.title, /^Generate 1 video for about \$\d+\.\d\d\?$/);
    assert.match(asked!.message, /Estimate: About \$\d+\.\d\d \(4 s × /);
    assert.match(asked!.message, /Prompt: Rain on a tin roof, close up\n/);
    assert.equal(handle.prepared().length, 1, 'VS Code called prepareInvocation first');
    assertAgentsVideo(await saved(jobIdOf(text)), 'videos/rain-on-a-tin-roof-close-up.mp4');
  });

  it('a no sends nothing', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.answerConfirmations(false);
    assert.match(await invoke(TOOLS.generateVideo, { model: T2V, prompt: 'Never made' }), /^The person declined, so nothing was sent and nothing was billed\./);
    assert.equal((await sim().posts()).length, 0);
  });

  it('over budget: the confirmation says so, and passing the budget is asked in a modal as well; its yes sends, a no does not', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    const input = { model: T2V, prompt: 'A kite over the dunes', options: { duration: 4, resolution: '720p' } };
    await config().update('budget.perJobUSD', 0.01, vscode.ConfigurationTarget.Global);
    assert.match(await invoke(TOOLS.estimateCost, input), /Budget: this would pass the person's budget\. Estimated \$\d+\.\d\d .*more than your per-video budget of \$0\.01\./);
    const prepared = await prepare(handle, TOOLS.generateVideo, input);
    assert.match(prepared!.confirmationMessages!.title, /^Generate 1 video for about \$\d+\.\d\d\? This would pass your budget\.$/);
    assert.match(messageText(prepared), /Budget: Estimated \$\d+\.\d\d \(4 s × .*\): more than your per-video budget of \$0\.01\./);

    // VS Code's confirmation may have been given by VS Code itself ("Always Allow"): the budget is asked again.
    handle.answerConfirmations(false);
    assert.match(await invokeDirectly(handle, TOOLS.generateVideo, input), /^The person declined/);
    assert.match(handle.asked()[0]!.title, /This would pass your budget\.$/);
    assert.match(handle.asked()[0]!.message, /Budget: Estimated .*more than your per-video budget of \$0\.01\./);
    assert.equal((await sim().posts()).length, 0);

    handle.answerConfirmations(undefined);
    await prepare(handle, TOOLS.generateVideo, input);
    handle.answerConfirmations(true);
    const text = await invokeDirectly(handle, TOOLS.generateVideo, input);
    assert.match(text, /^Sent with the person's approval/);
    assert.equal(handle.asked().length, 2);
    const job = await saved(jobIdOf(text));
    assert.equal(job.status, 'completed', job.error?.message);
    assert.ok(job.estimate && job.estimate.usd > 0.01, 'sent over the budget, with its estimate kept');
    assert.equal((await sim().posts()).length, 1);
  });
});

describe('agent tools: running a shot list', function () {
  this.timeout(120_000);
  useSimKey();

  afterEach(async () => (await toolsHandle()).answerConfirmations(undefined));

  it('the plan and the total are confirmed; a yes sends every shot, which complete as the agent\'s', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    writeList('storyboard/agent.veo.json', {
      defaults: { model: T2V, options: { duration: 4, resolution: '720p' }, outputFolder: 'videos/agent-shots' },
      shots: [
        { prompt: 'Shot one: fog rolls over the harbour', output: 'fog' },
        { prompt: 'Shot two: a gull lands on a post', output: 'gull' },
      ],
    });
    const input = { file: 'storyboard/agent.veo.json' };
    // What VS Code shows in a chat before it lets the tool run: the plan and its total.
    handle.answerConfirmations(undefined);
    const prepared = await prepare(handle, TOOLS.runShotList, input);
    assert.match(prepared!.confirmationMessages!.title, /^Generate 2 videos for about \$\d+\.\d\d\?$/);
    const shown = messageText(prepared);
    assert.match(shown, /^Shot list: storyboard\/agent\.veo\.json\n1\. Shot one: fog rolls over the harbour \(not generated\) — Veo 3\.1 Fast — text to video · 4 s · 720p · 16:9 · with audio · \$\d+\.\d\d \(4 s × /);
    assert.match(shown, /\n2\. Shot two: a gull lands on a post \(not generated\) — /);
    assert.match(shown, /\nBalance: \$\d+\.\d\d\n/);
    assert.equal((await sim().posts()).length, 0, 'preparing sends nothing');

    // The person said yes in the chat: the tool runs without asking a second time.
    handle.answerConfirmations(true);
    const text = await invokeDirectly(handle, TOOLS.runShotList, input);
    assert.match(text, /^Sent 2 shot\(s\) of storyboard\/agent\.veo\.json with the person's approval \(about \$\d+\.\d\d estimated in all\)\. Job ids, in shot order: /);
    assert.match(text, /Videos are saved into videos\/agent-shots/);
    assert.deepEqual(handle.asked(), [], 'asked once, by VS Code');
    const ids = /Job ids, in shot order: ([^.]+)\./.exec(text)![1]!.split(', ');
    const jobs = await Promise.all(ids.map(saved));
    assertAgentsVideo(jobs[0]!, 'videos/agent-shots/fog.mp4');
    assertAgentsVideo(jobs[1]!, 'videos/agent-shots/gull.mp4');
    assert.deepEqual(jobs.map((j) => j.shotList?.index), [0, 1]);
    assert.equal((await sim().posts()).length, 2);

    // Asked again once both are saved: nothing to confirm, nothing sent, and the agent is told why.
    handle.answerConfirmations(undefined);
    assert.equal((await prepare(handle, TOOLS.runShotList, input))?.confirmationMessages, undefined);
    assert.match(await invoke(TOOLS.runShotList, input), /^Nothing was sent: every shot of the list is saved/);
    assert.deepEqual(handle.asked(), []);
    assert.equal((await sim().posts()).length, 2, 'a second run re-bills nothing');
  });

  it('a list with problems, a file that is no shot list, or one outside the workspace: nothing is sent, the problem is named', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    handle.answerConfirmations(true);
    writeList('storyboard/agent-bad.veo.json', { shots: [{ prompt: 'fine', model: T2V }, { prompt: 'bad', model: T2V, options: { duration: 5 } }] });
    assert.match(
      await invoke(TOOLS.runShotList, { file: 'storyboard/agent-bad.veo.json' }),
      /^Nothing was sent: storyboard\/agent-bad\.veo\.json has 1 problem\(s\)\. Fix them in the file, then call veoStudio_runShotList again:\n- Shot 2 · options\.duration: Duration must be one of 4, 6, 8; got 5\.$/,
    );
    assert.match(await invoke(TOOLS.runShotList, { file: 'README.md' }), /- file: "README\.md" is not a shot list: shot lists are \*\.veo\.json files\./);
    assert.match(await invoke(TOOLS.runShotList, { file: '../elsewhere.veo.json' }), /- file: There is no file "\.\.\/elsewhere\.veo\.json" in the workspace\./);
    assert.match(await invoke(TOOLS.runShotList, { path: 'x.veo.json' }), /- path: Unknown field\(s\): path\. This tool takes: file\./);
    assert.deepEqual(handle.asked(), [], 'nothing to ask about');
    assert.equal((await sim().posts()).length, 0);
  });
});
