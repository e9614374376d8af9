// The MP4 box reader: durations, rates, sizes and sound read from the files themselves,
// reading only box headers and the index, whatever the layout.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMoov, type ByteSource } from '../../src/core/sequence/mp4Boxes';
import { Mp4Error } from '../../src/core/sequence/mp4Errors';
import { readMp4Facts, readMp4FactsFrom, type Mp4Facts } from '../../src/core/sequence/mp4Reader';
import { FIXTURES, tempDir } from '../support/paths';

const SEQUENCE = path.join(FIXTURES, 'sequence');
const fixture = (name: string) => path.join(SEQUENCE, name);

/** Random access over pieces laid end to end; a `hole` is a stretch that must never be read (an mdat). */
type Piece = Buffer | { readonly hole: number };

function piecesSource(pieces: readonly Piece[]): ByteSource & { readonly bytesRead: () => number } {
  const length = (p: Piece) => (Buffer.isBuffer(p) ? p.length : p.hole);
  const size = pieces.reduce((sum, p) => sum + length(p), 0);
  let bytesRead = 0;
  return {
    size,
    bytesRead: () => bytesRead,
    async read(position, wanted) {
      const end = Math.min(size, position + wanted);
      const out: Buffer[] = [];
      let at = 0;
      for (const piece of pieces) {
        const from = Math.max(position, at);
        const to = Math.min(end, at + length(piece));
        if (from < to) {
          if (!Buffer.isBuffer(piece)) throw new Error(`read ${to - from} bytes of media data at ${from}`);
          out.push(piece.subarray(from - at, to - at));
        }
        at += length(piece);
      }
      const result = Buffer.concat(out);
      bytesRead += result.length;
      return result;
    },
  };
}

/** The top-level boxes of a file, found independently of the reader: [type, offset, size]. */
function topLevel(file: Buffer): Array<[string, number, number]> {
  const boxes: Array<[string, number, number]> = [];
  for (let at = 0; at < file.length; ) {
    const size = file.readUInt32BE(at);
    boxes.push([file.toString('latin1', at + 4, at + 8), at, size]);
    at += size;
  }
  return boxes;
}

function box(type: string, content: Buffer, largeSize = false): Buffer {
  const header = Buffer.alloc(largeSize ? 16 : 8);
  header.write(type, 4, 'latin1');
  if (largeSize) {
    header.writeUInt32BE(1, 0);
    header.writeBigUInt64BE(BigInt(16 + content.length), 8);
  } else {
    header.writeUInt32BE(8 + content.length, 0);
  }
  return Buffer.concat([header, content]);
}

function part(file: Buffer, type: string): Buffer {
  const found = topLevel(file).find(([t]) => t === type)!;
  return file.subarray(found[1], found[1] + found[2]);
}

const summary = (f: Mp4Facts) => ({
  duration: `${f.duration.num}/${f.duration.den}`,
  frames: f.frameCount,
  rate: `${f.frameRate.num}/${f.frameRate.den}`,
  constant: f.constantFrameRate,
  size: `${f.width}x${f.height}`,
  codec: f.videoCodecString,
  audio: f.audio ? `${f.audio.codecString} ${f.audio.sampleRate} Hz ${f.audio.channels} ch` : 'none',
});

