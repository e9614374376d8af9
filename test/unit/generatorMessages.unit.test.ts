// The generator panel's message protocol: what each side accepts from the other.
import assert from 'node:assert/strict';
import { extensionMessageSchema, pageMessageSchema } from '../../src/webview/generator/messages';

const fileRef = { kind: 'file', path: '/ws/images/frame-720p.png' } as const;
const item = { ref: fileRef, name: 'frame-720p.png', detail: '1280×720 · 12 KB', thumb: 'https://file+.vscode-resource.vscode-cdn.net/ws/images/frame-720p.png' };
const draft = {
  model: 'google/veo-3.1-i2v',
  prompt: 'A lighthouse at dawn <img src=x onerror=alert(1)>',
  media: { image_url: fileRef },
  options: { duration: 6, resolution: '720p', generate_audio: false },
};

const accepts = (schema: typeof pageMessageSchema | typeof extensionMessageSchema, message: unknown) =>
  assert.equal(schema.safeParse(message).success, true, `accepts ${JSON.stringify(message)}`);
const rejects = (schema: typeof pageMessageSchema | typeof extensionMessageSchema, message: unknown) =>
  assert.equal(schema.safeParse(message).success, false, `rejects ${JSON.stringify(message)}`);

describe('generator messages: page → extension', () => {
  it('accepts every well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'workspace', path: '/ws/images/a.png' } },
      { type: 'addMedia', requestId: 2, slot: 'image_urls', source: { kind: 'dialog' } },
      { type: 'addMedia', requestId: 3, slot: 'last_image_url', source: { kind: 'drop', uris: ['file:///ws/images/a.png'] } },
      { type: 'addMedia', requestId: 4, slot: 'video_url', source: { kind: 'url', url: 'https://example.com/clip.mp4' } },
      { type: 'estimate', requestId: 5, model: 'google/veo-3.1-t2v', options: { duration: 8, resolution: '1080p' } },
      { type: 'refreshMedia' },
      { type: 'submit', requestId: 6, draft, variations: 1 },
      { type: 'submit', requestId: 7, draft: { ...draft, media: { image_urls: [fileRef, { kind: 'url', url: 'https://x.test/a.png' }] } }, variations: 4 },
      { type: 'showJobs' },
      { type: 'setApiKey' },
    ]) accepts(pageMessageSchema, m);
  });

  it('rejects unknown types and things that are not messages', () => {
    for (const m of [
      undefined,
      null,
      'ready',
      42,
      [],
      {},
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'executeCommand', id: 'veoStudio.clearApiKey' },
      { type: 'getApiKey' },
      { type: 'READY' },
    ]) rejects(pageMessageSchema, m);
  });

  it('rejects wrong field types', () => {
    for (const m of [
      { type: 'addMedia', requestId: '1', slot: 'image_url', source: { kind: 'dialog' } },
      { type: 'addMedia', requestId: 1.5, slot: 'image_url', source: { kind: 'dialog' } },
      { type: 'addMedia', requestId: -1, slot: 'image_url', source: { kind: 'dialog' } },
      { type: 'addMedia', requestId: 1, slot: 'tail_image_url', source: { kind: 'dialog' } },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'shell', command: 'cat ~/.ssh/id_rsa' } },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'workspace', path: '' } },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'drop', uris: [] } },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'drop', uris: 'file:///a.png' } },
      { type: 'estimate', requestId: 1, model: 'google/veo-3.1-t2v', options: { duration: { $gt: 1 } } },
      { type: 'submit', requestId: 1, draft: 'make a video', variations: 1 },
      { type: 'submit', requestId: 1, draft: { ...draft, prompt: 7 }, variations: 1 },
      { type: 'submit', requestId: 1, draft: { ...draft, media: { image_url: { kind: 'file' } } }, variations: 1 },
      { type: 'submit', requestId: 1, draft: { ...draft, media: { image_url: { kind: 'ftp', url: 'ftp://x' } } }, variations: 1 },
      { type: 'submit', requestId: 1, draft: { ...draft, media: { image_urls: [fileRef, fileRef, fileRef, fileRef] } }, variations: 1 },
      { type: 'submit', requestId: 1, draft, variations: 5 },
      { type: 'submit', requestId: 1, draft, variations: 0 },
      { type: 'submit', requestId: 1, draft },
    ]) rejects(pageMessageSchema, m);
  });

  it('rejects extra junk, at the top and inside', () => {
    for (const m of [
      { type: 'ready', apiKey: 'sk-stolen' },
      { type: 'showJobs', command: 'workbench.action.quit' },
      { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'dialog', defaultUri: '/etc' } },
      { type: 'submit', requestId: 1, draft: { ...draft, outputFolder: '../../..' }, variations: 1 },
      { type: 'submit', requestId: 1, draft: { ...draft, media: { image_url: { ...fileRef, encoding: 'base64' } } }, variations: 1 },
      { type: 'submit', requestId: 1, draft: { ...draft, media: { ...draft.media, tail_image_url: fileRef } }, variations: 1 },
    ]) rejects(pageMessageSchema, m);
  });

  it('bounds the size of what it accepts', () => {
    rejects(pageMessageSchema, { type: 'submit', requestId: 1, draft: { ...draft, prompt: 'x'.repeat(100_001) }, variations: 1 });
    rejects(pageMessageSchema, { type: 'addMedia', requestId: 1, slot: 'image_url', source: { kind: 'drop', uris: Array.from({ length: 11 }, () => 'file:///a.png') } });
  });
});

