// Checking images and videos before anything is sent: by content, not by name.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StreamedJson, type FileValue } from '../../src/core/api/streamedBody';
import { checkMediaRef, inspectMedia, MediaError } from '../../src/core/media/mediaLoader';
import { imageSize, sniffMime } from '../../src/core/media/sniff';
import { redact } from '../../src/core/util/redact';
import { checkTransport } from '../../src/core/net/urlPolicy';
import { FIXTURES } from '../support/paths';

describe('media checks', () => {
  let dir: string;
  const policy = () => ({ roots: () => [dir] });
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-media-'));
    for (const f of fs.readdirSync(FIXTURES, { withFileTypes: true })) {
      if (f.isFile()) fs.copyFileSync(path.join(FIXTURES, f.name), path.join(dir, f.name));
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recognises PNG, JPEG, WebP and MP4 by their bytes and reads image sizes', () => {
    const cases: Array<[string, string, number, number]> = [
      ['frame-720p.png', 'image/png', 1280, 720],
      ['bars-720p.jpg', 'image/jpeg', 1280, 720],
      ['mandel-720p.webp', 'image/webp', 1280, 720],
      ['small-180p.png', 'image/png', 320, 180],
    ];
    for (const [file, mime, width, height] of cases) {
      const head = fs.readFileSync(path.join(dir, file));
      assert.equal(sniffMime(head), mime, file);
      assert.deepEqual(imageSize(head, mime as 'image/png'), { width, height }, file);
    }
    assert.equal(sniffMime(fs.readFileSync(path.join(dir, 'sample.mp4'))), 'video/mp4');
    assert.equal(sniffMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
  });

  it('accepts a good image, and warns (without refusing) below 720p', async () => {
    const good = await inspectMedia(path.join(dir, 'frame-720p.png'), 'image', policy());
    assert.equal(good.warning, undefined);
    const small = await inspectMedia(path.join(dir, 'small-180p.png'), 'image', policy());
    assert.match(small.warning!, /320×180, smaller than the 720p/);
  });

  it('refuses non-images (whatever their name), empty and huge files, and links out of the workspace', async () => {
    fs.writeFileSync(path.join(dir, 'fake.png'), 'not really a png');
    fs.writeFileSync(path.join(dir, 'empty.png'), '');
    fs.symlinkSync('/etc/hostname', path.join(dir, 'escape.png'));
    await assert.rejects(inspectMedia(path.join(dir, 'fake.png'), 'image', policy()), /not a PNG, JPEG or WebP image/);
    await assert.rejects(inspectMedia(path.join(dir, 'sample.mp4'), 'image', policy()), /\(it is video\/mp4\)/);
    await assert.rejects(inspectMedia(path.join(dir, 'empty.png'), 'image', policy()), /empty/);
    await assert.rejects(inspectMedia(path.join(dir, 'escape.png'), 'image', policy()), /outside the workspace/);
    await assert.rejects(inspectMedia(path.join(dir, 'frame-720p.png'), 'image', { ...policy(), maxImageBytes: 1000 }), /over the 1000 bytes limit/);
    await assert.rejects(inspectMedia(path.join(dir, 'missing.png'), 'image', policy()), MediaError);
  });

  it('sends workspace files as data URIs (streamed) and https URLs as they are, refusing plain http', async () => {
    const file = path.join(dir, 'bars-720p.jpg');
    const checked = await checkMediaRef({ kind: 'file', path: file }, 'image', policy());
    assert.deepEqual(checked, { kind: 'file', path: file, mime: 'image/jpeg', bytes: fs.statSync(file).size });
    const body = new StreamedJson({ image_url: 'x' }, new Map([['x', checked as FileValue]]));
    assert.deepEqual(await body.toValue(), { image_url: `data:image/jpeg;base64,${fs.readFileSync(file).toString('base64')}` });
    assert.deepEqual(await checkMediaRef({ kind: 'url', url: 'https://example.com/a.png' }, 'image', policy()), { kind: 'url', url: 'https://example.com/a.png' });
    await assert.rejects(checkMediaRef({ kind: 'url', url: 'http://example.com/a.png' }, 'image', policy()), /not an https URL/);
    assert.equal((await checkMediaRef({ kind: 'file', path: path.join(dir, 'sample.mp4') }, 'video', policy())).kind === 'file' && 'video/mp4', 'video/mp4');
  });
});

describe('safety helpers', () => {
  it('redacts keys and Bearer tokens from any text', () => {
    assert.equal(redact('Authorization: Bearer abc.def-123 sent', []), 'Authorization: Bearer [redacted] sent');
    assert.equal(redact('key sk-live-999 leaked twice: sk-live-999', ['sk-live-999']), 'key [redacted key] leaked twice: [redacted key]');
  });

  it('allows https anywhere and http only on loopback', () => {
    assert.ok(checkTransport('https://api.aimlapi.com').ok);
    assert.ok(checkTransport('http://127.0.0.1:8787').ok);
    assert.ok(checkTransport('http://localhost:1').ok);
    assert.ok(!checkTransport('http://api.aimlapi.com').ok);
    assert.ok(!checkTransport('http://127.0.0.1.evil.com').ok);
    assert.ok(!checkTransport('file:///etc/passwd').ok);
    assert.ok(!checkTransport('nonsense').ok);
  });
});
