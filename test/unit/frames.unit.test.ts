// Frames under plain Node: their names, the PNG a page sends (checked before a byte is
// written), saving without overwriting and listing in the sidecar, posters in their own
// cache, what a continuation from a frame asks for, and what a sidecar says of takes and
// continuations.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { continuationArgs, continuationModel } from '../../src/core/frames/continuation';
import { frameStem, frameTimeOf, frameTimeText } from '../../src/core/frames/frameName';
import { readSidecar, recordFrame, savedFrames, writeFrameFile } from '../../src/core/frames/frameStore';
import { decodePngDataUrl, FrameError, pngSize } from '../../src/core/frames/png';
import { PosterFiles } from '../../src/core/frames/posterFiles';
import type { Job } from '../../src/core/jobs/job';
import { sidecarFor, type SidecarFrame } from '../../src/core/jobs/sidecar';
import { FIXTURES } from '../support/paths';

const PNG = fs.readFileSync(path.join(FIXTURES, 'small-180p.png'));
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

describe('frames: names', () => {
  it('names a frame after its video and time, sortable, with no colon', () => {
    assert.equal(frameTimeText(5.24), '00-05.240');
    assert.equal(frameTimeText(0), '00-00.000');
    assert.equal(frameTimeText(65.5), '01-05.500');
    assert.equal(frameTimeText(3725.0004), '62-05.000');
    assert.equal(frameStem('/ws/videos/boat.take-2.mp4', 1.9583), 'boat.take-2@00-01.958');
    assert.equal(frameTimeOf('/ws/videos/frames/boat@00-05.240.png'), 5.24);
    assert.equal(frameTimeOf('boat@01-05.500-3.png'), 65.5);
    assert.equal(frameTimeOf('boat.png'), undefined);
  });
});

describe('frames: the PNG a page sends', () => {
  it('decodes a data URL or bare base64 of a whole PNG, with its size', () => {
    const { width, height } = pngSize(PNG);
    const decoded = decodePngDataUrl(dataUrl(PNG));
    assert.deepEqual([decoded.width, decoded.height], [width, height]);
    assert.ok(decoded.bytes.equals(PNG));
    assert.ok(decodePngDataUrl(PNG.toString('base64')).bytes.equals(PNG));
  });

  it('refuses what is not one whole PNG, saying what is wrong', () => {
    const jpeg = fs.readFileSync(path.join(FIXTURES, 'bars-720p.jpg'));
    const refusals: Array<[string, RegExp]> = [
      [`data:image/jpeg;base64,${jpeg.toString('base64')}`, /not a PNG data URL/],
      [`data:image/png;base64,${jpeg.toString('base64')}`, /not a PNG image/],
      ['data:image/png;base64,****', /not valid base64/],
      ['data:image/png;base64,abc', /not valid base64/],
      [dataUrl(PNG.subarray(0, PNG.length - 20)), /cut off/],
      [dataUrl(Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(4), PNG.subarray(20)])), /not a size a video frame can have/],
    ];
    for (const [text, message] of refusals) assert.throws(() => decodePngDataUrl(text), (e: unknown) => e instanceof FrameError && message.test(e.message), text.slice(0, 40));
    assert.throws(() => decodePngDataUrl(dataUrl(PNG), 100), /larger than/);
  });
});

describe('frames: saving and listing', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-frames-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const frame = (file: string, at = 1): SidecarFrame => ({ file, at, width: 320, height: 180, savedAt: '2026-01-01T00:00:00.000Z' });
  const writeSidecar = (extra: object = {}) => {
    const file = path.join(dir, 'boat.json');
    fs.writeFileSync(file, JSON.stringify({ generator: 'Veo Studio', video: 'boat.mp4', prompt: 'p', model: 'm', parameters: {}, sources: {}, jobId: 'j', ...extra }, null, 2));
    return file;
  };

  it('writes a frame under a free name, never over an existing file, creating the folder; the same frame again is that file', async () => {
    const folder = path.join(dir, 'frames');
    const first = await writeFrameFile(folder, 'boat@00-01.000', PNG);
    assert.equal(await writeFrameFile(folder, 'boat@00-01.000', PNG), first, 'the same bytes: not written twice');
    assert.deepEqual(fs.readdirSync(folder), ['boat@00-01.000.png']);
    fs.writeFileSync(path.join(folder, 'boat@00-02.000.png'), 'the person’s own file');
    const second = await writeFrameFile(folder, 'boat@00-02.000', PNG);
    assert.equal(path.basename(first), 'boat@00-01.000.png');
    assert.equal(path.basename(second), 'boat@00-02.000-2.png');
    assert.equal(fs.readFileSync(path.join(folder, 'boat@00-02.000.png'), 'utf8'), 'the person’s own file');
    await assert.rejects(writeFrameFile(folder, '../escape', PNG), RangeError);
  });

  it('lists frames in the sidecar, once each, keeping everything else; two saves at once are both listed', async () => {
    const sidecar = writeSidecar({ cost: { usd: 0.5 } });
    await Promise.all([recordFrame(sidecar, frame('frames/a.png', 1)), recordFrame(sidecar, frame('frames/b.png', 2))]);
    assert.equal(await recordFrame(sidecar, frame('frames/a.png', 1)), true);
    const read = await readSidecar(sidecar);
    assert.deepEqual(read?.frames?.map((f) => f.file).sort(), ['frames/a.png', 'frames/b.png']);
    assert.deepEqual(read?.cost, { usd: 0.5 });
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
  });

  it('does not write into a file that is not a sidecar of ours, or one that is missing', async () => {
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, '{"name":"something else"}');
    assert.equal(await recordFrame(other, frame('frames/a.png')), false);
    assert.equal(fs.readFileSync(other, 'utf8'), '{"name":"something else"}');
    assert.equal(await recordFrame(path.join(dir, 'missing.json'), frame('frames/a.png')), false);
  });

  it('reads back the frames still on disk, and none outside the folder', async () => {
    fs.mkdirSync(path.join(dir, 'frames'));
    fs.writeFileSync(path.join(dir, 'frames', 'kept.png'), PNG);
    const sidecar = writeSidecar({ frames: [frame('frames/kept.png', 1.5), frame('frames/deleted.png'), frame('../../etc/passwd')] });
    const frames = await savedFrames(sidecar);
    assert.deepEqual(frames.map((f) => [f.path, f.at]), [[path.join(dir, 'frames', 'kept.png'), 1.5]]);
  });
});

