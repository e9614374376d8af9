// Shot lists inside a real extension host, against the simulator: a three-shot list runs
// with at most veoStudio.maxConcurrentJobs on the service at once and all three videos land;
// an invalid list sends nothing and every problem reaches the Problems panel; a sidecar
// saved as a shot generates the same request again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isActive, type Job } from '../../src/core/jobs/job';
import type { ShotListRunSummary } from '../../src/commands/shotList/generate';
import { api, env, sim, waitForJob, workspaceRoot, writeList } from './support';

const I2V = 'google/veo-3.1-i2v';
const T2V = 'google/veo-3.1-t2v-fast';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('shot lists in the extension host', function () {
  this.timeout(90_000);
  const config = () => vscode.workspace.getConfiguration('veoStudio');

  before(async () => {
    await api();
    await vscode.commands.executeCommand('veoStudio.setApiKey', env('VEO_SIM_KEY'));
    await config().update('maxConcurrentJobs', 2, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('maxConcurrentJobs', undefined, vscode.ConfigurationTarget.Global);
  });

  it('generates a 3-shot list with at most maxConcurrentJobs (2) active at once; all three videos land', async () => {
    await sim().reset();
    const file = writeList('storyboard/three.veo.json', {
      defaults: { model: I2V, options: { resolution: '720p', duration: 4 }, outputFolder: 'videos/host-shots' },
      shots: [
        { prompt: 'Shot one: the frame comes alive', images: ['images/frame-720p.png'], output: 'opening' },
        { prompt: 'Shot two: a wide empty beach', model: T2V, options: { duration: 6 } },
        { prompt: 'Shot three: colour bars dissolve', images: ['images/bars-720p.jpg'], output: 'closing' },
      ],
    });
    const veo = await api();
    let active = 0;
    let maxActive = 0;
    const ours = (j: Job) => j.shotList?.file === file;
    const sub = veo.onDidChangeJobs(() => {
      active = veo.jobs().filter((j) => ours(j) && isActive(j)).length;
      maxActive = Math.max(maxActive, active);
    });
    try {
      const result = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: 'storyboard/three.veo.json', confirm: false });
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.failed, []);
      assert.deepEqual(result.notSent, []);
      assert.equal(result.jobIds.length, 3);
      const jobs = await Promise.all(result.jobIds.map((id) => waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000)));
      for (const job of jobs) assert.equal(job.status, 'completed', job.error?.message);
      assert.deepEqual(jobs.map((j) => j.shotList), [0, 1, 2].map((index) => ({ file, index })));

      const folder = path.join(workspaceRoot(), 'videos', 'host-shots');
      assert.deepEqual(jobs.map((j) => path.relative(folder, j.output!.file)), ['opening.mp4', 'shot-two-a-wide-empty-beach.mp4', 'closing.mp4']);
      for (const job of jobs) assert.ok(fs.existsSync(job.output!.file) && fs.existsSync(job.output!.sidecar!));

      const posts = (await sim().requests()).filter((r) => r.method === 'POST');
      assert.equal(posts.length, 3, 'one POST per shot');
      // The first two go out together (in either order); the third after them.
      const bodies = posts.map((p) => p.body as Record<string, unknown>).sort((a, b) => String(a['prompt']).localeCompare(String(b['prompt'])));
      assert.equal((posts[2]!.body as Record<string, unknown>)['prompt'], 'Shot three: colour bars dissolve');
      assert.deepEqual(bodies.map((b) => [b['model'], b['duration'], b['resolution']]), [
        [I2V, 4, '720p'],
        [I2V, 4, '720p'],
        [T2V, 6, '720p'],
      ]);
      assert.equal(maxActive, 2, 'two at once, never three');
      // The third was sent only after one of the first two had ended.
      const firstEnd = Math.min(...jobs.slice(0, 2).map((j) => j.finishedAt!));
      assert.ok(jobs[2]!.createdAt >= firstEnd, 'the third shot waited for a free slot');
    } finally {
      sub.dispose();
    }
  });

  it('an invalid shot list sends nothing and reports every problem, in the Problems panel too', async () => {
    await sim().reset();
    const file = writeList('storyboard/broken.veo.json', {
      shots: [
        { prompt: 'fine', model: T2V },
        { prompt: 'unknown model', model: 'google/veo-9' },
        { prompt: 'bad duration and a sneaky name', model: T2V, options: { duration: 5 }, output: '../../outside' },
        { prompt: 'needs its image', model: I2V },
        { prompt: 'missing image', model: I2V, images: ['images/nowhere.png'] },
      ],
    });
    const result = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: vscode.Uri.file(file), confirm: false });
    const expected = [
      /^Shot 2 · model: Unknown model "google\/veo-9"/,
      /^Shot 3 · options\.duration: Duration must be one of 4, 6, 8; got 5\./,
      /^Shot 3 · output: .*contains "\.\."/,
      /^Shot 4: Image: .* is required/,
      /^Shot 5 · images\[0\]: There is no file "images\/nowhere\.png"/,
    ];
    assert.equal(result.problems.length, expected.length, result.problems.join('\n'));
    expected.forEach((pattern, i) => assert.match(result.problems[i]!, pattern));
    assert.deepEqual(result.jobIds, []);
    assert.equal((await sim().requests()).filter((r) => r.method === 'POST').length, 0, 'nothing was sent');
    assert.equal((await api()).jobs().filter((j) => j.shotList?.file === file).length, 0);

    const uri = vscode.Uri.file(file);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => d.message), result.problems);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'Veo Studio'));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(diagnostics[0]!.range), '"google/veo-9"');

    // Fixing the file and saving it clears the problems.
    const fixed = JSON.stringify({ shots: [{ prompt: 'fine', model: T2V }] }, null, 2) + '\n';
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), fixed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    await until('the problems to clear', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
  });

  it('Save as Shot round-trips a sidecar: the new list sends the same request again, and never overwrites', async () => {
    await sim().reset();
    const id = await vscode.commands.executeCommand<string>('veoStudio.generate', {
      model: I2V,
      prompt: 'A paper boat <b>drifts</b> down a rainy street',
      images: ['images/frame-720p.png'],
      options: { duration: 6, resolution: '720p', aspect_ratio: '9:16', generate_audio: false },
    });
    const job = await waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(job.status, 'completed', job.error?.message);
    const stem = path.basename(job.output!.file, '.mp4');

    const saved = await vscode.commands.executeCommand<string>('veoStudio.saveAsShot', vscode.Uri.file(job.output!.sidecar!));
    assert.equal(saved, path.join(path.dirname(job.output!.file), `${stem}.veo.json`));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, saved, 'the new shot list is open');
    assert.deepEqual(JSON.parse(fs.readFileSync(saved, 'utf8')), {
      shots: [
        {
          prompt: job.request.prompt,
          model: I2V,
          images: ['images/frame-720p.png'],
          options: { aspect_ratio: '9:16', duration: 6, resolution: '720p', generate_audio: false },
          output: stem,
        },
      ],
    });
    const again = await vscode.commands.executeCommand<string>('veoStudio.saveAsShot', job.id);
    assert.equal(path.basename(again), `${stem}-2.veo.json`, 'from the job too, under a new name');

    const result = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: vscode.Uri.file(saved), confirm: false });
    assert.deepEqual(result.problems, []);
    const second = await waitForJob(result.jobIds[0]!, (j) => j.status === 'completed' || j.status === 'failed');
    assert.equal(second.status, 'completed', second.error?.message);
    assert.equal(path.basename(second.output!.file), `${stem}-2.mp4`);
    const posts = (await sim().requests()).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 2);
    assert.deepEqual(posts[1]!.body, posts[0]!.body, 'the same body as the original');
  });

  it('refuses a .json file that is not a sidecar', async () => {
    const file = path.join(workspaceRoot(), 'not-a-sidecar.json');
    fs.writeFileSync(file, '{ "name": "something else" }\n');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('veoStudio.saveAsShot', vscode.Uri.file(file), {})), /not a Veo Studio sidecar/);
  });
});
