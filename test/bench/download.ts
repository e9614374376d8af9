// The download half of `npm run bench`: a 500 MB body from the simulator's CDN, saved by
// the project's downloader and by `curl -s -o`, in the same run: throughput of each and the
// peak RSS growth of this process while the downloader runs. The simulator serves from a
// child process, so both clients face the same server. Node's bare http.get piped to a
// file is measured too, as the ceiling any Node code reaches on this machine.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, promises as fsp } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { downloadToFile } from '../../src/core/download/downloader';

const BLOB_BYTES = 500 * 1024 * 1024;
const RSS_SAMPLE_MS = 50;

/** Largest RSS growth over `baseline` while `work` runs, sampled every RSS_SAMPLE_MS. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let timer: NodeJS.Timeout | undefined;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
    timer = setTimeout(sample, RSS_SAMPLE_MS);
  };
  sample();
  try {
    const result = await work();
    return { result, growth: peak - baseline };
  } finally {
    clearTimeout(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}

function curl(url: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-s', '-o', file, url], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}`))));
  });
}

/**
 * Times `work` after flushing dirty pages to disk: a 500 MB file written just before would
 * otherwise be written back during the next run and slow whichever client runs then.
 */
async function timed(work: () => Promise<unknown>): Promise<number> {
  spawnSync('sync');
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/**
 * The simulator in a process of its own: in this one, its server would share the event
 * loop with the downloader (but not with curl), and its buffers would count as ours.
 */
async function startSimulatorProcess(): Promise<{ cdnUrl: string; stop(): void }> {
  const cli = path.join(__dirname, '..', 'simulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', '--cdn-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = (): void => void child.kill();
  try {
    const cdnUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /cdn (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening: ${out}`)));
    });
    return { cdnUrl, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Saves `url` with node's own http client and a file stream: what any Node code can reach. */
function nodeHttp(url: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      pipeline(response, createWriteStream(file)).then(resolve, reject);
    }).once('error', reject);
  });
}

async function checkedSize(file: string, who: string): Promise<void> {
  const size = (await fsp.stat(file)).size;
  if (size !== BLOB_BYTES) throw new Error(`${who} saved ${size} bytes, expected ${BLOB_BYTES}`);
  await fsp.rm(file);
}

const DOWNLOAD_ROUNDS = 4;

/** Downloader throughput ÷ curl's. */
export async function benchDownload(): Promise<number> {
  const sim = await startSimulatorProcess();
  const folder = await fsp.mkdtemp(path.join(os.tmpdir(), 'veo-bench-'));
  const url = `${sim.cdnUrl}/blob/${BLOB_BYTES}`;
  const mb = BLOB_BYTES / (1024 * 1024);
  try {
    // Best of a few each, interleaved, so a disk flush or a busy neighbour hits all alike.
    let ours = Number.POSITIVE_INFINITY;
    let plain = Number.POSITIVE_INFINITY;
    let theirs = Number.POSITIVE_INFINITY;
    let growth = 0;
    let plainGrowth = 0;
    for (let round = 0; round < DOWNLOAD_ROUNDS; round++) {
      let saved = '';
      const run = await peakRssGrowth(() =>
        timed(async () => {
          saved = (await downloadToFile({ url, folder, baseName: `ours-${round}`, extension: '.bin', maxBytes: BLOB_BYTES * 2 })).file;
        }),
      );
      ours = Math.min(ours, run.result);
      growth = Math.max(growth, run.growth);
      await checkedSize(saved, 'the downloader');
      const nodeFile = path.join(folder, `node-${round}.bin`);
      const reference = await peakRssGrowth(() => timed(() => nodeHttp(url, nodeFile)));
      plain = Math.min(plain, reference.result);
      plainGrowth = Math.max(plainGrowth, reference.growth);
      await checkedSize(nodeFile, 'node http');
      const curlFile = path.join(folder, `curl-${round}.bin`);
      theirs = Math.min(theirs, await timed(() => curl(url, curlFile)));
      await checkedSize(curlFile, 'curl');
    }
    console.log(`download: ${mb} MB from the simulator CDN (own process), best of ${DOWNLOAD_ROUNDS}`);
    console.log(`  downloader ${(mb / ours).toFixed(0)} MB/s, peak RSS growth ${(growth / (1024 * 1024)).toFixed(1)} MB`);
    console.log(`  node http  ${(mb / plain).toFixed(0)} MB/s, peak RSS growth ${(plainGrowth / (1024 * 1024)).toFixed(1)} MB (reference: http.get piped to a file, no checks)`);
    console.log(`  curl       ${(mb / theirs).toFixed(0)} MB/s`);
    console.log(`  downloader vs node http: ${(plain / ours).toFixed(2)}`);
    return theirs / ours;
  } finally {
    await fsp.rm(folder, { recursive: true, force: true });
    sim.stop();
  }
}
