// A shot list's chosen takes leaving Veo Studio, inside a real extension host: rendered to
// one MP4 with the real ffmpeg (stream copy when the clips match, a re-encode when a size
// differs, Cancel leaving nothing behind, a clear word when there is no ffmpeg) and exported
// for editors (each format beside the list, never over a file unless told). The takes are
// made by running the list against the simulator; their videos are then replaced with clips
// of known length made by ffmpeg, since the durations are read from the files themselves.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RendersHandle } from '../../src/commands/sequence/renderRuns';
import type { ShotListRunSummary } from '../../src/commands/shotList/generate';
import type { Job } from '../../src/core/jobs/job';
import type { RenderSidecar } from '../../src/core/sequence/renderSidecar';
import { TEST_COMMANDS } from '../../src/platform/ids';
import { tempDir } from '../support/paths';
import { makeClip, probe } from '../support/sequenceClips';
import { until } from '../support/until';
import { api, sim, useSimKey, waitForJob, workspaceRoot, writeList } from './support';

const LIST = {
  defaults: { model: 'google/veo-3.1-t2v-fast', options: { duration: 4, resolution: '720p' }, outputFolder: 'videos/final-cut-takes' },
  shots: [
    { prompt: 'Opening: the harbour at dawn, "quiet" & still', output: 'harbour', takes: 2 },
    { prompt: 'The ferry <leaves> the pier', output: 'ferry' },
    { prompt: 'Gulls follow the wake 🐦', output: 'gulls' },
  ],
};

/** One frame at 24 fps: how close the film's length must be to its clips'. */
const FRAME = 1 / 24;

