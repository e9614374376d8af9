// Frames inside a real extension host: `veoStudio.saveFrame` decodes a saved video in a
// webview (no ffmpeg) and returns a PNG of the video's own size whose pixels are that frame
// — the test clip's first frame is yellow, its middle red then blue, its last green — saved
// under <output folder>/frames/ without overwriting anything and listed in the sidecar; a
// file that is not a video fails with a clear reason; and continuing from the last frame
// submits an image-to-video job whose image_url is that very PNG, under its source.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/jobs/job';
import type { Sidecar } from '../../src/core/jobs/sidecar';
import { near, readPng } from '../support/png';
import { completed, sim, useSimKey, waitForJob, workspaceRoot } from './support';

const YELLOW = [255, 255, 0];
const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const GREEN = [0, 255, 0];

/** The colour in the middle and near each corner of a saved frame, checked against one colour. */
function assertColour(file: string, colour: readonly number[], what: string): void {
  const png = readPng(fs.readFileSync(file));
  for (const [x, y] of [[png.width >> 1, png.height >> 1], [4, 4], [png.width - 5, png.height - 5]] as const) {
    assert.ok(near(png.at(x, y), colour), `${what}: pixel (${x}, ${y}) is ${png.at(x, y).join(',')}, not ${colour.join(',')}`);
  }
}

describe('frames: save a frame, continue from it', function () {
  this.timeout(120_000);
  let job: Job;

  useSimKey();

  before(async () => {
    await sim().reset();
    await sim().nextJob({ videoFixture: 'colour-cuts.mp4', queueMs: 0, generateMs: 300 });
    job = await completed('Four colour cuts for the frame tests');
  });

  after(async () => {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (tab.input instanceof vscode.TabInputWebview) await vscode.window.tabGroups.close(tab);
    }
  });

  it('saves the last frame by default: a PNG of the video’s size, green like that frame, listed in the sidecar', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('veoStudio.saveFrame', { job: job.id });
    const frames = path.join(workspaceRoot(), 'videos', 'frames');
    assert.equal(path.dirname(uri.fsPath), frames);
    assert.equal(path.basename(uri.fsPath), 'four-colour-cuts-for-the-frame-tests@00-01.958.png');
    const png = readPng(fs.readFileSync(uri.fsPath));
    assert.deepEqual([png.width, png.height], [320, 180], 'the video’s own resolution');
    assertColour(uri.fsPath, GREEN, 'the last frame');
    const sidecar = JSON.parse(fs.readFileSync(job.output!.sidecar!, 'utf8')) as Sidecar;
    assert.deepEqual(sidecar.frames?.map((f) => [f.file, f.at, f.width, f.height]), [['frames/four-colour-cuts-for-the-frame-tests@00-01.958.png', 1.958, 320, 180]]);
    assert.equal(sidecar.prompt, job.request.prompt, 'the rest of the sidecar is untouched');
  });

  it('saves the first frame (yellow) and any time (1.5 s is blue, 0.5 s red), never over an existing file', async () => {
    // A file of the person's own where the first frame would go: it stays, the frame takes the next name.
    const theirs = path.join(workspaceRoot(), 'videos', 'frames', 'four-colour-cuts-for-the-frame-tests@00-00.000.png');
    fs.writeFileSync(theirs, 'not ours');
    const first = await vscode.commands.executeCommand<vscode.Uri>('veoStudio.saveFrame', { job: job.id, at: 'first' });
    assert.match(path.basename(first.fsPath), /@00-00\.000-2\.png$/);
    assert.equal(fs.readFileSync(theirs, 'utf8'), 'not ours');
    assertColour(first.fsPath, YELLOW, 'the first frame');
    const blue = await vscode.commands.executeCommand<vscode.Uri>('veoStudio.saveFrame', { video: vscode.Uri.file(job.output!.file), at: 1.5 });
    assertColour(blue.fsPath, BLUE, 'the frame at 1.5 s');
    const red = await vscode.commands.executeCommand<vscode.Uri>('veoStudio.saveFrame', { video: path.relative(workspaceRoot(), job.output!.file), at: 0.5 });
    assertColour(red.fsPath, RED, 'the frame at 0.5 s');
    // The same frame again is the same file, listed once.
    const again = await vscode.commands.executeCommand<vscode.Uri>('veoStudio.saveFrame', { job: job.id, at: 'first' });
    assert.equal(again.fsPath, first.fsPath);
    const sidecar = JSON.parse(fs.readFileSync(job.output!.sidecar!, 'utf8')) as Sidecar;
    assert.equal(sidecar.frames?.length, 4);
  });

  it('fails clearly when the file cannot be decoded, and saves nothing', async () => {
    const broken = path.join(workspaceRoot(), 'videos', 'not-really-a-video.mp4');
    fs.writeFileSync(broken, Buffer.alloc(4096, 7));
    const before = fs.readdirSync(path.join(workspaceRoot(), 'videos', 'frames')).length;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.saveFrame', { video: vscode.Uri.file(broken) })), /could not decode not-really-a-video\.mp4/);
    assert.equal(fs.readdirSync(path.join(workspaceRoot(), 'videos', 'frames')).length, before);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.saveFrame', { job: job.id, at: -1 })), /at is seconds/);
  });

  it('continues from the last frame: an image-to-video job whose image_url is that PNG, under its source', async () => {
    await sim().reset();
    const id = await vscode.commands.executeCommand<string>('veoStudio.continueFromLastFrame', { job: job.id, submit: true, prompt: 'The green light fades to night' });
    const next = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    assert.equal(next.status, 'completed', next.error?.message);
    assert.equal(next.parentId, job.id, 'the continuation hangs under its source');
    assert.equal(next.request.model, 'google/veo-3.1-i2v-fast', 'the same family (fast) on image to video');
    assert.deepEqual(next.request.options, { ...next.request.options, duration: 4, resolution: '720p' }, 'the options carry over');
    const frame = next.request.media.image_url;
    assert.ok(frame?.kind === 'file' && path.dirname(frame.path) === path.join(workspaceRoot(), 'videos', 'frames'), JSON.stringify(frame));
    const posts = await sim().posts();
    assert.equal(posts.length, 1);
    const body = posts[0]!.body as Record<string, unknown>;
    assert.equal(body['model'], 'google/veo-3.1-i2v-fast');
    assert.equal(body['image_url'], `data:image/png;base64,${fs.readFileSync(frame.path).toString('base64')}`, 'the saved PNG is what was sent');
    assertColour(frame.path, GREEN, 'the frame continued from');
    const sidecar = JSON.parse(fs.readFileSync(next.output!.sidecar!, 'utf8')) as Sidecar;
    assert.equal(sidecar.continues, job.id);
    assert.equal(sidecar.extends, undefined);
  });
});
