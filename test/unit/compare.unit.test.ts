// What the compare panel marks as different, under plain Node: the prompts word by word
// (joined back, each side is its prompt), and the table of model, options, sources and cost.
import assert from 'node:assert/strict';
import { diffRows, factsOfSidecar, wordDiff } from '../../src/core/compare/sidecarDiff';
import { compareToPageSchema } from '../../src/webview/compare/protocol';
import { compareView } from '../../src/webview/compare/model';

describe('compare: what differs', () => {
  it('diffs prompts word by word, keeping every character', () => {
    const left = 'A red paper boat drifts down a rainy street';
    const right = 'A blue paper boat drifts slowly down a street';
    const { left: l, right: r } = wordDiff(left, right);
    assert.equal(l.map((t) => t.text).join(''), left);
    assert.equal(r.map((t) => t.text).join(''), right);
    assert.deepEqual(l.filter((t) => t.change === 'removed').map((t) => t.text.trim()), ['red', 'rainy']);
    assert.deepEqual(r.filter((t) => t.change === 'added').map((t) => t.text.trim()), ['blue', 'slowly']);
    assert.ok(l.every((t) => t.change !== 'added') && r.every((t) => t.change !== 'removed'));
    assert.deepEqual(wordDiff('same', 'same'), { left: [{ text: 'same', change: 'same' }], right: [{ text: 'same', change: 'same' }] });
    assert.deepEqual(wordDiff('', 'new words').right, [{ text: 'new words', change: 'added' }]);
  });

  it('compares very long prompts as wholes', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    const { left, right } = wordDiff(long, `${long} more`);
    assert.deepEqual([left.length, right.length, left[0]!.change, right[0]!.change], [1, 1, 'removed', 'added']);
  });

  it('lists the model, every option of either side, the sources and the cost, marking the ones that differ', () => {
    const a = factsOfSidecar({ model: 'google/veo-3.1-t2v-fast', prompt: 'p', parameters: { duration: 4, seed: 1 }, sources: {}, cost: { usd: 0.6 } });
    const b = factsOfSidecar({ model: 'google/veo-3.1-i2v-fast', prompt: 'p', parameters: { duration: 4, aspect_ratio: '9:16' }, sources: { image_url: 'images/a.png' } });
    assert.deepEqual(
      diffRows(a, b).map((r) => [r.field, r.left, r.right, r.same]),
      [
        ['Model', 'Veo 3.1 Fast — text to video', 'Veo 3.1 Fast — image to video', false],
        ['Duration', '4 s', '4 s', true],
        ['Seed', '1', '—', false],
        ['Aspect ratio', '—', '9:16 portrait', false],
        ['Start image', '—', 'images/a.png', false],
        ['Cost', '$0.60', '—', false],
      ],
    );
  });

  it('builds a view the page accepts, with markup in prompts kept as text', () => {
    const naughty = 'A fox <img src=x onerror=alert(1)> jumps';
    const side = (file: string, prompt: string) => ({ file, src: `https://file+.vscode-resource.vscode-cdn.net${file}`, sidecar: { generator: 'Veo Studio', video: 'x', prompt, model: 'google/veo-3.1-t2v-fast', parameters: {}, sources: {}, jobId: 'j', createdAt: '', savedAt: '', bytes: 1 } as const, wantsPoster: true });
    const view = compareView(side('/ws/a.mp4', naughty), side('/ws/b.mp4', 'A fox jumps'));
    assert.equal(view.left.title, naughty);
    assert.equal(view.left.wantsPoster, true);
    assert.ok(compareToPageSchema.safeParse({ type: 'show', view }).success);
  });
});
