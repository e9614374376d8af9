// The continuity tools inside a real extension host, against the simulator.
// veoStudio_saveFrame reads a frame through the Save Frame command's own webview decoder
// (no ffmpeg, no chat): the PNG is the clip's size and colour, saved under frames/ and
// listed in the sidecar; a path outside the workspace, a bad time or a file that is no video
// comes back as text naming the problem, with no notification for the person on top.
// veoStudio_continueFromFrame's confirmation (prepareInvocation, reached through the test
// handle since no chat model is here) names the model, prompt, frame, options, estimate,
// balance and file, and saves nothing yet; after it, invoke reads the frame, sends once, and
// the job completes, is saved, is the agent's and hangs under the clip it continues.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/jobs/job';
import type { Sidecar } from '../../src/core/jobs/sidecar';
import { TOOLS } from '../../src/platform/ids';
import { TEST_OUTPUT } from '../support/paths';
import { near, readPng } from '../support/png';
import { invoke, invokeDirectly, messageText, prepare, toolsHandle } from './agentSupport';
import { api, completed, env, sim, useSimKey, waitForJob, workspaceRoot } from './support';

const GREEN = [0, 255, 0];
const RED = [255, 0, 0];
const jobIdOf = (text: string) => /job ([0-9a-f-]{36})/.exec(text)?.[1] ?? assert.fail(`no job id in: ${text}`);
const saved = (id: string) => waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
const relative = (file: string) => path.relative(workspaceRoot(), file).split(path.sep).join('/');
const framesFolder = () => path.join(workspaceRoot(), 'videos', 'frames');
const framesNow = () => (fs.existsSync(framesFolder()) ? fs.readdirSync(framesFolder()).sort() : []);

/** The colour in the middle of a PNG, checked against one colour. */
function assertMiddle(file: string, colour: readonly number[], what: string): void {
  const png = readPng(fs.readFileSync(file));
  const pixel = png.at(png.width >> 1, png.height >> 1);
  assert.ok(near(pixel, colour), `${what}: the middle is ${pixel.join(',')}, not ${colour.join(',')}`);
}

/** The confirmations seen, kept for the people reading the run (git-ignored). */
function keep(how: string, title: string, message: string): void {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  fs.appendFileSync(path.join(TEST_OUTPUT, 'agent-frame-confirmations.txt'), `── ${TOOLS.continueFromFrame}, ${how}\n${title}\n${message}\n\n`);
}

async function errorMessagesSince(count: number): Promise<string[]> {
  const test = (await api()).test!;
  return test
    .messages()
    .slice(count)
    .filter((m) => m.severity === 'error')
    .map((m) => m.message);
}

