// The argument form of "Generate Video" takes media from the workspace only, like every other
// route: a path or a file: Uri elsewhere is refused with its field named, before anything is read.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ValidationError } from '../../src/core/api/errors';
import { requestFromArgs, type ArgsContext } from '../../src/core/jobs/generateArgs';

const WORKSPACE = path.resolve('/work/project');
const inside = (file: string) => file.startsWith(WORKSPACE + path.sep);
/** Every path "exists"; only files under WORKSPACE are in the workspace. */
const ctx: ArgsContext = {
  resolvePath: (p) => (path.isAbsolute(p) ? p : path.join(WORKSPACE, p)),
  filePathOf: (uri) => uri.path,
  inWorkspace: inside,
};

function refusal(args: unknown): string {
  try {
    requestFromArgs(args, ctx);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error.message;
  }
  assert.fail('the arguments were accepted');
}

describe('Generate Video arguments: media from the workspace only', () => {
  it('refuses an absolute path outside every workspace folder, naming the field', () => {
    assert.match(refusal({ model: 'google/veo-3.1-i2v', prompt: 'x', images: ['/tmp/frame.png'] }), /^images\[0\]: \/tmp\/frame\.png is outside the workspace/);
  });

  it('refuses a file: Uri outside, in any media field', () => {
    const uri = { scheme: 'file', path: '/home/someone/.ssh/id_rsa' };
    assert.match(refusal({ model: 'google/veo-3.1-i2v', prompt: 'x', images: [uri] }), /^images\[0\]: .*id_rsa is outside the workspace/);
    assert.match(
      refusal({ model: 'google/veo-3.1-first-last-image-to-video', prompt: 'x', images: ['images/a.png'], lastImage: uri }),
      /^lastImage: .*id_rsa is outside the workspace/,
    );
    assert.match(refusal({ model: 'google/veo-3.1-reference-to-video', prompt: 'x', referenceImages: ['images/a.png', uri] }), /^referenceImages\[1\]: /);
  });

  it('takes workspace files (relative, absolute or Uri) and https URLs as before', () => {
    const request = requestFromArgs(
      { model: 'google/veo-3.1-reference-to-video', prompt: 'x', referenceImages: ['images/a.png', path.join(WORKSPACE, 'b.png'), { scheme: 'file', path: path.join(WORKSPACE, 'c.png') }] },
      ctx,
    );
    assert.deepEqual(request.media['image_urls'], [
      { kind: 'file', path: path.join(WORKSPACE, 'images/a.png') },
      { kind: 'file', path: path.join(WORKSPACE, 'b.png') },
      { kind: 'file', path: path.join(WORKSPACE, 'c.png') },
    ]);
    const linked = requestFromArgs({ model: 'google/veo-3.1-i2v', prompt: 'x', images: ['https://example.com/a.png'] }, ctx);
    assert.deepEqual(linked.media['image_url'], { kind: 'url', url: 'https://example.com/a.png' });
  });
});
