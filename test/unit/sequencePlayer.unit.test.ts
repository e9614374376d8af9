// What Play Sequence shows, under plain Node: the strip's tiles from a shot list's slots (a
// clip per saved shot with its duration read from the file, a gap per other shot with its
// state in words, in the list's order), the summary and the empty state; the view passes
// the protocol's schema; and the player's moves — over gaps to the next clip, arrow keys in
// the strip, staying put when the strip is sent again, the time into the whole film.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readMp4Facts } from '../../src/core/sequence/mp4Reader';
import type { SequenceSlot } from '../../src/platform/shotSequence';
import { clipFrom, clock, filmTime, keyTarget, nextClip, previousClip, samePlace } from '../../src/webview/page/sequence/playlist';
import { durationText, sequenceView, type ClipMedia } from '../../src/webview/sequence/model';
import { sequenceFromPageSchema, sequenceToPageSchema, type SequenceTile } from '../../src/webview/sequence/protocol';
import { FIXTURES } from '../support/paths';

const fixture = (name: string) => path.join(FIXTURES, 'sequence', name);

async function slots(): Promise<SequenceSlot[]> {
  const [four, three] = await Promise.all([readMp4Facts(fixture('shot-4s-24fps.mp4')), readMp4Facts(fixture('shot-3s-30fps-256x144.mp4'))]);
  const clip = (file: string, media: typeof four, shotIndex: number, prompt: string) => ({ file, media, shotIndex, output: path.basename(file, '.mp4'), prompt, model: 'google/veo-3.1-t2v-fast' });
  return [
    { index: 0, prompt: 'She says "hi" <b>&amp;</b>\nwaves 🎬', clip: clip('/w/videos/one.take-2.mp4', four, 0, 'a'), take: 2, chosenByPerson: true },
    { index: 1, prompt: 'The kite lands', gap: 'stale', differs: ['prompt', 'options'] },
    { index: 2, prompt: 'Night falls', clip: clip('/w/videos/three.mp4', three, 2, 'c'), take: 1, chosenByPerson: false },
    { index: 3, prompt: 'Credits', gap: 'notGenerated' },
    { index: 4, prompt: 'Being made', gap: 'generating' },
    { index: 5, prompt: 'Broken', gap: 'unreadable', detail: 'broken.mp4: no moov box' },
  ];
}

const media = (file: string): ClipMedia => (file.includes('one') ? { src: `https://res/${file}`, poster: 'data:image/png;base64,AAAA' } : { src: `https://res/${file}`, wantsPoster: true });

