// The benchmark (not a test): `npm run bench`, or
//   node out/test/bench/bench.js [--seed N] [--only polling|download] [--verbose] [--tune JSON]
// (--verbose lists every job's polls; --tune '{"costMs":60}' tries other AdaptiveTuning values.)
//
// (1) Polling. The simulator runs on a virtual clock SPEED times faster than real time,
//     with job timings drawn per model as the docs give them (8 s image-to-video 80–100 s,
//     lite 50–70 s, extend 160–200 s; queue wait 1–4 s, but one job in ten waits minutes).
//     The same jobs, submitted at the same moments, are watched by two Pollers at once:
//     the adaptive policy (its TimingModel starts from the docs' priors only) and
//     fixedPolicy(10 s), which is what the provider's samples do. Per strategy: GETs per
//     job and the detection delay (when the Poller reported completion − when the
//     simulator completed the job).
// (2) Download. A 500 MB body from the simulator's CDN, saved by the project's downloader
//     and by `curl -s -o`, in the same run: throughput of each and the peak RSS growth of
//     this process while the downloader runs. The simulator serves from a child process,
//     so both clients face the same server. Node's bare http.get piped to a file is
//     measured too, as the ceiling any Node code reaches on this machine.
//
// The last three lines are what CI and the report read:
//   detection delay ratio: 0.27   (adaptive mean ÷ fixed mean; target ≤ 0.30)
//   requests ratio: 0.93          (adaptive GETs ÷ fixed GETs; target ≤ 1.00)
//   download vs curl: 0.95        (downloader throughput ÷ curl's; target ≥ 0.90, < 64 MB RSS growth)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, promises as fsp } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { VeoClient } from '../../src/core/api/client';
import { downloadToFile } from '../../src/core/download/downloader';
import type { PollEvent } from '../../src/core/jobs/pollEvents';
import { Poller } from '../../src/core/jobs/poller';
import { adaptivePolicy, fixedPolicy, type AdaptiveTuning, type DelayPolicy } from '../../src/core/jobs/pollPolicy';
import { TimingModel } from '../../src/core/jobs/timing';
import { scaledClock, type Clock } from '../../src/core/util/clock';
import { DEFAULT_API_KEY, startSimulator, type VeoSimulator } from '../simulator/simulator';

/** Virtual seconds per real second. Loopback round trips stay real, so keep it modest. */
const SPEED = 25;
const JOBS = 48;
/** Jobs arrive over this stretch of virtual time, so later ones profit from what earlier ones taught. */
const ARRIVAL_SPAN_MS = 240_000;
const JOB_TIMEOUT_MS = 20 * 60_000;
const BLOB_BYTES = 500 * 1024 * 1024;
const RSS_SAMPLE_MS = 50;
/** Timer lag (virtual ms) above which the polling figures measure the machine, not the policy. */
const NOISY_LAG_MS = 2_000;

// ---- deterministic randomness -----------------------------------------------------------

/** mulberry32: small, fast, good enough to draw job timings reproducibly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

// ---- the job set --------------------------------------------------------------------------

interface ModelMix {
  readonly model: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly generateSeconds: readonly [number, number];
  readonly weight: number;
}

const IMAGE_TO_VIDEO: ModelMix = {
  model: 'google/veo-3.1-i2v',
  body: { image_url: 'https://example.com/frame.png', duration: 8 },
  generateSeconds: [80, 100],
  weight: 0.5,
};
const MIX: readonly ModelMix[] = [
  IMAGE_TO_VIDEO,
  { model: 'google/veo-3.1-lite-generate-001', body: { duration: 8 }, generateSeconds: [50, 70], weight: 0.25 },
  { model: 'google/veo3-1-extend-video', body: { video_url: 'https://example.com/clip.mp4' }, generateSeconds: [160, 200], weight: 0.25 },
];

function pickModel(random: () => number): ModelMix {
  let pick = random();
  return MIX.find((m) => (pick -= m.weight) < 0) ?? IMAGE_TO_VIDEO;
}

interface PlannedJob {
  readonly index: number;
  readonly mix: ModelMix;
  readonly arriveAfterMs: number;
  readonly queueMs: number;
  readonly generateMs: number;
}

function planJobs(random: () => number): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (let index = 0; index < JOBS; index++) {
    const mix = pickModel(random);
    // One job in ten sits in the queue for minutes: the service's long tail.
    const queueMs = random() < 0.1 ? uniform(random, 60_000, 300_000) : uniform(random, 1_000, 4_000);
    const [lo, hi] = mix.generateSeconds;
    jobs.push({ index, mix, arriveAfterMs: uniform(random, 0, ARRIVAL_SPAN_MS), queueMs, generateMs: uniform(random, lo, hi) * 1000 });
  }
  return jobs.sort((a, b) => a.arriveAfterMs - b.arriveAfterMs);
}

/** What the simulator is told for this job (whole ms). */
function scenario(job: PlannedJob): { queueMs: number; generateMs: number } {
  return { queueMs: Math.round(job.queueMs), generateMs: Math.round(job.generateMs) };
}