describe('frames: posters', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-posters-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps one poster per video and size in its own folder, and finds it again after a restart', async () => {
    const posters = new PosterFiles(dir);
    await posters.load();
    assert.equal(posters.get('/ws/videos/a.mp4'), undefined);
    const file = await posters.put('/ws/videos/a.mp4', 1000, PNG);
    assert.equal(path.dirname(file), dir);
    assert.equal(posters.get('/ws/videos/a.mp4', 1000), file);
    assert.equal(posters.get('/ws/videos/a.mp4', 999), undefined, 'a video of another size is another video');
    const replaced = await posters.put('/ws/videos/a.mp4', 2000, PNG);
    assert.equal(fs.existsSync(file), false, 'the old poster goes');
    const again = new PosterFiles(dir);
    await again.load();
    assert.equal(again.get('/ws/videos/a.mp4', 2000), replaced);
  });

  it('treats a broken index as an empty cache', async () => {
    fs.writeFileSync(path.join(dir, 'index.json'), '{not json');
    const posters = new PosterFiles(dir);
    await posters.load();
    assert.equal(posters.get('/ws/a.mp4'), undefined);
  });
});

describe('frames: continuing from one', () => {
  it('continues on image to video in the same family (Fast stays Fast; image and Lite models stay themselves)', () => {
    const cases: Array<[string, string]> = [
      ['google/veo-3.1-t2v-fast', 'google/veo-3.1-i2v-fast'],
      ['google/veo-3.1-t2v', 'google/veo-3.1-i2v'],
      ['google/veo-3.1-i2v', 'google/veo-3.1-i2v'],
      ['google/veo-3.1-first-last-image-to-video-fast', 'google/veo-3.1-i2v-fast'],
      ['google/veo-3.1-reference-to-video', 'google/veo-3.1-i2v'],
      ['google/veo3-1-fast-extend-video', 'google/veo-3.1-i2v-fast'],
      ['google/veo-3.1-lite-generate-001', 'google/veo-3.1-lite-generate-001'],
    ];
    for (const [from, to] of cases) assert.equal(continuationModel(from).id, to, from);
  });

  it('carries over the prompt and the options the new model takes as they are; choices win', () => {
    const source = { model: 'google/veo3-1-extend-video', prompt: 'The boat sails on', options: { duration: 7, resolution: '720p', aspect_ratio: 'auto', generate_audio: false, auto_fix: false } };
    assert.deepEqual(continuationArgs(source, '/ws/videos/frames/boat@00-06.958.png'), {
      model: 'google/veo-3.1-i2v',
      prompt: 'The boat sails on',
      images: ['/ws/videos/frames/boat@00-06.958.png'],
      options: { resolution: '720p', generate_audio: false },
    });
    const chosen = continuationArgs(source, '/f.png', { model: 'google/veo-3.1-first-last-image-to-video', prompt: 'Into the harbour', options: { duration: 8 }, lastImage: 'images/harbour.png' });
    assert.deepEqual(chosen, { model: 'google/veo-3.1-first-last-image-to-video', prompt: 'Into the harbour', images: ['/f.png'], lastImage: 'images/harbour.png', options: { resolution: '720p', generate_audio: false, duration: 8 } });
  });
});

describe('sidecars of takes and continuations', () => {
  const base: Job = { id: 'j2', status: 'completed', createdAt: 0, updatedAt: 0, workspaceFolder: '/ws', request: { model: 'google/veo-3.1-i2v', prompt: 'p', media: { image_url: { kind: 'file', path: '/ws/videos/frames/a@00-01.000.png' } }, options: {} } };

  it('says a job with a parent and no source video continues it, one with a source video extends it', () => {
    assert.equal(sidecarFor({ ...base, parentId: 'j1' }, '/ws/videos/b.mp4', 1, 0).continues, 'j1');
    assert.equal(sidecarFor({ ...base, parentId: 'j1' }, '/ws/videos/b.mp4', 1, 0).extends, undefined);
    const extend: Job = { ...base, parentId: 'j1', request: { ...base.request, media: { video_url: { kind: 'file', path: '/ws/videos/a.mp4' } } } };
    assert.equal(sidecarFor(extend, '/ws/videos/b.mp4', 1, 0).extends, 'j1');
    assert.equal(sidecarFor(extend, '/ws/videos/b.mp4', 1, 0).continues, undefined);
  });

  it('names the shot list (relative to the workspace folder), the shot and the take', () => {
    assert.deepEqual(sidecarFor({ ...base, shotList: { file: '/ws/story/a.veo.json', index: 2, take: 3 } }, '/ws/videos/s.take-3.mp4', 1, 0).shot, { list: 'story/a.veo.json', index: 2, take: 3 });
    assert.deepEqual(sidecarFor({ ...base, shotList: { file: '/ws/a.veo.json', index: 0 } }, '/ws/videos/s.mp4', 1, 0).shot, { list: 'a.veo.json', index: 0 });
  });
});