describe('agent tools: frames and continuations', function () {
  this.timeout(120_000);
  let clip: Job;

  useSimKey();

  before(async () => {
    fs.rmSync(path.join(TEST_OUTPUT, 'agent-frame-confirmations.txt'), { force: true });
    await sim().reset();
    // Four colour cuts, 320×180, 2 s: yellow, red, blue, then green to the end.
    await sim().nextJob({ videoFixture: 'colour-cuts.mp4', queueMs: 0, generateMs: 300 });
    clip = await completed('A signal lamp changes colour for the agent');
  });

  afterEach(async () => (await toolsHandle()).answerConfirmations(undefined));

  after(async () => {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (tab.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(tab);
    }
  });

  it('vscode.lm.tools lists both, with their input schemas', () => {
    for (const name of [TOOLS.saveFrame, TOOLS.continueFromFrame]) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is listed`);
      assert.equal((tool.inputSchema as { type?: string }).type, 'object', name);
    }
    assert.match(vscode.lm.tools.find((t) => t.name === TOOLS.continueFromFrame)!.description, /COSTS THE PERSON MONEY/);
    assert.match(vscode.lm.tools.find((t) => t.name === TOOLS.saveFrame)!.description, /Free: it sends nothing to Veo/);
  });

  it('saveFrame: a PNG of the clip\'s size, its last frame by default, listed in the sidecar; by job id at a time; nothing sent', async () => {
    await sim().reset();
    const video = relative(clip.output!.file);
    const text = await invoke(TOOLS.saveFrame, { video });
    const match = /^Saved the frame at ([\d.]+) s of (\S+) as (\S+) \(a (\d+)×(\d+) PNG\)\. Free: nothing was sent to Veo\.\n/.exec(text);
    assert.ok(match, text);
    assert.equal(match[2], video);
    // The last frame starts at 1.958 s; the browser may report the seek's end (2.000) instead.
    assert.match(match[3]!, /^videos\/frames\/a-signal-lamp-changes-colour-for-the-agent@00-0(1\.958|2\.000)\.png$/);
    assert.deepEqual([match[4], match[5]], ['320', '180']);
    assert.match(text, /It is listed in the video's \.json sidecar\./);
    const file = path.join(workspaceRoot(), match[3]!);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    const png = readPng(bytes);
    assert.deepEqual([png.width, png.height], [320, 180], 'the clip’s own size');
    assertMiddle(file, GREEN, 'the last frame');
    const sidecar = JSON.parse(fs.readFileSync(clip.output!.sidecar!, 'utf8')) as Sidecar;
    assert.ok(sidecar.frames?.some((f) => `videos/${f.file}` === match[3] && f.width === 320 && f.height === 180), JSON.stringify(sidecar.frames));

    const red = await invoke(TOOLS.saveFrame, { video: clip.id, at: 0.5 });
    const redFile = /as (\S+) \(a 320×180 PNG\)/.exec(red)?.[1] ?? assert.fail(red);
    assertMiddle(path.join(workspaceRoot(), redFile), RED, 'the frame at 0.5 s');
    // Again: nothing is overwritten, and the sidecar lists each file once.
    assert.match(await invoke(TOOLS.saveFrame, { video }), /^Saved the frame at /);
    assert.ok(fs.readFileSync(file).equals(bytes), 'the first PNG is untouched');
    const files = (JSON.parse(fs.readFileSync(clip.output!.sidecar!, 'utf8')) as Sidecar).frames!.map((f) => f.file);
    assert.equal(new Set(files).size, files.length, files.join(', '));
    assert.equal((await sim().posts()).length, 0, 'nothing was sent to Veo');
  });

  it('saveFrame: a bad path, a bad time, a file that is no video — each named, nothing saved, no notification on top', async () => {
    const before = framesNow();
    const shown = (await api()).test!.messages().length;
    const noVideo = /^No frame was saved\. The input has 1 problem\(s\):\n- video: There is no video or job "(.*)" in the workspace: give the video's path relative to a workspace folder, or a job id\./;
    assert.match(await invoke(TOOLS.saveFrame, { video: '../outside.mp4' }), noVideo);
    assert.match(await invoke(TOOLS.saveFrame, { video: '/etc/hostname' }), noVideo);
    assert.match(await invoke(TOOLS.saveFrame, { video: 'videos/no-such-clip.mp4' }), noVideo);
    assert.match(await invoke(TOOLS.saveFrame, { video: relative(clip.output!.file), at: -1 }), /- at: at must be seconds into the video \(a number from 0, e\.g\. 5\.24\), "first" or "last"\./);
    assert.match(await invoke(TOOLS.saveFrame, { file: 'x.mp4' }), /- file: Unknown field\(s\): file\. This tool takes: video, at\./);
    const broken = path.join(workspaceRoot(), 'videos', 'agent-not-a-video.mp4');
    fs.writeFileSync(broken, Buffer.alloc(4096, 7));
    const text = await invoke(TOOLS.saveFrame, { video: 'videos/agent-not-a-video.mp4' });
    assert.match(text, /^No frame was saved\. The frame could not be read: Veo Studio could not decode agent-not-a-video\.mp4 here: /);
    assert.match(text, /the person can save the frame there \(Save Frame\)/);
    assert.doesNotMatch(text, /\bat \w+ \(|\.ts:\d+|\.js:\d+/, 'no stack trace');
    assert.deepEqual(framesNow(), before, 'nothing saved');
    assert.deepEqual(await errorMessagesSince(shown), [], 'the agent is told; the person gets no error message on top');
  });

  it('continueFromFrame: prepareInvocation confirms model, prompt, frame, options, estimate, balance and file, and saves nothing; invoke sends once; the job completes as the agent\'s, under its clip', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    const before = framesNow();
    const input = { video: relative(clip.output!.file), at: 1.5, prompt: 'The lamp turns blue and the harbour goes dark', outputName: 'agent-continued' };
    const prepared = await prepare(handle, TOOLS.continueFromFrame, input);
    assert.match(prepared!.confirmationMessages!.title, /^Generate 1 video for about \$\d+\.\d\d\?$/);
    const message = messageText(prepared);
    for (const line of [
      'Model: Veo 3.1 Fast — image to video (google/veo-3.1-i2v-fast)',
      'Prompt: The lamp turns blue and the harbour goes dark',
      `the frame at 1.5 s of ${input.video}, saved into videos/frames when you approve`,
      `Continues: ${input.video}`,
      'Options: 4 s · 720p · 16:9 · with audio',
      'Saved as: videos/agent-continued.mp4',
    ]) {
      assert.ok(message.includes(line), `${line}\n---\n${message}`);
    }
    assert.match(message, /Estimate: About \$\d+\.\d\d \(4 s × \$[\d.]+\/s · 720p/);
    assert.match(message, /Balance: \$\d+\.\d\d/);
    assert.match(message, /Asked for by the chat agent through Veo Studio \(veoStudio_continueFromFrame\)\. Your AI\/ML API account is billed when a video is made\./);
    keep('prepareInvocation (what VS Code shows in chat)', prepared!.confirmationMessages!.title, message);
    assert.equal((await sim().posts()).length, 0, 'preparing sends nothing');
    assert.deepEqual(framesNow(), before, 'and saves no frame before the yes');

    // As VS Code does once the person pressed Continue: invoke with the same input.
    const text = await invokeDirectly(handle, TOOLS.continueFromFrame, input);
    assert.deepEqual(handle.asked(), [], 'the confirmation VS Code showed was enough');
    assert.match(text, /^Sent with the person's approval: job [0-9a-f-]{36} \(google\/veo-3\.1-i2v-fast, 4 s · 720p · 16:9 · with audio\)\. Estimated cost: \$\d+\.\d\d/);
    assert.match(text, new RegExp(`\\nIt continues ${input.video.replace(/[.]/g, '\\.')} from the frame videos/frames/a-signal-lamp-changes-colour-for-the-agent@00-0[12]\\.\\d{3}\\.png, its start image\\.`));
    assert.match(text, /saved as videos\/agent-continued\.mp4/);
    assert.match(text, /Do not call veoStudio_continueFromFrame again/);
    const job = await saved(jobIdOf(text));
    assert.equal(job.status, 'completed', job.error?.message);
    assert.equal(job.origin, 'agent');
    assert.equal(job.parentId, clip.id, 'the continuation hangs under its clip');
    assert.equal(job.request.prompt, input.prompt);
    assert.equal(relative(job.output!.file), 'videos/agent-continued.mp4');
    const frame = job.request.media.image_url;
    assert.ok(frame?.kind === 'file' && path.dirname(frame.path) === framesFolder(), JSON.stringify(frame));
    assert.equal(readPng(fs.readFileSync(frame.path)).width, 320);
    const sidecar = JSON.parse(fs.readFileSync(job.output!.sidecar!, 'utf8')) as Sidecar;
    assert.deepEqual([sidecar.origin, sidecar.continues], ['agent', clip.id]);
    const posts = await sim().posts();
    assert.equal(posts.length, 1, 'one yes, one POST');
    assert.equal((posts[0]!.body as Record<string, unknown>)['image_url'], `data:image/png;base64,${fs.readFileSync(frame.path).toString('base64')}`, 'the saved PNG is what was sent');
  });

  it('continueFromFrame from a saved frame, outside a chat: the tool asks itself; the clip is found from the frame\'s name; a no sends and saves nothing', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    const frameText = await invoke(TOOLS.saveFrame, { video: clip.id, at: 'first' });
    const frame = /as (\S+) \(a /.exec(frameText)?.[1] ?? assert.fail(frameText);

    handle.answerConfirmations(false);
    const before = framesNow();
    assert.match(await invoke(TOOLS.continueFromFrame, { video: clip.id, prompt: 'Never made' }), /^The person declined, so nothing was sent and nothing was billed\./);
    assert.deepEqual(framesNow(), before, 'a no saves no frame');

    handle.answerConfirmations(true);
    const text = await invoke(TOOLS.continueFromFrame, { frame, prompt: 'The yellow lamp flickers', options: { duration: 4 } });
    const asked = handle.asked().at(-1)!;
    assert.match(asked.title, /^Generate 1 video for about \$\d+\.\d\d\?$/);
    assert.ok(asked.message.includes(`Image: ${frame}\nContinues: ${relative(clip.output!.file)}\n`), asked.message);
    assert.match(asked.message, /Estimate: About \$\d+\.\d\d \(4 s × /);
    keep('asked by the tool itself (invoked outside a chat)', asked.title, asked.message);
    const job = await saved(jobIdOf(text));
    assert.equal(job.status, 'completed', job.error?.message);
    assert.deepEqual([job.origin, job.parentId], ['agent', clip.id]);
    assert.deepEqual(job.request.media.image_url, { kind: 'file', path: path.join(workspaceRoot(), frame) });
    assert.equal((await sim().posts()).length, 1);
  });

  it('continueFromFrame names the bad field, and without a key says so; nothing is sent', async () => {
    await sim().reset();
    const handle = await toolsHandle();
    handle.clearLogs();
    const video = relative(clip.output!.file);
    assert.match(
      await invoke(TOOLS.continueFromFrame, { video, prompt: 'x', model: 'google/veo-3.1-t2v-fast' }),
      /^Nothing was sent\. The input has 1 problem\(s\):\n- model: google\/veo-3\.1-t2v-fast takes no start image, so it cannot continue from a frame\. Models that can: .*google\/veo-3\.1-i2v\b/,
    );
    assert.match(await invoke(TOOLS.continueFromFrame, { video, prompt: 'x', options: { duration: 5 } }), /- options\.duration: Duration must be one of 4, 6, 8; got 5\./);
    assert.match(await invoke(TOOLS.continueFromFrame, { frame: '../elsewhere.png', prompt: 'x' }), /- frame: There is no file "\.\.\/elsewhere\.png" in the workspace/);
    assert.match(await invoke(TOOLS.continueFromFrame, { frame: video, prompt: 'x' }), /- frame: ".*" is not a PNG image/);
    assert.match(await invoke(TOOLS.continueFromFrame, { prompt: 'x' }), /- video: Give video .* or frame/);
    assert.match(await invoke(TOOLS.continueFromFrame, { video, prompt: 'x', allowOverBudget: true }), /- allowOverBudget: Unknown field\(s\): allowOverBudget\./);
    assert.equal(await prepare(handle, TOOLS.continueFromFrame, { video, prompt: 'x', options: { duration: 5 } }).then((p) => p?.confirmationMessages), undefined, 'nothing to confirm');

    handle.answerConfirmations(true);
    await vscode.commands.executeCommand('veoStudio.clearApiKey');
    try {
      assert.match(await invoke(TOOLS.continueFromFrame, { video, prompt: 'x' }), /^No AI\/ML API key is set, so nothing was sent\. Ask the person to run "Veo Studio: Set API Key"/);
    } finally {
      await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY'));
    }
    assert.deepEqual([handle.asked().length, (await sim().posts()).length], [0, 0]);
  });
});
