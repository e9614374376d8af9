// One download for the https bench, in a fresh process (started with NODE_EXTRA_CA_CERTS so
// the self-signed host is trusted the way a real CDN's certificate is): the project's
// downloader, or Node's bare https.get piped to a file as the reference any Node code
// reaches. Prints one JSON line: the seconds the download took (connection and TLS
// handshake included, process start-up not) and, with --memory, the most bytes held above
// the start — heap, external and array buffers, sampled right after a forced collection
// (run with --expose-gc), not RSS, which only shows how late the collector runs.
//   node --expose-gc out/test/bench/downloadClient.js --who ours|node --url URL --folder DIR [--memory]
import { createWriteStream, promises as fsp } from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { downloadToFile } from '../../src/core/download/downloader';

const gc = (globalThis as { gc?: () => void }).gc;
const held = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const SAMPLE_MS = 20;

function nodeHttps(url: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    https
      .get(url, (response) => {
        pipeline(response, createWriteStream(file)).then(resolve, reject);
      })
      .once('error', reject);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { who: { type: 'string' }, url: { type: 'string' }, folder: { type: 'string' }, memory: { type: 'boolean' } },
    strict: true,
  });
  const { who, url, folder } = values;
  if (!url || !folder || (who !== 'ours' && who !== 'node')) throw new Error('--who ours|node, --url and --folder are required');
  const memory = values.memory === true;
  if (memory && !gc) throw new Error('--memory needs node --expose-gc');

  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  let baseline = 0;
  if (memory) {
    gc!();
    baseline = held();
    const sample = (): void => {
      gc!();
      peak = Math.max(peak, held() - baseline);
      timer = setTimeout(sample, SAMPLE_MS);
    };
    timer = setTimeout(sample, SAMPLE_MS);
  }
  const started = performance.now();
  let file: string;
  if (who === 'ours') {
    file = (await downloadToFile({ url, folder, baseName: 'ours', extension: '.bin', maxBytes: 1024 * 1024 * 1024 })).file;
  } else {
    file = path.join(folder, 'node.bin');
    await nodeHttps(url, file);
  }
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  const bytes = (await fsp.stat(file)).size;
  await fsp.rm(file);
  console.log(JSON.stringify({ seconds, bytes, heldPeak: memory ? peak : undefined }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