describe('sequence: reading MP4 files', () => {
  // What `ffprobe -show_streams -show_format` said when the fixtures were made (make.sh):
  //   shot-4s-24fps.mp4            avc1 320x180 24/1, 1/12288, 49152 ticks = 4.000000 s, 96 frames; aac 44100 Hz mono; moov after mdat
  //   ext-7s-24fps-faststart.mp4   avc1 320x180 24/1, 1/12288, 86016 ticks = 7.000000 s, 168 frames; aac 48000 Hz mono; moov first
  //   shot-3s-30fps-256x144.mp4    avc1 256x144 30/1, 1/15360, 46080 ticks = 3.000000 s, 90 frames; aac 44100 Hz mono
  //   silent-2s-23976.mp4          avc1 320x180 24000/1001, 1/24000, 48048 ticks = 2.002000 s, 48 frames; no audio
  //   trimmed-copy.mp4             avc1 320x180 24/1, 86 frames stored, duration 2.375000 s (the edit list's); aac 48000 Hz mono
  //   ../sample.mp4 (the CDN's)    avc1 (Constrained Baseline) 320x180 24/1, 1/12288, 24576 ticks = 2.000000 s, 48 frames; aac 44100 Hz mono
  const cases: Array<[string, ReturnType<typeof summary>]> = [
    ['shot-4s-24fps.mp4', { duration: '4/1', frames: 96, rate: '24/1', constant: true, size: '320x180', codec: 'avc1.640015', audio: 'mp4a.40.2 44100 Hz 1 ch' }],
    ['ext-7s-24fps-faststart.mp4', { duration: '7/1', frames: 168, rate: '24/1', constant: true, size: '320x180', codec: 'avc1.640015', audio: 'mp4a.40.2 48000 Hz 1 ch' }],
    ['shot-3s-30fps-256x144.mp4', { duration: '3/1', frames: 90, rate: '30/1', constant: true, size: '256x144', codec: 'avc1.64000c', audio: 'mp4a.40.2 44100 Hz 1 ch' }],
    ['silent-2s-23976.mp4', { duration: '1001/500', frames: 48, rate: '24000/1001', constant: true, size: '320x180', codec: 'avc1.640015', audio: 'none' }],
    // 2.375 s at 24 fps is 57 frames that play, of the 86 stored.
    ['trimmed-copy.mp4', { duration: '19/8', frames: 57, rate: '24/1', constant: true, size: '320x180', codec: 'avc1.640015', audio: 'mp4a.40.2 48000 Hz 1 ch' }],
    ['../sample.mp4', { duration: '2/1', frames: 48, rate: '24/1', constant: true, size: '320x180', codec: 'avc1.42c015', audio: 'mp4a.40.2 44100 Hz 1 ch' }],
  ];
  for (const [name, expected] of cases) {
    it(`reads ${name}: ${expected.duration} s, ${expected.rate} fps, ${expected.size}, audio ${expected.audio}`, async () => {
      const facts = await readMp4Facts(fixture(name));
      assert.deepEqual(summary(facts), expected);
      assert.equal(facts.videoCodec, 'avc1');
    });
  }

  it('gives the track timescale and the movie length, which a lossless join compares', async () => {
    const facts = await readMp4Facts(fixture('shot-3s-30fps-256x144.mp4'));
    assert.equal(facts.videoTimescale, 15360);
    assert.deepEqual(facts.movieDuration, { num: 3, den: 1 });
    assert.deepEqual(facts.audio, { codec: 'mp4a', codecString: 'mp4a.40.2', sampleRate: 44100, channels: 1 });
  });

  it('reads only box headers and the index, with the index first or last', async () => {
    for (const name of ['shot-4s-24fps.mp4', 'ext-7s-24fps-faststart.mp4']) {
      const bytes = fs.readFileSync(fixture(name));
      const boxes = topLevel(bytes);
      // The same file, with every mdat's content made unreadable.
      const source = piecesSource(boxes.flatMap(([type, at, size]) => (type === 'mdat' ? [bytes.subarray(at, at + 8), { hole: size - 8 }] : [bytes.subarray(at, at + size)])));
      const facts = await readMp4FactsFrom(name, source);
      assert.equal(facts.width, 320);
      const moov = boxes.find(([t]) => t === 'moov')!;
      const headersBefore = boxes.filter(([, at]) => at < moov[1]).length;
      assert.ok(source.bytesRead() <= moov[2] + 16 * (headersBefore + 1), `${name}: read ${source.bytesRead()} bytes for a ${moov[2]}-byte index`);
    }
  });

  it('skips a 6 GB mdat with a 64-bit size, reads a 64-bit moov, and takes size 0 as "to the end"', async () => {
    const bytes = fs.readFileSync(fixture('shot-4s-24fps.mp4'));
    const ftyp = part(bytes, 'ftyp');
    const moovContent = part(bytes, 'moov').subarray(8);
    const hugeMdat = 6 * 1024 ** 3;
    const mdatHeader = Buffer.alloc(16);
    mdatHeader.writeUInt32BE(1, 0);
    mdatHeader.write('mdat', 4, 'latin1');
    mdatHeader.writeBigUInt64BE(BigInt(16 + hugeMdat), 8);
    const last = piecesSource([ftyp, mdatHeader, { hole: hugeMdat }, box('moov', moovContent, true)]);
    assert.equal(last.size > 2 ** 32, true);
    assert.deepEqual((await readMp4FactsFrom('huge.mp4', last)).duration, { num: 4, den: 1 });
    assert.ok(last.bytesRead() < moovContent.length + 100);

    // moov first, then an mdat whose size field is 0: it runs to the end of the file.
    const toEnd = Buffer.alloc(8);
    toEnd.write('mdat', 4, 'latin1');
    const first = piecesSource([ftyp, box('moov', moovContent), toEnd, { hole: hugeMdat }]);
    assert.equal((await readMp4FactsFrom('streamed.mp4', first)).frameCount, 96);
  });

  it('says clearly what is wrong with a file that is not a usable video', async () => {
    const dir = tempDir('mp4');
    try {
      const expectError = async (file: string, kind: Mp4Error['kind'], message: RegExp) => {
        await assert.rejects(readMp4Facts(file), (e: unknown) => e instanceof Mp4Error && e.kind === kind && e.file === file && message.test(e.message));
      };
      await expectError(path.join(FIXTURES, 'frame-720p.png'), 'not-mp4', /^frame-720p\.png is not an MP4 video/);
      await expectError(fixture('sound-only.m4a'), 'no-video', /sound-only\.m4a is not a video: it holds sound only/);
      await expectError(path.join(dir, 'missing.mp4'), 'unreadable', /missing\.mp4 could not be read: it was not found/);
      await expectError(dir, 'unreadable', /is not a file/);

      fs.writeFileSync(path.join(dir, 'empty.mp4'), '');
      await expectError(path.join(dir, 'empty.mp4'), 'no-moov', /empty\.mp4 is empty \(0 bytes\)/);
      // A download cut short: the moov after the mdat never arrived.
      const whole = fs.readFileSync(fixture('shot-4s-24fps.mp4'));
      fs.writeFileSync(path.join(dir, 'cut.mp4'), whole.subarray(0, 10_000));
      await expectError(path.join(dir, 'cut.mp4'), 'no-moov', /cut\.mp4 has no index \(moov box\): it is cut short/);
      fs.writeFileSync(path.join(dir, 'cut-index.mp4'), whole.subarray(0, whole.length - 100));
      await expectError(path.join(dir, 'cut-index.mp4'), 'no-moov', /its index \(moov\) ends after the end of the file/);
      fs.writeFileSync(path.join(dir, 'text.mp4'), 'hello, this is not a video at all');
      await expectError(path.join(dir, 'text.mp4'), 'not-mp4', /does not start with an MP4 box/);

      // An mvhd claiming more bytes than its moov holds.
      const broken = Buffer.from(whole);
      const moovAt = topLevel(broken).find(([t]) => t === 'moov')![1];
      broken.writeUInt32BE(0x7fff0000, moovAt + 8);
      fs.writeFileSync(path.join(dir, 'broken.mp4'), broken);
      await expectError(path.join(dir, 'broken.mp4'), 'malformed', /broken\.mp4 is a damaged MP4 file: the 'mvhd' box overruns its parent/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands back the index of a file with the moov first without reading past it', async () => {
    const bytes = fs.readFileSync(fixture('ext-7s-24fps-faststart.mp4'));
    const [, moovAt, moovSize] = topLevel(bytes).find(([t]) => t === 'moov')!;
    const source = piecesSource([bytes.subarray(0, moovAt + moovSize), { hole: bytes.length - moovAt - moovSize }]);
    const moov = await readMoov('ext.mp4', source);
    assert.equal(moov.length, moovSize - 8);
    assert.equal(moov.toString('latin1', 4, 8), 'mvhd');
  });
});