// ---- one strategy ---------------------------------------------------------------------------

interface Watched {
  readonly jobId: string;
  readonly planned: PlannedJob;
  detectedAt?: number;
  end?: PollEvent['kind'];
}

interface Strategy {
  readonly name: string;
  readonly poller: Poller;
  readonly timing: TimingModel;
  /** generation id → its job. */
  readonly ids: Map<string, Watched>;
  readonly byJob: Map<string, string>;
}

function makeStrategy(name: string, policy: DelayPolicy, clock: Clock, client: VeoClient, seed: number, onDone: () => void): Strategy {
  const ids = new Map<string, Watched>();
  const byJob = new Map<string, string>();
  const onEvent = (e: PollEvent): void => {
    if (e.kind === 'pending' || e.kind === 'retrying') return;
    const record = ids.get(byJob.get(e.jobId) ?? '');
    if (!record) return;
    record.end = e.kind;
    record.detectedAt = clock.now();
    if (e.kind !== 'completed') console.log(`  ${name}: job ${e.jobId} ended ${e.kind}`);
    onDone();
  };
  // Only the docs' priors: no storage, nothing learned before the run.
  const timing = new TimingModel();
  const poller = new Poller({ clock, client, timing, onEvent, policy, random: seededRandom(seed) });
  return { name, poller, timing, ids, byJob };
}

async function submit(sim: VeoSimulator, client: VeoClient, clock: Clock, strategy: Strategy, job: PlannedJob): Promise<void> {
  sim.nextJob(scenario(job));
  const created = await client.createGeneration({ model: job.mix.model, prompt: `bench job ${job.index}`, ...job.mix.body });
  const submittedAt = clock.now();
  const jobId = `${strategy.name}-${job.index}`;
  strategy.ids.set(created.id, { jobId, planned: job });
  strategy.byJob.set(jobId, created.id);
  strategy.poller.track({ jobId, generationId: created.id, model: job.mix.model, submittedAt, deadlineAt: submittedAt + JOB_TIMEOUT_MS });
}

interface Figures {
  readonly requestsPerJob: number;
  readonly requests: number;
  readonly meanDelayMs: number;
  readonly p95DelayMs: number;
}

function figures(sim: VeoSimulator, strategy: Strategy, verbose: boolean): Figures {
  const createdAt = new Map(sim.jobs().map((info) => [info.id, info.createdAt]));
  const delays: number[] = [];
  for (const [id, record] of strategy.ids) {
    const created = createdAt.get(id);
    if (record.end !== 'completed' || record.detectedAt === undefined || created === undefined) continue;
    // The simulator completes a job exactly queueMs + generateMs after creating it.
    const { queueMs, generateMs } = scenario(record.planned);
    const delay = record.detectedAt - (created + queueMs + generateMs);
    delays.push(delay);
    if (verbose) {
      const at = sim.requests.filter((r) => r.method === 'GET' && r.query['generation_id'] === id).map((r) => r.at);
      const trip = record.detectedAt - (at[at.length - 1] ?? record.detectedAt);
      const polls = at.map((t) => ((t - created) / 1000).toFixed(1));
      console.log(`    ${record.jobId} ${record.planned.mix.model.slice(7)} queue ${(queueMs / 1000).toFixed(1)} gen ${(generateMs / 1000).toFixed(1)} delay ${(delay / 1000).toFixed(2)} (trip ${trip.toFixed(0)} ms) polls ${polls.join(' ')}`);
    }
  }
  const requests = sim.requests.filter((r) => r.origin === 'api' && r.method === 'GET' && r.path === '/v2/video/generations' && strategy.ids.has(r.query['generation_id'] ?? '')).length;
  delays.sort((a, b) => a - b);
  return {
    requests,
    requestsPerJob: requests / strategy.ids.size,
    meanDelayMs: delays.reduce((s, d) => s + d, 0) / Math.max(1, delays.length),
    p95DelayMs: delays[Math.min(delays.length - 1, Math.ceil(delays.length * 0.95) - 1)] ?? Number.NaN,
  };
}

