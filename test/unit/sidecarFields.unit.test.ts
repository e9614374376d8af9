// "Save as Shot" from a sidecar someone edited by hand: a field of the wrong type is named,
// instead of a raw TypeError ("value is not iterable") from deep inside.
import assert from 'node:assert/strict';
import { shotFromSidecar } from '../../src/core/shotList/saveAsShot';
import type { Sidecar } from '../../src/core/jobs/sidecar';

const good = { generator: 'Veo Studio', video: 'clip.mp4', prompt: 'A kite', model: 'google/veo-3.1-i2v', parameters: { duration: 6 }, sources: { image_url: 'images/a.png' } };

function problem(fields: Record<string, unknown>): string {
  try {
    shotFromSidecar({ ...good, ...fields } as unknown as Sidecar);
  } catch (error) {
    assert.ok(!(error instanceof TypeError), `a raw TypeError: ${String(error)}`);
    return (error as Error).message;
  }
  assert.fail('the sidecar was accepted');
}

describe('Save as Shot: a sidecar with fields of the wrong type', () => {
  it('19: names the field that is wrong', () => {
    assert.match(problem({ sources: { image_url: 42 } }), /sources\.image_url/);
    assert.match(problem({ sources: { image_urls: ['a.png', 7] } }), /sources\.image_urls/);
    assert.match(problem({ sources: 'images/a.png' }), /\bsources\b/);
    assert.match(problem({ parameters: ['duration', 6] }), /\bparameters\b/);
    assert.match(problem({ parameters: 'duration=6' }), /\bparameters\b/);
    assert.match(problem({ video: 12 }), /\bvideo\b/);
  });

  it('still reads a good sidecar, and one without the optional fields', () => {
    assert.deepEqual(shotFromSidecar(good as unknown as Sidecar).shot, { prompt: 'A kite', model: 'google/veo-3.1-i2v', images: ['images/a.png'], options: { duration: 6 }, output: 'clip' });
    const bare = { generator: 'Veo Studio', prompt: 'A kite', model: 'google/veo-3.1-t2v' } as unknown as Sidecar;
    assert.deepEqual(shotFromSidecar(bare).shot, { prompt: 'A kite', model: 'google/veo-3.1-t2v' });
  });
});