describe('sequence exports and render', function () {
  this.timeout(240_000);
  let list: string;
  let filmFolder: string;
  /** The video of each shot's chosen take (shot 1: take 1, chosen by the person). */
  let chosen: string[];
  let clips: string;
  const render = () => Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('veoStudio.renderSequence', { shotList: list }));
  const exportAs = (format: string, extra: object = {}) => Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('veoStudio.exportSequence', { shotList: list, format, ...extra }));
  const films = () => fs.readdirSync(filmFolder).filter((n) => n.startsWith('final-cut'));
  const leftovers = () => fs.readdirSync(filmFolder).filter((n) => n.startsWith('.veo-render-'));
  /** The newest notification that starts as given (a job's own notification may come after it). */
  const told = async (start: string) => {
    const found = (await api()).test!.messages().filter((m) => m.message.startsWith(start)).at(-1);
    assert.ok(found, `a notification starting "${start}"`);
    return found;
  };
  const place = (clip: string, shot: number) => fs.copyFileSync(path.join(clips, clip), chosen[shot - 1]!);

  useSimKey();

  before(async () => {
    await sim().reset();
    list = writeList('film/final-cut.veo.json', LIST);
    filmFolder = path.join(workspaceRoot(), 'videos');
    clips = tempDir('sequence-clips');
    // Same size, rate and sound: these stream-copy. 2 + 3 + 4 = 9 s.
    await Promise.all([makeClip(clips, 'two.mp4', { seconds: 2 }), makeClip(clips, 'three.mp4', { seconds: 3 }), makeClip(clips, 'four.mp4', { seconds: 4 })]);
    await makeClip(clips, 'three-small.mp4', { seconds: 3, width: 256, height: 144 });

    const run = await vscode.commands.executeCommand<ShotListRunSummary>('veoStudio.generateShotList', { file: vscode.Uri.file(list), confirm: false });
    assert.deepEqual(run.problems, []);
    const jobs: Job[] = await Promise.all(run.jobIds.map((id) => waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000)));
    for (const job of jobs) assert.equal(job.status, 'completed', job.error?.message);
    // The person chooses take 1 of shot 1 (the newest, take 2, would count otherwise).
    await vscode.commands.executeCommand('veoStudio.chooseTake', { list, shot: 1, take: 1 });
    const of = (index: number, take?: number) => jobs.find((j) => j.shotList?.index === index && (take === undefined || j.shotList.take === take))!.output!.file;
    chosen = [of(0, 1), of(1), of(2)];
    fs.copyFileSync(path.join(clips, 'four.mp4'), of(0, 2));
    place('two.mp4', 1);
    place('three.mp4', 2);
    place('four.mp4', 3);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('veoStudio').update('ffmpegPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('renders the chosen takes by stream copy: as long as the clips within a frame, with sound, and a sidecar of shots and takes', async () => {
    const uri = await render();
    assert.ok(uri, 'the film');
    assert.equal(uri.fsPath, path.join(filmFolder, 'final-cut.mp4'));
    const film = await probe(uri.fsPath);
    assert.ok(Math.abs(film.duration - 9) <= FRAME, `lasts ${film.duration} s, the clips 9 s`);
    assert.ok(film.streams.some((s) => s.codec_type === 'audio'), 'has sound');
    const sidecar = JSON.parse(fs.readFileSync(path.join(filmFolder, 'final-cut.json'), 'utf8')) as RenderSidecar;
    assert.equal(sidecar.mode, 'copy');
    assert.equal(sidecar.shotList, '../film/final-cut.veo.json');
    assert.deepEqual(
      sidecar.shots.map((s) => [s.shot, s.take, s.chosenByPerson, s.video, s.durationSeconds]),
      [
        [1, 1, true, 'final-cut-takes/harbour.take-1.mp4', 2],
        [2, 1, false, 'final-cut-takes/ferry.mp4', 3],
        [3, 1, false, 'final-cut-takes/gulls.mp4', 4],
      ],
    );
    assert.deepEqual(sidecar.leftOut, []);
    console.log(`      stream copy of 3 clips (9 s of film) took ${sidecar.renderSeconds} s`);
    const rendered = await told('Rendered final-cut.mp4');
    assert.match(rendered.message, /^Rendered final-cut\.mp4: 3 shots, 9\.0 s, by stream copy in [\d.]+ s\.$/);
    assert.deepEqual(rendered.items, ['Play', 'Reveal']);
    assert.deepEqual(leftovers(), []);
  });

  it('renders again beside the first film, never over it', async () => {
    const uri = await render();
    assert.equal(uri?.fsPath, path.join(filmFolder, 'final-cut-2.mp4'));
    assert.ok(fs.existsSync(path.join(filmFolder, 'final-cut-2.json')));
    assert.ok(fs.existsSync(path.join(filmFolder, 'final-cut.mp4')));
  });

  it('re-encodes when a clip differs in size: the sidecar says so, the film has the common size and the clips’ length', async () => {
    place('three-small.mp4', 2);
    const uri = await render();
    assert.ok(uri);
    const sidecar = JSON.parse(fs.readFileSync(uri.fsPath.replace(/\.mp4$/, '.json'), 'utf8')) as RenderSidecar;
    assert.equal(sidecar.mode, 're-encode');
    assert.match(sidecar.why ?? '', /size 320×180 vs 256×144/);
    assert.deepEqual(sidecar.target, { width: 320, height: 180, frameRate: '24' });
    const film = await probe(uri.fsPath);
    assert.ok(Math.abs(film.duration - 9) <= FRAME, `lasts ${film.duration} s, the clips 9 s`);
    const video = film.streams.find((s) => s.codec_type === 'video');
    assert.deepEqual([video?.width, video?.height], [320, 180]);
    assert.ok(film.streams.some((s) => s.codec_type === 'audio'), 'has sound');
    console.log(`      re-encode of 3 clips (9 s of film, 320×180) took ${sidecar.renderSeconds} s`);
  });

  it('Cancel stops ffmpeg and leaves no film, no sidecar and no temp file', async () => {
    // Clips big enough that the re-encode lasts a while.
    await Promise.all([
      makeClip(clips, 'busy-a.mp4', { seconds: 8, width: 1280, height: 720, busy: true }),
      makeClip(clips, 'busy-b.mp4', { seconds: 8, width: 1280, height: 720, busy: true }),
      makeClip(clips, 'busy-c.mp4', { seconds: 8, width: 960, height: 540, busy: true }),
    ]);
    place('busy-a.mp4', 1);
    place('busy-b.mp4', 2);
    place('busy-c.mp4', 3);
    const before = films();
    const handle = await vscode.commands.executeCommand<RendersHandle>(TEST_COMMANDS.renders);
    const rendering = render();
    const running = await until('ffmpeg to report progress', () => handle.running().find((r) => r.started && r.shotList === list), { timeoutMs: 60_000 });
    assert.ok(running.fraction < 1, `cancelled at ${running.fraction}`);
    assert.equal(handle.cancelAll(), 1);
    assert.equal(await rendering, undefined);
    assert.deepEqual(handle.running(), []);
    assert.deepEqual(films(), before, 'no new film or sidecar');
    assert.deepEqual(leftovers(), [], 'no temp file and no concat list');
    await told('The render of final-cut was cancelled; nothing was saved.');
  });

  it('without ffmpeg says how to get it, with Open Setting; the exports still work', async () => {
    await vscode.workspace.getConfiguration('veoStudio').update('ffmpegPath', path.join(clips, 'no-such-ffmpeg'), vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(render(), /cannot be run\. Install it \(Debian\/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows and others: ffmpeg\.org/);
      const noFfmpeg = (await api()).test!.messages().filter((m) => /apt install ffmpeg/.test(m.message));
      assert.equal(noFfmpeg.length, 1, 'told once');
      assert.deepEqual(noFfmpeg[0]!.items, ['Open Setting']);
      const exported = await exportAs('edl', { overwrite: true });
      assert.ok(exported && fs.existsSync(exported.fsPath));
    } finally {
      await vscode.workspace.getConfiguration('veoStudio').update('ffmpegPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a failing ffmpeg: its last lines in the message, Show Log, and nothing left behind', async () => {
    // A stand-in that fails as ffmpeg does: a few lines on stderr, then a non-zero exit.
    const fake = path.join(clips, 'failing-ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\necho "Input #0, mov,mp4 from somewhere" >&2\necho "[h264] no frame!" >&2\necho "Conversion failed!" >&2\nexit 1\n', { mode: 0o755 });
    await vscode.workspace.getConfiguration('veoStudio').update('ffmpegPath', fake, vscode.ConfigurationTarget.Global);
    const before = films();
    try {
      await assert.rejects(render(), /The render of final-cut failed: ffmpeg stopped with exit code 1: Conversion failed! ffmpeg said: Input #0, mov,mp4 from somewhere · \[h264\] no frame! · Conversion failed!/);
      const failed = (await api()).test!.messages().filter((m) => /The render of final-cut failed/.test(m.message));
      assert.equal(failed.length, 1, 'told once');
      assert.deepEqual(failed[0]!.items, ['Show Log']);
      assert.deepEqual(films(), before);
      assert.deepEqual(leftovers(), []);
    } finally {
      await vscode.workspace.getConfiguration('veoStudio').update('ffmpegPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('exports each format beside the shot list and answers with its Uri', async () => {
    for (const [format, ext] of [['otio', '.otio'], ['edl', '.edl'], ['fcpxml', '.fcpxml']] as const) {
      const target = path.join(path.dirname(list), `final-cut${ext}`);
      fs.rmSync(target, { force: true });
      const uri = await exportAs(format);
      assert.equal(uri?.fsPath, target, format);
      assert.ok(fs.statSync(target).size > 0, format);
    }
    const otio = JSON.parse(fs.readFileSync(path.join(path.dirname(list), 'final-cut.otio'), 'utf8')) as { OTIO_SCHEMA: string };
    assert.match(otio.OTIO_SCHEMA, /^Timeline\./);
    assert.match(fs.readFileSync(path.join(path.dirname(list), 'final-cut.fcpxml'), 'utf8'), /<fcpxml version="1\.10">/);
    assert.match(fs.readFileSync(path.join(path.dirname(list), 'final-cut.edl'), 'utf8'), /^TITLE: /);
    const exported = await told('Exported final-cut.fcpxml');
    assert.equal(exported.message, 'Exported final-cut.fcpxml (3 shots).');
    assert.deepEqual(exported.items, ['Open', 'Reveal']);
  });

  it('never exports over an existing file without overwrite: true, and replaces it with it', async () => {
    const target = path.join(path.dirname(list), 'final-cut.otio');
    fs.writeFileSync(target, 'the editor’s own timeline\n');
    await assert.rejects(exportAs('otio'), /final-cut\.otio already exists and was kept; pass "overwrite": true to replace it\./);
    await assert.rejects(exportAs('otio', { overwrite: false }), /already exists and was kept/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'the editor’s own timeline\n');
    const uri = await exportAs('otio', { overwrite: true });
    assert.equal(uri?.fsPath, target);
    assert.match(fs.readFileSync(target, 'utf8'), /"OTIO_SCHEMA": "Timeline\./);
    assert.deepEqual(fs.readdirSync(path.dirname(list)).filter((n) => n.endsWith('.tmp')), [], 'no temp file left');
  });

  it('says which shots it left out and why', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(list));
    const text = document.getText();
    const doc = JSON.parse(text) as typeof LIST;
    doc.shots.push({ prompt: 'Closing: the harbour at night', output: 'night' });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), JSON.stringify(doc, null, 2) + '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    await exportAs('edl', { overwrite: true });
    assert.equal((await told('Exported final-cut.edl')).message, 'Exported final-cut.edl (3 shots). Left out: shot 4 (not generated yet).');
  });

  it('refuses an unknown format, naming the ones there are', async () => {
    await assert.rejects(exportAs('aaf'), /"aaf" is not an export format; use one of otio, edl, fcpxml\./);
  });
});