async function benchPolling(seed: number, tuning: Partial<AdaptiveTuning>, verbose: boolean): Promise<{ delayRatio: number; requestsRatio: number }> {
  const clock = scaledClock(SPEED);
  // 80 jobs of up to 8 s at up to $0.4/s: far more than the default $25.
  const sim = await startSimulator({ clock, balanceUsd: 1_000_000 });
  const client = new VeoClient({ baseUrl: () => sim.apiUrl, apiKey: () => Promise.resolve(DEFAULT_API_KEY), now: () => clock.now() });
  const jobs = planJobs(seededRandom(seed));
  let open = jobs.length * 2;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const onDone = (): void => {
    if (--open === 0) finished();
  };
  const adaptive = makeStrategy('adaptive', adaptivePolicy(tuning), clock, client, seed + 1, onDone);
  const fixed = makeStrategy('fixed10s', fixedPolicy(10_000), clock, client, seed + 2, onDone);
  const started = clock.now();
  const realStart = performance.now();
  let maxLagMs: number;
  try {
    ({ maxLagMs } = await timerLag(SPEED, async () => {
      for (const job of jobs) {
        await sleepUntil(clock, started + job.arriveAfterMs);
        // The same job for both, created back to back: same timings, same moment.
        for (const strategy of [adaptive, fixed]) await submit(sim, client, clock, strategy, job);
      }
      await allDone;
    }));
  } finally {
    adaptive.poller.dispose();
    fixed.poller.dispose();
  }
  if (verbose) {
    for (const m of MIX) {
      const w = adaptive.timing.window(m.model);
      console.log(`    learned ${m.model}: ${(w.minMs / 1000).toFixed(1)}–${(w.maxMs / 1000).toFixed(1)} s from ${adaptive.timing.sampleCount(m.model)} jobs`);
    }
  }
  const a = figures(sim, adaptive, verbose);
  const f = figures(sim, fixed, verbose);
  await sim.close();
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const real = (performance.now() - realStart) / 1000;
  console.log(`polling: ${jobs.length} jobs, seed ${seed}, ${SPEED}× clock, ${real.toFixed(1)} s real, worst timer lag ${s(maxLagMs)} virtual`);
  if (maxLagMs > NOISY_LAG_MS) {
    console.log(`  warning: this process stalled for ${s(maxLagMs)} of virtual time (a busy machine); every detection delay below carries it, so the ratios are not reliable: run again`);
  }
  for (const [name, x] of [
    ['adaptive', a],
    ['fixed 10 s', f],
  ] as const) {
    console.log(`  ${name.padEnd(11)} requests/job ${x.requestsPerJob.toFixed(2)} (${x.requests})  detection delay mean ${s(x.meanDelayMs)}  p95 ${s(x.p95DelayMs)}`);
  }
  const delayRatio = a.meanDelayMs / f.meanDelayMs;
  const requestsRatio = a.requests / f.requests;
  console.log(`  ratios: delay ${delayRatio.toFixed(2)} (p95 ${(a.p95DelayMs / f.p95DelayMs).toFixed(2)}), requests ${requestsRatio.toFixed(2)}`);
  return { delayRatio, requestsRatio };
}

/**
 * How late real timers fire while `work` runs, in virtual ms: a busy machine (a build next
 * door) delays every poll alike and shows up here, not as a worse policy.
 */
async function timerLag<T>(speed: number, work: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  const TICK_MS = 10;
  let maxLag = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (expected: number): void => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - expected);
    timer = setTimeout(() => tick(now + TICK_MS), TICK_MS);
  };
  tick(performance.now());
  try {
    return { result: await work(), maxLagMs: maxLag * speed };
  } finally {
    clearTimeout(timer);
  }
}

function sleepUntil(clock: Clock, at: number): Promise<void> {
  return new Promise((resolve) => {
    // scaledClock's timers are unref'd; the simulator's sockets keep the process alive.
    clock.setTimeout(resolve, Math.max(0, at - clock.now()));
  });
}

// ---- download -------------------------------------------------------------------------------

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

async function benchDownload(): Promise<number> {
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

// ---- main -----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, only: { type: 'string' }, tune: { type: 'string' }, verbose: { type: 'boolean' } }, strict: true });
  const seed = values.seed === undefined ? 20260801 : Number(values.seed);
  const tuning = values.tune === undefined ? {} : (JSON.parse(values.tune) as Partial<AdaptiveTuning>);
  const polling = values.only === 'download' ? undefined : await benchPolling(seed, tuning, values.verbose === true);
  const download = values.only === 'polling' ? undefined : await benchDownload();
  console.log('');
  if (polling) {
    console.log(`detection delay ratio: ${polling.delayRatio.toFixed(2)}`);
    console.log(`requests ratio: ${polling.requestsRatio.toFixed(2)}`);
  }
  if (download !== undefined) console.log(`download vs curl: ${download.toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
