// The arithmetic the three exports share (exact fractions, frames on a timeline, timecode,
// the timeline's format), the bridge from a saved video's sidecar, and the one export call.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Sidecar } from '../../src/core/jobs/sidecar';
import { exportFileFor, exportSequence, isExportFormat, sequenceTitle } from '../../src/core/sequence/exports';
import { readMp4Facts } from '../../src/core/sequence/mp4Reader';
import { add, compare, floorToInteger, formatRational, multiply, rational, roundToInteger, subtract } from '../../src/core/sequence/rational';
import { clipFromSidecar, dominantFormat, framesAt, layOut, sharedRate, timecode, timecodeBase, type SequenceClip } from '../../src/core/sequence/sequence';
import { readTakes, sequenceOf } from '../../src/core/sequence/takes';
import { FIXTURES, tempDir } from '../support/paths';
import { OTIO_FILE, threeShots } from '../support/sequenceShots';

const fixture = (name: string) => readMp4Facts(path.join(FIXTURES, 'sequence', name));
const clip = (media: SequenceClip['media'], shotIndex: number): SequenceClip => ({ file: `/v/${shotIndex}.mp4`, media, shotIndex, output: String(shotIndex), prompt: '', model: 'm' });

describe('sequence: timeline arithmetic and the export call', () => {
  it('keeps times and rates as exact, reduced fractions', () => {
    assert.deepEqual(rational(49152, 12288), { num: 4, den: 1 });
    assert.deepEqual(rational(48048n, 24000n), { num: 1001, den: 500 });
    assert.deepEqual(rational(3, -6), { num: -1, den: 2 });
    assert.deepEqual(add(rational(1, 3), rational(1, 6)), { num: 1, den: 2 });
    assert.deepEqual(subtract(rational(1, 3), rational(1, 2)), { num: -1, den: 6 });
    assert.deepEqual(multiply(rational(1001, 500), rational(24, 1)), { num: 6006, den: 125 });
    assert.equal(compare(rational(24000, 1001), rational(24)), -1);
    assert.equal(floorToInteger(rational(6006, 125)), 48);
    assert.equal(floorToInteger(rational(-1, 2)), -1);
    assert.equal(roundToInteger(rational(24000, 1001)), 24);
    assert.equal(roundToInteger(rational(5, 2)), 3);
    assert.equal(formatRational(rational(30000, 1001)), '30000/1001');
    assert.equal(formatRational(rational(24)), '24');
    assert.throws(() => rational(1, 0), /denominator 0/);
    // A 64-bit duration of nanoseconds reduces, rather than losing digits on the way.
    assert.deepEqual(rational(7n * 1_000_000_000_000n, 1_000_000_000_000n), { num: 7, den: 1 });
  });

  it('fills a timeline with whole frames: its own count at its own rate, never more than the video holds at another', async () => {
    const [four, ntsc, thirty] = await Promise.all([fixture('shot-4s-24fps.mp4'), fixture('silent-2s-23976.mp4'), fixture('shot-3s-30fps-256x144.mp4')]);
    assert.equal(framesAt(clip(ntsc, 0), ntsc.frameRate), 48);
    assert.equal(framesAt(clip(ntsc, 0), rational(24)), 48);
    assert.equal(framesAt(clip(ntsc, 0), rational(30)), 60);
    assert.equal(framesAt(clip(thirty, 0), rational(24)), 72);
    assert.equal(framesAt(clip(four, 0), rational(30000, 1001)), 119);
    assert.deepEqual(layOut([clip(four, 0), clip(thirty, 1)], rational(24)).map((p) => [p.start, p.frames]), [[0, 96], [96, 72]]);
    assert.deepEqual(sharedRate([clip(ntsc, 0), clip(ntsc, 1)]), { num: 24000, den: 1001 });
    assert.deepEqual(sharedRate([clip(four, 0), clip(thirty, 1)]), { num: 24, den: 1 });
    assert.deepEqual(dominantFormat([clip(thirty, 0), clip(four, 1), clip(four, 2)]), { frameRate: { num: 24, den: 1 }, width: 320, height: 180 });
    assert.deepEqual(dominantFormat([clip(thirty, 0), clip(four, 1)]).frameRate, { num: 30, den: 1 });
  });

  it('writes non-drop timecode, counting NTSC rates by their whole frames', () => {
    assert.equal(timecodeBase(rational(24000, 1001)), 24);
    assert.equal(timecodeBase(rational(30000, 1001)), 30);
    assert.equal(timecode(0, 24), '00:00:00:00');
    assert.equal(timecode(86400 + 23, 24), '01:00:00:23');
    assert.equal(timecode(3600 * 30 + 61 * 30 + 29, 30), '01:01:01:29');
    assert.throws(() => timecode(24 * 3600 * 24, 24), /do not fit in a day/);
  });

  it("takes a clip's prompt, model, seed, job and cost from the sidecar beside its video", async () => {
    const media = await fixture('shot-4s-24fps.mp4');
    const sidecar: Sidecar = {
      generator: 'Veo Studio', video: 'shot-01.mp4', prompt: 'A paper boat', model: 'google/veo-3.1-t2v', parameters: { seed: 42, duration: 8 }, sources: {},
      jobId: 'job-9', createdAt: '2025-01-01T00:00:00.000Z', savedAt: '2025-01-01T00:01:00.000Z', bytes: 100, cost: { usd: 0.4, credits: 800 },
    };
    assert.deepEqual(clipFromSidecar('/p/videos/shot-01.mp4', media, 2, sidecar), {
      file: '/p/videos/shot-01.mp4', media, shotIndex: 2, output: 'shot-01', prompt: 'A paper boat', model: 'google/veo-3.1-t2v', seed: 42, jobId: 'job-9', costUsd: 0.4,
    });
    const bare = clipFromSidecar('C:\\p\\take.mp4', media, 0, { ...sidecar, parameters: { seed: 'random' }, cost: { credits: 5 } }, 'opening');
    assert.equal(bare.output, 'opening');
    assert.equal('seed' in bare, false);
    assert.equal('costUsd' in bare, false);
  });

  it('reads each take with its sidecar, and hands back the ones it cannot read with their error', async () => {
    const dir = tempDir('takes');
    try {
      const video = (name: string, from: string) => {
        fs.copyFileSync(path.join(FIXTURES, from), path.join(dir, name));
        return path.join(dir, name);
      };
      const first = video('shot-01.mp4', 'sequence/shot-4s-24fps.mp4');
      fs.writeFileSync(path.join(dir, 'shot-01.json'), JSON.stringify({ generator: 'Veo Studio', video: 'shot-01.mp4', prompt: 'From the sidecar', model: 'google/veo-3.1-t2v', parameters: { seed: 5 }, jobId: 'job-1' }));
      const second = video('shot-02.mp4', 'sequence/ext-7s-24fps-faststart.mp4');
      const picture = video('shot-03.mp4', 'frame-720p.png');
      const missing = path.join(dir, 'shot-04.mp4');
      const readings = await readTakes([
        { file: first, shotIndex: 0, prompt: 'From the shot list' },
        { file: second, shotIndex: 1, output: 'ending', prompt: 'From the shot list', model: 'google/veo-3.1-extend' },
        { file: picture, shotIndex: 2 },
        { file: missing, shotIndex: 3 },
      ]);
      assert.deepEqual(readings.map((r) => r.clip && [r.clip.output, r.clip.prompt, r.clip.model, r.clip.seed, r.clip.jobId, r.clip.media.frameCount]), [
        ['shot-01', 'From the sidecar', 'google/veo-3.1-t2v', 5, 'job-1', 96],
        ['ending', 'From the shot list', 'google/veo-3.1-extend', undefined, undefined, 168],
        undefined,
        undefined,
      ]);
      assert.deepEqual(readings.map((r) => r.error?.kind), [undefined, undefined, 'not-mp4', 'unreadable']);
      assert.deepEqual(sequenceOf('story', readings).clips.map((c) => c.shotIndex), [0, 1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the export after the shot list, beside it, and writes the format asked for', async () => {
    assert.equal(sequenceTitle('/p/story/storyboard.veo.json'), 'storyboard');
    assert.equal(sequenceTitle('/p/story/Act 1.VEO.JSON'), 'Act 1');
    assert.equal(exportFileFor('/p/story/storyboard.veo.json', 'otio'), path.join('/p/story', 'storyboard.otio'));
    assert.equal(exportFileFor('/p/story/storyboard.veo.json', 'edl'), path.join('/p/story', 'storyboard.edl'));
    assert.equal(exportFileFor('/p/story/storyboard.veo.json', 'fcpxml'), path.join('/p/story', 'storyboard.fcpxml'));
    assert.equal(isExportFormat('fcpxml'), true);
    assert.equal(isExportFormat('aaf'), false);
    const sequence = await threeShots();
    assert.match(exportSequence('otio', sequence, OTIO_FILE), /"target_url": "videos\/shot-01\.mp4"/);
    assert.match(exportSequence('edl', sequence, '/x.edl'), /^TITLE: /);
    assert.match(exportSequence('fcpxml', sequence, '/x.fcpxml'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE fcpxml>\n<fcpxml version="1\.10">/);
    assert.throws(() => exportSequence('edl', { title: 't', clips: [] }, '/x.edl'), /nothing to export/);
  });
});