describe('generator messages: extension → page', () => {
  it('accepts every well-formed message', () => {
    const prefill = { model: 'google/veo-3.1-i2v', prompt: 'p', media: { image_url: item }, options: { duration: 6 }, issues: [{ field: 'resolution', message: 'Resolution must be one of 720p, 1080p.' }] };
    for (const m of [
      { type: 'init', images: [{ path: '/ws/a.png', label: 'a.png', thumb: 'https://x/a.png' }], videos: [{ path: '/ws/c.mp4', label: 'c.mp4' }], hasKey: true, balance: { amount: 25, currency: 'USD' }, sending: false },
      { type: 'init', images: [], videos: [], hasKey: false, balance: null, sending: true },
      { type: 'submitOutcome', outcome: { type: 'submitted', jobIds: ['a'], message: 'Job started.' } },
      { type: 'submitOutcome', outcome: { type: 'submitFailed', message: 'Refused', issues: [], needsKey: true } },
      { type: 'prefill', prefill },
      { type: 'workspaceMedia', images: [], videos: [] },
      { type: 'prefill', prefill: { media: {}, options: {}, issues: [] } },
      { type: 'mediaAdded', requestId: 1, slot: 'image_url', items: [{ ...item, warning: 'small-180p.png is 320×180, smaller than 720p' }] },
      { type: 'mediaAdded', requestId: 1, slot: 'image_urls', items: [item, { ref: { kind: 'url', url: 'https://x.test/b.png' }, name: 'x.test/b.png' }] },
      { type: 'mediaAdded', requestId: 1, slot: 'image_urls', items: [item], refused: 'notes.png is not a PNG, JPEG or WebP image.' },
      { type: 'mediaRefused', requestId: 2, slot: 'image_url', message: 'notes.png is not a PNG, JPEG or WebP image.' },
      { type: 'mediaCancelled', requestId: 3, slot: 'video_url' },
      { type: 'estimate', requestId: 4, estimate: { kind: 'estimate', usd: 2.4, basis: '6 s × $0.40/s · 720p', asOf: 1, stale: false } },
      { type: 'estimate', requestId: 4, estimate: { kind: 'variable' } },
      { type: 'estimate', requestId: 4, estimate: null },
      { type: 'account', hasKey: true, balance: null },
      { type: 'submitted', requestId: 5, jobIds: ['a', 'b'], message: '2 jobs started' },
      { type: 'submitted', requestId: 5, jobIds: ['a'], message: 'Job started', warning: 'Only 1 of 2 started' },
      { type: 'submitFailed', requestId: 6, message: 'refused', issues: [{ field: 'duration', message: 'Invalid enum value' }], needsKey: false },
      { type: 'requestFailed', requestId: 7, message: 'Something went wrong (disk full). Show Log has the details.' },
    ]) accepts(extensionMessageSchema, m);
  });

  it('rejects unknown types, wrong field types and extra junk', () => {
    for (const m of [
      { type: 'eval', code: 'alert(1)' },
      { type: 'init', images: [], videos: [], hasKey: 'yes', balance: null, sending: false },
      { type: 'init', images: [], videos: [], hasKey: true, balance: null, sending: false, apiKey: 'sk-live' },
      { type: 'init', images: [], videos: [], hasKey: true, balance: null },
      { type: 'submitOutcome', outcome: { type: 'submitted', requestId: 1, jobIds: ['a'], message: 'x' } },
      { type: 'submitOutcome', outcome: { type: 'requestFailed', message: 'x' } },
      { type: 'requestFailed', message: 'which request?' },
      { type: 'init', images: [{ path: '/a.png', label: 'a', html: '<img src=x onerror=alert(1)>' }], videos: [], hasKey: true, balance: null, sending: false },
      { type: 'mediaAdded', requestId: 1, slot: 'image_url', items: [] },
      { type: 'mediaAdded', requestId: 1, slot: 'image_url', items: [{ ...item, ref: { kind: 'file' } }] },
      { type: 'estimate', requestId: 1, estimate: { usd: '2.40' } },
      { type: 'submitted', requestId: 1, jobIds: [], message: 'nothing' },
      { type: 'submitFailed', requestId: 1, message: 'x', issues: [{ field: 'prompt' }], needsKey: false },
    ]) rejects(extensionMessageSchema, m);
  });
});
