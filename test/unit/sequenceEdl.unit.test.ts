// The CMX 3600 EDL export: its exact text for the 3-shot list, the same list read back
// into events by an independent parser, and the rules for rate and text.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { COMMENT_LIMIT, edlText, toEdl } from '../../src/core/sequence/edl';
import { readMp4Facts } from '../../src/core/sequence/mp4Reader';
import type { Sequence, SequenceClip } from '../../src/core/sequence/sequence';
import { FIXTURES } from '../support/paths';
import { threeShots } from '../support/sequenceShots';

// 24 fps timecode: the clips run at 24 and 30 fps. The 30 fps clip's 3 s are 72 frames of it.
const GOLDEN = `TITLE: Storyboard "Act 1" <draft> & more ?
FCM: NON-DROP FRAME

001  AX       V     C        00:00:00:00 00:00:04:00 01:00:00:00 01:00:04:00
* FROM CLIP NAME: shot-01.mp4
* COMMENT: She says "hello" & waves <softly> ?

002  AX       V     C        00:00:00:00 00:00:07:00 01:00:04:00 01:00:11:00
* FROM CLIP NAME: shot-02 (ext).mp4
* COMMENT: Line one Line two - a tab, 'curly' quotes, creme brulee...

003  AX       V     C        00:00:00:00 00:00:03:00 01:00:11:00 01:00:14:00
* FROM CLIP NAME: cafe #4.mp4
* COMMENT: <script>alert('x')</script> & ??? family ? end
`;

interface EdlEvent {
  readonly number: number;
  readonly reel: string;
  readonly track: string;
  readonly transition: string;
  readonly times: readonly [number, number, number, number];
  readonly comments: string[];
}

/** A CMX 3600 reader of our own: title, FCM and the events with their comment lines. */
function parseEdl(text: string, base: number): { title: string; fcm: string; events: EdlEvent[] } {
  const frames = (tc: string) => {
    const [h, m, s, f] = tc.split(':').map(Number) as [number, number, number, number];
    assert.ok(f < base && s < 60 && m < 60, `${tc} is a valid timecode at ${base} fps`);
    return ((h * 60 + m) * 60 + s) * base + f;
  };
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the text ends with a line break');
  let title = '';
  let fcm = '';
  const events: EdlEvent[] = [];
  for (const line of lines) {
    assert.match(line, /^[\x20-\x7e]*$/, `printable ASCII: ${line}`);
    const event = /^(\d{3}) {2}(\S{1,8}) +(V|A|B|AA|AA\/V) +(C) +(\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d)$/.exec(line);
    if (line.startsWith('TITLE: ')) title = line.slice(7);
    else if (line.startsWith('FCM: ')) fcm = line.slice(5);
    else if (event) {
      const [, n, reel, track, transition, ...tcs] = event as unknown as [string, string, string, string, string, string, string, string, string];
      events.push({ number: Number(n), reel, track, transition, times: tcs.map(frames) as unknown as EdlEvent['times'], comments: [] });
    } else if (line.startsWith('* ')) {
      assert.ok(events.length, `a comment after an event: ${line}`);
      events[events.length - 1]!.comments.push(line.slice(2));
    } else assert.equal(line, '', `an unknown line: ${line}`);
  }
  return { title, fcm, events };
}

/** Checks what a conform relies on and returns each event's length in frames. */
function checkEvents(events: readonly EdlEvent[], base: number, clips: readonly SequenceClip[]): number[] {
  let record = 3600 * base;
  return events.map((e, i) => {
    const [srcIn, srcOut, recIn, recOut] = e.times;
    assert.equal(e.number, i + 1);
    assert.equal(recIn, record, `event ${e.number} starts where the last one ended`);
    assert.equal(srcOut - srcIn, recOut - recIn, `event ${e.number}: source and record lengths agree`);
    assert.equal(srcIn, 0);
    assert.equal(e.comments[0], `FROM CLIP NAME: ${edlText(path.posix.basename(clips[i]!.file), 200)}`);
    record = recOut;
    return recOut - recIn;
  });
}

