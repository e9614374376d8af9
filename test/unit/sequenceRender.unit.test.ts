// Rendering a sequence to one MP4 with the real ffmpeg (Debian's, installed by
// test/support/system-deps.sh): stream copy when the clips share their parameters, a
// re-encode with letterboxing when they do not, sound kept (silence for a silent clip),
// progress, and a Cancel that leaves no partial file. Durations are checked with ffprobe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFfmpeg, RenderCancelled, RenderError, renderSequence } from '../../src/core/sequence/render';
import { concatList, ffmpegArgs, parseProgress, planRender } from '../../src/core/sequence/renderPlan';
import { readTakes, sequenceOf } from '../../src/core/sequence/takes';
import type { SequenceClip } from '../../src/core/sequence/sequence';
import { FIXTURES } from '../support/paths';

const clip = (name: string) => path.join(FIXTURES, 'sequence', name);

async function clips(...names: string[]): Promise<SequenceClip[]> {
  const readings = await readTakes(names.map((n, i) => ({ file: clip(n), shotIndex: i, output: `shot-${i + 1}` })));
  return [...sequenceOf('test', readings).clips];
}

function probe(file: string): { duration: number; streams: Array<{ codec_type: string; width?: number; height?: number }> } {
  const out = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,width,height', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out.stdout) as { format: { duration: string }; streams: Array<{ codec_type: string; width?: number; height?: number }> };
  return { duration: Number(json.format.duration), streams: json.streams };
}

describe('sequence: rendering one film', function () {
  let ffmpeg: string | undefined;
  let folder: string;

  before(async function () {
    ffmpeg = await findFfmpeg(undefined);
    if (!ffmpeg) {
      console.log('    (skipped: no ffmpeg on the PATH — bash test/support/system-deps.sh media installs it)');
      this.skip();
    }
  });
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-render-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('plans a stream copy for clips that share codec, size, rate and sound, and a re-encode (with why) otherwise', async () => {
    const same = await clips('shot-4s-24fps.mp4', 'shot-4s-24fps.mp4');
    assert.equal(planRender(same).mode, 'copy');
    const mixed = planRender(await clips('shot-4s-24fps.mp4', 'shot-3s-30fps-256x144.mp4'));
    assert.equal(mixed.mode, 'encode');
    assert.ok(mixed.mode === 'encode' && /^shot-1 and shot-2 differ \((codec|size)/.test(mixed.why), mixed.mode === 'encode' ? mixed.why : '');
    assert.ok(mixed.mode === 'encode' && mixed.target.width === 320 && mixed.target.height === 180);
    assert.match(concatList([{ ...same[0]!, file: "/w/it's.mp4" }]), /^file '\/w\/it'\\''s\.mp4'\n$/);
    assert.throws(() => planRender([]), /nothing to render/);
  });

  it('stream copy: the film lasts the sum of its clips (within a frame), keeps its sound, and never replaces a file', async () => {
    const list = await clips('shot-4s-24fps.mp4', 'shot-4s-24fps.mp4');
    fs.writeFileSync(path.join(folder, 'film.mp4'), 'the person’s own file');
    const fractions: number[] = [];
    const result = await renderSequence({ ffmpeg: ffmpeg!, clips: list, folder, baseName: 'film', onProgress: (f) => fractions.push(f) });
    assert.equal(result.plan.mode, 'copy');
    assert.equal(path.basename(result.file), 'film-2.mp4');
    assert.equal(fs.readFileSync(path.join(folder, 'film.mp4'), 'utf8'), 'the person’s own file');
    const p = probe(result.file);
    assert.ok(Math.abs(p.duration - 8) <= 1 / 24 + 0.03, `duration ${p.duration}`);
    assert.ok(p.streams.some((s) => s.codec_type === 'audio'), 'sound kept');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['film-2.mp4', 'film.mp4'], 'no temp or list file left');
  });

  it('re-encode: different sizes and rates letterboxed to the most common, a silent clip gets silence, and the sum holds', async () => {
    const list = await clips('shot-4s-24fps.mp4', 'shot-3s-30fps-256x144.mp4', 'silent-2s-23976.mp4', 'shot-4s-24fps.mp4');
    const fractions: number[] = [];
    const result = await renderSequence({ ffmpeg: ffmpeg!, clips: list, folder, baseName: 'mixed', onProgress: (f) => fractions.push(f) });
    assert.equal(result.plan.mode, 'encode');
    const expected = result.duration.num / result.duration.den;
    const p = probe(result.file);
    assert.ok(Math.abs(p.duration - expected) <= 1 / 24 + 0.05, `duration ${p.duration}, clips add up to ${expected}`);
    const video = p.streams.find((s) => s.codec_type === 'video')!;
    assert.deepEqual([video.width, video.height], [320, 180]);
    assert.ok(p.streams.some((s) => s.codec_type === 'audio'), 'sound kept, silence where a clip had none');
    assert.ok(fractions.length > 0 && fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]!)), fractions.join(','));
  });

  it('Cancel kills ffmpeg and leaves no partial file', async () => {
    const list = await clips('shot-4s-24fps.mp4', 'shot-3s-30fps-256x144.mp4', 'ext-7s-24fps-faststart.mp4', 'shot-3s-30fps-256x144.mp4');
    const controller = new AbortController();
    const rendering = renderSequence({ ffmpeg: ffmpeg!, clips: list, folder, baseName: 'cancelled', signal: controller.signal, onProgress: () => controller.abort() });
    // Abort at the first progress report, or soon after start on a fast machine.
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(rendering, RenderCancelled);
    assert.deepEqual(fs.readdirSync(folder), [], 'nothing left behind');
  });

  it('a failure carries ffmpeg’s last lines and the command', async () => {
    const list = await clips('shot-4s-24fps.mp4', 'shot-4s-24fps.mp4');
    const broken = [{ ...list[0]!, file: path.join(folder, 'missing.mp4') }, list[1]!];
    await assert.rejects(renderSequence({ ffmpeg: ffmpeg!, clips: broken, folder, baseName: 'broken' }), (e: RenderError) => {
      assert.ok(e instanceof RenderError);
      assert.ok(e.lastLines.length > 0, 'ffmpeg said why');
      assert.match(e.command, /-f concat/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(folder).filter((f) => !f.endsWith('missing.mp4')), []);
  });
});

describe('sequence: render plumbing', () => {
  it('reads ffmpeg’s -progress blocks', () => {
    assert.deepEqual(parseProgress('frame=10\nout_time_us=2000000\nprogress=continue\n', 8), { fraction: 0.25, ended: false });
    assert.deepEqual(parseProgress('out_time_us=9000000\nprogress=end\n', 8), { fraction: 1, ended: true });
    assert.deepEqual(parseProgress('out_time_us=N/A\nprogress=continue\n', 8), { ended: false });
  });

  it('finds a configured ffmpeg only if it can run, else the one on the PATH', async () => {
    assert.equal(await findFfmpeg('/nonexistent/ffmpeg'), undefined);
    assert.equal(await findFfmpeg(undefined, '/nonexistent'), undefined);
  });

  it('the re-encode maps sound only when some clip has it', async () => {
    const silent = await clips('silent-2s-23976.mp4', 'shot-3s-30fps-256x144.mp4');
    const args = ffmpegArgs(planRender([silent[0]!, { ...silent[0]!, media: { ...silent[0]!.media, width: 640 } }]), '/tmp/out.mp4');
    assert.ok(!args.includes('[a]'), args.join(' '));
  });
});
