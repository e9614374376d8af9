// A job's whole life inside a real extension host: key, submit, poll, save, fail, retry,
// cancel — against the simulator over real HTTP.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIXTURES } from '../support/paths';
import { api, env, recordStatuses, sim, useSimKey, waitForJob, workspaceRoot } from './support';

const I2V = 'google/veo-3.1-i2v';

describe('the API key', function () {
  before(async () => {
    await api();
    await sim().reset();
  });

  it('refuses a rejected key without storing it, and asks for a key before generating', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.setApiKey', 'not-a-real-key')), /rejected this key/);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('veoStudio.generate', { model: I2V, prompt: 'x', images: ['images/frame-720p.png'] })),
      /No AI\/ML API key/,
    );
    assert.equal((await sim().posts()).length, 0, 'nothing was submitted');
  });

  it('stores a key the service accepts', async () => {
    assert.equal(await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY')), true);
  });
});

describe('jobs in the extension host', function () {
  this.timeout(60_000);
  useSimKey();

  it('submits, watches and saves: the mp4 is byte-identical to what the CDN served, with its sidecar', async () => {
    await sim().reset();
    const prompt = 'A lighthouse keeper waves <img src=x onerror=alert(1)> as the storm clears';
    const recorder = await recordStatuses((j) => j.request.prompt === prompt);
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', {
      model: I2V,
      prompt,
      images: ['images/frame-720p.png'],
      options: { duration: '6', resolution: '720p' },
    });
    assert.equal(typeof id, 'string');
    const job = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
    recorder.dispose();
    assert.equal(job.status, 'completed', job.error?.message);
    assert.deepEqual(recorder.statuses, ['submitting', 'pending', 'downloading', 'completed']);

    const output = job.output!;
    assert.equal(path.dirname(output.file), path.join(workspaceRoot(), 'videos'));
    assert.match(path.basename(output.file), /^a-lighthouse-keeper-waves-img-src-x-onerror.*\.mp4$/);
    assert.deepEqual(fs.readFileSync(output.file), fs.readFileSync(path.join(FIXTURES, 'sample.mp4')));
    const sidecar = JSON.parse(fs.readFileSync(output!.sidecar!, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar['prompt'], job.request.prompt);
    assert.equal(sidecar['model'], I2V);
    assert.equal(sidecar['jobId'], id);
    assert.equal(sidecar['generationId'], job.generationId);
    assert.deepEqual(sidecar['sources'], { image_url: 'images/frame-720p.png' });
    assert.deepEqual(sidecar['parameters'], { aspect_ratio: '16:9', duration: 6, resolution: '720p', generate_audio: true });

    const requests = await sim().requests();
    const post = (await sim().posts())[0]!;
    const png = fs.readFileSync(path.join(workspaceRoot(), 'images', 'frame-720p.png'));
    assert.deepEqual(post.body, {
      model: I2V,
      prompt: job.request.prompt,
      image_url: `data:image/png;base64,${png.toString('base64')}`,
      aspect_ratio: '16:9',
      duration: 6,
      resolution: '720p',
      generate_audio: true,
    });
    assert.equal(post.headers['x-client-request-id'], id);
    assert.equal(await sim().cdnAuthorizationSeen(), false, 'the API key never reached the video host');
    assert.ok(requests.some((r) => r.origin === 'cdn'));
  });

  it('never overwrites: the same prompt again gets a new file name', async () => {
    const args = { model: 'google/veo-3.1-t2v-fast', prompt: 'Same name twice' };
    const a = await waitForJob(await vscode.commands.executeCommand<string>('veoStudio.generate', args), (j) => j.status === 'completed');
    const b = await waitForJob(await vscode.commands.executeCommand<string>('veoStudio.generate', args), (j) => j.status === 'completed');
    assert.equal(path.basename(a.output!.file), 'same-name-twice.mp4');
    assert.equal(path.basename(b.output!.file), 'same-name-twice-2.mp4');
    assert.ok(fs.existsSync(a.output!.sidecar!) && fs.existsSync(b.output!.sidecar!));
  });

  it("shows the service's reason when a job fails, and retry sends the same body as a new job", async () => {
    await sim().reset();
    await sim().nextJob({ outcome: 'failed', errorMessage: 'The prompt was blocked by the safety filter', queueMs: 0, generateMs: 100 });
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: 'google/veo-3.1-t2v-fast', prompt: 'A forbidden scene', options: { seed: 42 } });
    const failed = await waitForJob(id, (j) => j.status === 'failed');
    assert.match(failed.error!.message, /blocked by the safety filter/);

    await vscode.commands.executeCommand('veoStudio.retryJob', id);
    const veo = await api();
    const retried = veo.jobs().find((j) => j.id !== id && j.request.prompt === 'A forbidden scene')!;
    assert.ok(retried, 'retry made a new job');
    await waitForJob(retried.id, (j) => j.status === 'completed');
    const posts = await sim().posts();
    assert.equal(posts.length, 2);
    assert.deepEqual(posts[1]!.body, posts[0]!.body);
  });

  it('treats 401 while polling as final, with a reason that names the key', async () => {
    await sim().reset();
    await sim().nextJob({ queueMs: 0, generateMs: 60_000 });
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: 'google/veo-3.1-t2v-fast', prompt: 'Key revoked midway' });
    await sim().fault({ on: 'poll', status: 401, times: 5 });
    const job = await waitForJob(id, (j) => j.status === 'failed');
    assert.equal(job.error?.kind, 'auth');
    assert.match(job.error!.message, /API key/);
  });

  it('rides out 503s and a malformed answer while polling, then finishes', async () => {
    await sim().reset();
    await sim().fault({ on: 'poll', status: 503, times: 1 });
    await sim().fault({ on: 'poll', malformed: true, times: 1 });
    await sim().nextJob({ queueMs: 0, generateMs: 500 });
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: 'google/veo-3.1-t2v-fast', prompt: 'Weathering the storm' });
    const job = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    assert.equal(job.status, 'completed', job.error?.message);
  });

  it('cancel stops polling: no further requests for that job', async () => {
    await sim().reset();
    await sim().nextJob({ outcome: 'neverFinishes' });
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', { model: 'google/veo-3.1-t2v-fast', prompt: 'A job nobody waits for' });
    const job = await waitForJob(id, (j) => j.status === 'pending' && j.generationId !== undefined);
    await vscode.commands.executeCommand('veoStudio.refreshJobs');
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('veoStudio.cancelJob', id);
    assert.equal((await api()).jobs().find((j) => j.id === id)?.status, 'cancelled');
    const before = (await sim().requests()).filter((r) => r.query['generation_id'] === job.generationId).length;
    await vscode.commands.executeCommand('veoStudio.refreshJobs');
    await new Promise((r) => setTimeout(r, 4000));
    const after = (await sim().requests()).filter((r) => r.query['generation_id'] === job.generationId).length;
    assert.equal(after, before);
  });

  it('refuses invalid arguments with a ValidationError naming the field, and sends nothing', async () => {
    await sim().reset();
    const cases: Array<[unknown, RegExp]> = [
      [{ model: 'google/veo-9', prompt: 'x' }, /Unknown model "google\/veo-9"/],
      [{ model: I2V, prompt: 'x' }, /image_url/],
      [{ model: I2V, prompt: '   ', images: ['images/frame-720p.png'] }, /prompt/],
      [{ model: 'google/veo-3.1-t2v-fast', prompt: 'x', options: { duration: 5 } }, /duration/],
      [{ model: I2V, prompt: 'x', images: ['images/missing.png'] }, /images\[0\]: There is no file/],
      [{ model: I2V, prompt: 'x', images: ['README.md'] }, /image_url: README\.md is not a PNG, JPEG or WebP image/],
      [{ model: 'google/veo-3.1-t2v-fast', prompt: 'x', images: ['images/frame-720p.png'] }, /images: .* takes no start image/],
      [{ model: 'google/veo-3.1-t2v-fast', prompt: 'x', options: { colour: 'red' } }, /colour/],
    ];
    for (const [args, pattern] of cases) {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.generate', args)), (e: Error) => {
        assert.equal(e.name, 'ValidationError', `${JSON.stringify(args)} → ${e.name}: ${e.message}`);
        assert.match(e.message, pattern);
        return true;
      });
    }
    assert.equal((await sim().posts()).length, 0);
  });
});
