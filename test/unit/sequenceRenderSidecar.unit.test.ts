// The sidecar beside a rendered film: each shot with its take, place and length in the film,
// paths relative to the film's folder, the mode (and for a re-encode why and at what size).
import assert from 'node:assert/strict';
import { planRender } from '../../src/core/sequence/renderPlan';
import { renderSidecar } from '../../src/core/sequence/renderSidecar';
import { PROJECT, threeShots } from '../support/sequenceShots';

describe('sequence: the render sidecar', () => {
  it('lists the shots in order with their takes, starts and lengths, and says why it re-encoded', async () => {
    const sequence = await threeShots();
    const [a, b, c] = sequence.clips;
    const sidecar = renderSidecar({
      shotListFile: `${PROJECT}/storyboard.veo.json`,
      filmFile: `${PROJECT}/videos/storyboard.mp4`,
      plan: planRender(sequence.clips),
      shots: [{ clip: a!, take: 2, chosenByPerson: true }, { clip: b!, take: 1, chosenByPerson: false }, { clip: c! }],
      leftOut: [{ shot: 3, reason: 'not generated yet' }],
      renderMs: 1234.4,
      renderedAt: Date.UTC(2026, 11, 2, 6, 0, 0),
    });
    assert.equal(sidecar.kind, 'veoStudio.sequenceRender');
    assert.equal(sidecar.shotList, '../storyboard.veo.json');
    assert.equal(sidecar.video, 'storyboard.mp4');
    assert.equal(sidecar.mode, 're-encode');
    assert.equal(sidecar.why, 'shot-01 and shot-02 (ext) differ (sound)');
    assert.deepEqual(sidecar.target, { width: 320, height: 180, frameRate: '24' });
    assert.deepEqual(
      sidecar.shots.map((s) => [s.shot, s.take, s.chosenByPerson, s.video, s.startSeconds, s.durationSeconds, s.jobId]),
      [
        [1, 2, true, 'shot-01.mp4', 0, 4, 'job-1'],
        [2, 1, false, 'shot-02 (ext).mp4', 4, 7, undefined],
        [4, undefined, undefined, 'café #4.mp4', 11, 3, 'job-3'],
      ],
    );
    assert.equal(sidecar.shots[0]!.prompt, sequence.clips[0]!.prompt);
    assert.equal(sidecar.durationSeconds, 14);
    assert.equal(sidecar.renderSeconds, 1.234);
    assert.equal(sidecar.renderedAt, '2026-12-02T06:00:00.000Z');
    assert.deepEqual(sidecar.leftOut, [{ shot: 3, reason: 'not generated yet' }]);
  });

  it('says copy, with no why or target, when the clips stream-copy', async () => {
    const sequence = await threeShots();
    const clips = [sequence.clips[0]!, { ...sequence.clips[0]!, shotIndex: 1 }];
    const sidecar = renderSidecar({ shotListFile: '/p/a.veo.json', filmFile: '/p/videos/a.mp4', plan: planRender(clips), shots: clips.map((clip) => ({ clip })), leftOut: [], renderMs: 90, renderedAt: 0 });
    assert.equal(sidecar.mode, 'copy');
    assert.equal('why' in sidecar || 'target' in sidecar, false);
    assert.equal(sidecar.durationSeconds, 8);
  });
});
