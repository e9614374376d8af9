// The upload bench: a create carrying a 100 MB video (and, for scale, three 20 MB images)
// to a loopback server that counts the bytes, through the real client and its streamed body.
// Memory is what is actually held — heap, external and array buffers sampled right after a
// forced garbage collection — and the stall is the event loop's longest delay.
//   node --expose-gc out/test/bench/uploadBench.js
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { VeoClient } from '../../src/core/api/client';
import { StreamedJson, type FileValue } from '../../src/core/api/streamedBody';

export interface UploadFigures {
  readonly label: string;
  readonly bytesSent: number;
  /** Most memory held above the start, in MB. */
  readonly heldGrowthMb: number;
  /** Longest event-loop delay, ms. */
  readonly stallMs: number;
  readonly seconds: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

export async function measureUpload(label: string, sizes: readonly number[]): Promise<UploadFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-upbench-'));
  const files = new Map<string, FileValue>();
  const value: Record<string, unknown> = { model: 'google/veo-3.1-reference-to-video', prompt: 'bench' };
  sizes.forEach((bytes, i) => {
    const file = path.join(dir, `m${i}.bin`);
    fs.writeFileSync(file, '');
    fs.truncateSync(file, bytes);
    files.set(`F${i}`, { path: file, mime: 'image/png', bytes });
  });
  value[sizes.length > 1 ? 'image_urls' : 'video_url'] = sizes.length > 1 ? sizes.map((_, i) => `F${i}`) : 'F0';
  let received = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (received += c.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"b","status":"queued"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const client = new VeoClient({ baseUrl: () => `http://127.0.0.1:${port}`, apiKey: async () => 'k' });
  gc?.();
  const before = held();
  let peak = before;
  let timer: ReturnType<typeof setTimeout>;
  const sample = () => {
    gc?.();
    peak = Math.max(peak, held());
    timer = setTimeout(sample, 50);
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  sample();
  try {
    await client.createGeneration(new StreamedJson(value, files));
  } finally {
    clearTimeout(timer!);
    loop.disable();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The GC sampling adds its own pauses to the loop's delay: the stall is measured without it.
  return { label, bytesSent: received, heldGrowthMb: (peak - before) / 1024 / 1024, stallMs: loop.max / 1e6, seconds: (performance.now() - started) / 1000 };
}

export async function measureStall(label: string, sizes: readonly number[]): Promise<number> {
  const saved = (globalThis as { gc?: () => void }).gc;
  (globalThis as { gc?: () => void }).gc = undefined;
  try {
    return (await measureUpload(label, sizes)).stallMs;
  } finally {
    (globalThis as { gc?: () => void }).gc = saved;
  }
}

async function main(): Promise<void> {
  if (!gc) console.log('(run with node --expose-gc for memory held; without it the figure includes garbage not yet collected)');
  for (const [label, sizes] of [
    ['one 100 MB video', [100 * 1024 * 1024]],
    ['three 20 MB images', [20 * 1024 * 1024, 20 * 1024 * 1024, 20 * 1024 * 1024]],
  ] as const) {
    const m = await measureUpload(label, sizes);
    const stall = await measureStall(label, sizes);
    console.log(`upload ${label}: ${(m.bytesSent / 1024 / 1024).toFixed(0)} MB sent in ${m.seconds.toFixed(2)} s, memory held +${m.heldGrowthMb.toFixed(1)} MB, longest stall ${stall.toFixed(1)} ms`);
  }
}

if (require.main === module) void main();
