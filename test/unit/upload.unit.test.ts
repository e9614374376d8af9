// Uploads that stream: a create's workspace files become base64 on the way to the socket, the
// body's length is exact, a changed file is refused, and a 100 MB video costs little memory and
// no long stall of the event loop (the figures are the bench's; asserted loosely here because
// the machine is shared).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { VeoClient } from '../../src/core/api/client';
import { StreamedJson } from '../../src/core/api/streamedBody';

function tempFile(bytes: number | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'veo-upload-')), 'media.bin');
  if (typeof bytes === 'number') {
    // A sparse file: 100 MB on disk in no time.
    fs.writeFileSync(file, '');
    fs.truncateSync(file, bytes);
  } else {
    fs.writeFileSync(file, bytes);
  }
  return file;
}

async function collect(body: StreamedJson): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body.stream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('uploads that stream', () => {
  it('writes the JSON with each file as its data URI, at every length around the read size', async () => {
    for (const size of [0, 1, 2, 3, 4, 196_607, 196_608, 196_609, 393_217]) {
      const bytes = Buffer.alloc(size, 0);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) % 256;
      const file = tempFile(bytes);
      const body = new StreamedJson({ model: 'm', prompt: 'a "quoted" prompt', image_url: 'f1', options: { n: 1 } }, new Map([['f1', { path: file, mime: 'image/png', bytes: size }]]));
      const sent = await collect(body);
      assert.equal(sent.length, body.contentLength, `length for ${size} bytes`);
      assert.deepEqual(JSON.parse(sent.toString('utf8')), {
        model: 'm',
        prompt: 'a "quoted" prompt',
        image_url: `data:image/png;base64,${bytes.toString('base64')}`,
        options: { n: 1 },
      });
    }
  });

  it('several files, in lists too, and a string that only looks like a stand-in stays as it is', async () => {
    const a = tempFile(Buffer.from('first'));
    const b = tempFile(Buffer.from('second!'));
    const body = new StreamedJson(
      { image_urls: ['A', 'B'], last_image_url: 'B', note: 'A-not-a-file' },
      new Map([
        ['A', { path: a, mime: 'image/png', bytes: 5 }],
        ['B', { path: b, mime: 'image/webp', bytes: 7 }],
      ]),
    );
    const value = (await body.toValue()) as Record<string, unknown>;
    assert.deepEqual(value['image_urls'], [`data:image/png;base64,${Buffer.from('first').toString('base64')}`, `data:image/webp;base64,${Buffer.from('second!').toString('base64')}`]);
    assert.equal(value['last_image_url'], `data:image/webp;base64,${Buffer.from('second!').toString('base64')}`);
    assert.equal(value['note'], 'A-not-a-file');
  });

  it('refuses a file that changed size after it was checked (Content-Length was promised)', async () => {
    const file = tempFile(Buffer.from('12345'));
    const body = new StreamedJson({ video_url: 'v' }, new Map([['v', { path: file, mime: 'video/mp4', bytes: 5 }]]));
    fs.appendFileSync(file, 'more');
    await assert.rejects(collect(body), /changed while it was being sent/);
  });

  it('a 100 MB video: memory stays flat, the event loop never stalls long, and the server gets every byte', async function () {
    this.timeout(120_000);
    const size = 100 * 1024 * 1024;
    const file = tempFile(size);
    let received = 0;
    const server = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-inference-id': 'up-1' });
        res.end(JSON.stringify({ id: 'up-1', status: 'queued' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const client = new VeoClient({ baseUrl: () => `http://127.0.0.1:${port}`, apiKey: async () => 'k' });
    const body = new StreamedJson({ model: 'google/veo3-1-extend-video', prompt: 'p', video_url: 'v' }, new Map([['v', { path: file, mime: 'video/mp4', bytes: size }]]));
    const held = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external + m.arrayBuffers;
    };
    (globalThis as { gc?: () => void }).gc?.();
    const before = held();
    let peak = before;
    // One timer that re-arms itself (the house has no intervals).
    let sampler: ReturnType<typeof setTimeout>;
    const sample = () => {
      peak = Math.max(peak, held());
      sampler = setTimeout(sample, 5);
    };
    sample();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    try {
      const created = await client.createGeneration(body);
      assert.equal(created.id, 'up-1');
    } finally {
      loop.disable();
      clearTimeout(sampler!);
      await new Promise<void>((r) => server.close(() => r()));
    }
    assert.equal(received, body.contentLength, 'every byte arrived');
    assert.ok(body.contentLength > (size * 4) / 3, 'the base64 of the whole file');
    const growthMb = (peak - before) / 1024 / 1024;
    const stallMs = loop.max / 1e6;
    console.log(`      100 MB upload: memory held grew ${growthMb.toFixed(1)} MB (heap + buffers), longest event-loop stall ${stallMs.toFixed(1)} ms`);
    // Buffering it would hold > 400 MB; garbage not yet collected makes the bound loose.
    assert.ok(growthMb < 96, `memory grew ${growthMb.toFixed(1)} MB`);
    assert.ok(stallMs < 250, `the event loop stalled ${stallMs.toFixed(1)} ms`);
  });
});