const fixture = (name: string) => readMp4Facts(path.join(FIXTURES, 'sequence', name));
const clip = (file: string, media: SequenceClip['media'], shotIndex: number): SequenceClip => ({ file: `/v/${file}`, media, shotIndex, output: file.replace(/\.mp4$/, ''), prompt: `shot ${shotIndex + 1}`, model: 'google/veo-3.1-t2v' });

describe('sequence: CMX 3600 EDL export', () => {
  it('writes the exact EDL for a 3-shot list with awkward prompts', async () => {
    assert.equal(toEdl(await threeShots()), GOLDEN);
  });

  it('reads back into events with contiguous record times from 01:00:00:00', async () => {
    const sequence = await threeShots();
    const edl = parseEdl(toEdl(sequence), 24);
    assert.equal(edl.fcm, 'NON-DROP FRAME');
    assert.equal(edl.title, 'Storyboard "Act 1" <draft> & more ?');
    assert.deepEqual(checkEvents(edl.events, 24, sequence.clips), [96, 168, 72]);
    assert.deepEqual(edl.events.map((e) => [e.reel, e.track, e.transition]), [['AX', 'V', 'C'], ['AX', 'V', 'C'], ['AX', 'V', 'C']]);
  });

  it("counts timecode at the clips' own rate when they share one (24000/1001 and 30 fps), else at 24", async () => {
    const [ntsc, thirty, four] = await Promise.all([fixture('silent-2s-23976.mp4'), fixture('shot-3s-30fps-256x144.mp4'), fixture('shot-4s-24fps.mp4')]);
    const film: Sequence = { title: 'ntsc', clips: [clip('a.mp4', ntsc, 0), clip('b.mp4', ntsc, 1)] };
    // 48 frames of 24000/1001 are 00:00:02:00 in non-drop timecode, though they last 2.002 s.
    assert.deepEqual(checkEvents(parseEdl(toEdl(film), 24).events, 24, film.clips), [48, 48]);
    assert.match(toEdl(film), /^002 .* 01:00:02:00 01:00:04:00$/m);
    const video: Sequence = { title: 'thirty', clips: [clip('a.mp4', thirty, 0), clip('b.mp4', thirty, 1)] };
    assert.deepEqual(checkEvents(parseEdl(toEdl(video), 30).events, 30, video.clips), [90, 90]);
    assert.match(toEdl(video), /^002 .* 00:00:00:00 00:00:03:00 01:00:03:00 01:00:06:00$/m);
    // Mixed: 2.002 s at 24 fps is 48.048 frames, of which 48 are whole.
    const mixed: Sequence = { title: 'mixed', clips: [clip('a.mp4', four, 0), clip('b.mp4', ntsc, 1), clip('c.mp4', thirty, 2)] };
    assert.deepEqual(checkEvents(parseEdl(toEdl(mixed), 24).events, 24, mixed.clips), [96, 48, 72]);
  });

  it('makes any text one line of ASCII, and says where it cut', () => {
    assert.equal(edlText('Crème brûlée — “très” chic…\n\tnext\u00a0line', 99), 'Creme brulee - "tres" chic... next line');
    assert.equal(edlText('日本の猫 🐱 👍🏽 ok', 99), '???? ? ?? ok');
    assert.equal(edlText('  \r\n  ', 99), '');
    const long = edlText('word '.repeat(100), COMMENT_LIMIT);
    assert.ok(long.length <= COMMENT_LIMIT && long.length > COMMENT_LIMIT - 8, `${long.length} characters`);
    assert.match(long, /^(word )+wo?r?d?\.\.\.$/);
  });

  it('leaves out an empty prompt and refuses more events than three digits can number', async () => {
    const four = await fixture('shot-4s-24fps.mp4');
    const quiet = toEdl({ title: '', clips: [{ ...clip('a.mp4', four, 0), prompt: ' \n ' }] });
    assert.equal(quiet, 'TITLE: Untitled\nFCM: NON-DROP FRAME\n\n001  AX       V     C        00:00:00:00 00:00:04:00 01:00:00:00 01:00:04:00\n* FROM CLIP NAME: a.mp4\n');
    const many: Sequence = { title: 'long', clips: Array.from({ length: 1000 }, (_, i) => clip(`${i}.mp4`, four, i)) };
    assert.throws(() => toEdl(many), /at most 999 events; this sequence has 1000 clips/);
  });
});