describe('Play Sequence: the strip and the player', () => {
  it('makes one tile per shot in the list’s order: clips with the duration read from the file, gaps with their state', async () => {
    const view = sequenceView({ file: '/w/story board.veo.json', title: 'story board', slots: await slots() }, media);
    assert.deepEqual(
      view.tiles.map((t) => [t.index, t.kind, t.label, t.kind === 'clip' ? t.duration : t.state]),
      [
        [0, 'clip', 'Shot 1', '4.0 s'],
        [1, 'gap', 'Shot 2', 'Changed since its take (prompt, options)'],
        [2, 'clip', 'Shot 3', '3.0 s'],
        [3, 'gap', 'Shot 4', 'Not generated yet'],
        [4, 'gap', 'Shot 5', 'Being generated'],
        [5, 'gap', 'Shot 6', 'Its video cannot be read: broken.mp4: no moov box'],
      ],
    );
    const [first, , third] = view.tiles;
    assert.equal(first?.kind === 'clip' && first.take, 'Take 2 (chosen)');
    assert.equal(third?.kind === 'clip' && third.take, 'Take 1');
    assert.equal(first?.kind === 'clip' && first.seconds, 4);
    assert.equal(first?.kind === 'clip' && first.name, 'one.take-2.mp4');
    // The prompt stays text, on one line: the page sets it as text, never as markup.
    assert.equal(first?.prompt, 'She says "hi" <b>&amp;</b> waves 🎬');
    assert.equal(first?.kind === 'clip' && first.poster, 'data:image/png;base64,AAAA');
    assert.equal(third?.kind === 'clip' && third.wantsPoster, true);
    assert.equal(view.summary, '6 shots · 2 clips · 4 gaps · 7.0 s');
    assert.equal(view.file, 'story board.veo.json');
    assert.equal(view.empty, undefined);
    assert.ok(sequenceToPageSchema.safeParse({ type: 'show', view }).success);
  });

  it('says what to do when no shot has a clip, and when the list has no shots', () => {
    const none = sequenceView({ file: '/w/s.veo.json', title: 's', slots: [{ index: 0, prompt: 'p', gap: 'notGenerated' }] }, media);
    assert.match(none.empty ?? '', /No shot of this list has a saved video yet\. Run “Veo Studio: Generate Shot List” on s\.veo\.json/);
    assert.equal(none.summary, '1 shot · 0 clips · 1 gap');
    const empty = sequenceView({ file: '/w/s.veo.json', title: 's', slots: [] }, media);
    assert.match(empty.empty ?? '', /has no shots yet/);
  });

  it('says why a list that cannot be read shows nothing, and what to do, within the page’s text limit', () => {
    const broken = sequenceView({ file: '/w/s.veo.json', title: 's', slots: [], problem: 'Expected a comma.' }, media);
    assert.equal(broken.empty, 's.veo.json cannot be played: Expected a comma. Fix the list in its editor (the Problems panel says where), and its shots play here.');
    const long = sequenceView({ file: '/w/s.veo.json', title: 's', slots: [], problem: 'x'.repeat(5_000) }, media);
    assert.ok(sequenceToPageSchema.safeParse({ type: 'show', view: long }).success, 'a long reason is cut to fit');
  });

  it('writes durations short: tenths of seconds, minutes past a minute', () => {
    assert.deepEqual([durationText(4), durationText(2.002), durationText(7.04), durationText(59.96), durationText(64.5)], ['4.0 s', '2.0 s', '7.0 s', '1:00.0', '1:04.5']);
  });

  it('validates the page’s messages: posters and errors name a shot; nothing else gets through', () => {
    assert.ok(sequenceFromPageSchema.safeParse({ type: 'videoError', index: 2, message: 'no' }).success);
    for (const raw of [{ type: 'videoError', index: -1, message: 'x' }, { type: 'poster', index: 0, frame: { at: 0, width: 1, height: 1, png: 'data:text/html,<b>' } }, { type: 'play', index: 0 }, { type: 'ready', extra: 1 }]) {
      assert.equal(sequenceFromPageSchema.safeParse(raw).success, false, JSON.stringify(raw));
    }
    // A tile's poster must be a PNG data URL: the page puts it in an <img>.
    const tile = { kind: 'clip', index: 0, label: 'Shot 1', prompt: 'p', src: 's', name: 'n', seconds: 1, duration: '1.0 s', take: 'Take 1', poster: 'javascript:alert(1)' };
    assert.equal(sequenceToPageSchema.safeParse({ type: 'show', view: { title: 't', file: 'f', tiles: [tile], summary: '' } }).success, false);
  });

  it('plays clip after clip over the gaps, and moves in the strip with the arrow keys, Home and End', async () => {
    const { tiles } = sequenceView({ file: '/w/s.veo.json', title: 's', slots: await slots() }, media);
    assert.equal(clipFrom(tiles, 0), 0);
    assert.equal(nextClip(tiles, 0), 2, 'over the stale shot');
    assert.equal(nextClip(tiles, 2), undefined, 'the end of the film');
    assert.equal(previousClip(tiles, 2), 0);
    assert.equal(previousClip(tiles, 0), undefined);
    assert.deepEqual(
      ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End', 'Enter'].map((k) => keyTarget(k, 2, 6)),
      [3, 3, 1, 1, 0, 5, undefined],
    );
    assert.equal(keyTarget('ArrowRight', 5, 6), 5, 'stays on the last');
    assert.equal(keyTarget('ArrowLeft', 0, 6), 0, 'stays on the first');
  });

  it('stays where it is when the strip comes again, and counts the time into the whole film', async () => {
    const { tiles } = sequenceView({ file: '/w/s.veo.json', title: 's', slots: await slots() }, media);
    assert.deepEqual(samePlace(tiles, 2, tiles), { at: 2, keep: true });
    // Shot 2 got its clip: the player stays on shot 3, now the fourth tile... the same one.
    const filled: SequenceTile[] = tiles.map((t) => (t.index === 1 ? { kind: 'clip', index: 1, label: 'Shot 2', prompt: 'p', src: 'https://res/two', name: 'two.mp4', seconds: 2, duration: '2.0 s', take: 'Take 1' } : t));
    assert.deepEqual(samePlace(tiles, 2, filled), { at: 2, keep: true });
    // The clip playing was replaced by another take: same shot, a fresh start.
    const retaken = tiles.map((t) => (t.kind === 'clip' && t.index === 2 ? { ...t, src: 'https://res/three.take-2' } : t));
    assert.deepEqual(samePlace(tiles, 2, retaken), { at: 2, keep: false });
    // Its shot lost its clip: the next clip after it, else the first.
    const lost = tiles.map((t): SequenceTile => (t.index === 2 ? { kind: 'gap', index: 2, label: 'Shot 3', prompt: 'p', gap: 'stale', state: 's' } : t));
    assert.deepEqual(samePlace(tiles, 2, lost), { at: 0, keep: false });
    assert.deepEqual(samePlace(tiles, undefined, tiles), { at: 0, keep: false });

    assert.deepEqual(filmTime(tiles, 0, 1.5), { at: 1.5, total: 7 });
    assert.deepEqual(filmTime(tiles, 2, 1), { at: 5, total: 7 });
    assert.deepEqual(filmTime(tiles, 2, 99), { at: 7, total: 7 });
    assert.deepEqual(filmTime(tiles, undefined, 0), { at: 0, total: 7 });
    assert.deepEqual([clock(0), clock(4.99), clock(64.2)], ['0:00', '0:04', '1:04']);
  });
});
