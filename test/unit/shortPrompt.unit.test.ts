// shortPrompt makes only a long prompt's head one line (the tree draws 1,000 rows with it):
// it must say exactly what making the whole prompt one line and cutting it would say.
import assert from 'node:assert/strict';
import { shortPrompt } from '../../src/core/text/jobText';

function reference(prompt: string, max = 48): string {
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

describe('shortPrompt', () => {
  it('equals cutting the whole prompt made one line, for short, long and whitespace-heavy prompts', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['a', 'word', ' ', '   ', '\n', '\t\t', 'émoji 🎬', '.'];
    for (let n = 0; n < 2000; n++) {
      const length = Math.floor(random() * 400);
      let prompt = '';
      while (prompt.length < length) prompt += pieces[Math.floor(random() * pieces.length)];
      for (const max of [10, 40, 48, 160]) assert.equal(shortPrompt(prompt, max), reference(prompt, max), JSON.stringify({ prompt, max }));
    }
    assert.equal(shortPrompt(' '.repeat(1000) + 'late start'), 'late start');
  });
});
