// The https half of the download bench: what a person's downloads are like — clips of 2, 8
// and 20 MB over https from another host (here a self-signed loopback host in its own
// process, httpsCdn.ts), unlimited and behind a 100 Mbit/s link — saved by the project's
// downloader, by Node's bare https.get and by curl, each in a fresh process with a fresh
// connection (the TLS handshake is part of every download, as it is for a job's video).
// Times are medians of interleaved rounds; memory is bytes held (downloadClient.ts).
import { execFileSync, spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const MB = 1024 * 1024;
const SIZES = [2 * MB, 8 * MB, 20 * MB];
/** Bytes per second: none, and a 100 Mbit/s link. */
const RATES = [0, 12_500_000];
const ROUNDS = 5;

function rateName(rate: number): string {
  return rate === 0 ? 'unlimited' : `${Math.round((rate * 8) / 1_000_000)} Mbit/s`;
}

function makeCertificate(dir: string): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key, cert };
}

async function startHost(key: string, cert: string, rate: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'httpsCdn.js'), '--key', key, '--cert', cert, '--rate', String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      out += text;
      const m = /listening (https:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the https host exited (${code}): ${out}`)));
  });
  return { url, stop: () => void child.kill() };
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => (out += text));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))));
  });
}

interface ClientAnswer {
  readonly seconds: number;
  readonly bytes: number;
  readonly heldPeak?: number;
}

async function nodeClient(who: 'ours' | 'node', url: string, folder: string, cert: string, memory: boolean): Promise<ClientAnswer> {
  const args = ['--expose-gc', path.join(__dirname, 'downloadClient.js'), '--who', who, '--url', url, '--folder', folder, ...(memory ? ['--memory'] : [])];
  const answer = JSON.parse((await run(process.execPath, args, { ...process.env, NODE_EXTRA_CA_CERTS: cert })).trim().split('\n').at(-1)!) as ClientAnswer;
  return answer;
}

async function curl(url: string, folder: string, cert: string): Promise<ClientAnswer> {
  const file = path.join(folder, 'curl.bin');
  const seconds = Number(await run('curl', ['-s', '--cacert', cert, '-o', file, '-w', '%{time_total}', url], process.env));
  const bytes = (await fsp.stat(file)).size;
  await fsp.rm(file);
  return { seconds, bytes };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export interface HttpsDownloadSummary {
  /** The worst size's curl ÷ downloader throughput behind the limited link (1 = as fast as curl). */
  readonly limitedRatio: number;
  /** The same, unlimited. */
  readonly unlimitedRatio: number;
}

export async function benchHttpsDownload(): Promise<HttpsDownloadSummary> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'veo-https-bench-'));
  const { key, cert } = makeCertificate(dir);
  const worst = new Map<number, number>();
  try {
    console.log(`https download: a self-signed loopback host in its own process, a fresh process and connection per download, median of ${ROUNDS}`);
    console.log('  size   link        downloader    node https    curl          downloader vs curl   held by downloader / node https');
    for (const rate of RATES) {
      const host = await startHost(key, cert, rate);
      try {
        for (const size of SIZES) {
          const url = `${host.url}/blob/${size}`;
          const times = { ours: [] as number[], node: [] as number[], curl: [] as number[] };
          for (let round = 0; round < ROUNDS; round++) {
            for (const [who, answer] of [
              ['ours', await nodeClient('ours', url, dir, cert, false)],
              ['node', await nodeClient('node', url, dir, cert, false)],
              ['curl', await curl(url, dir, cert)],
            ] as const) {
              if (answer.bytes !== size) throw new Error(`${who} saved ${answer.bytes} bytes of ${size}`);
              times[who].push(answer.seconds);
            }
          }
          const held = rate === 0 ? [await nodeClient('ours', url, dir, cert, true), await nodeClient('node', url, dir, cert, true)] : undefined;
          const [ours, node, theirs] = [median(times.ours), median(times.node), median(times.curl)];
          const ratio = theirs / ours;
          worst.set(rate, Math.min(worst.get(rate) ?? Number.POSITIVE_INFINITY, ratio));
          const speed = (s: number) => `${((size / MB) / s).toFixed(1).padStart(6)} MB/s`;
          const heldText = held ? `${(held[0]!.heldPeak! / MB).toFixed(2)} MB / ${(held[1]!.heldPeak! / MB).toFixed(2)} MB` : '';
          console.log(`  ${String(size / MB).padStart(2)} MB  ${rateName(rate).padEnd(10)}  ${speed(ours)}   ${speed(node)}   ${speed(theirs)}   ${ratio.toFixed(2).padStart(6)}               ${heldText}`);
        }
      } finally {
        host.stop();
      }
    }
    return { unlimitedRatio: worst.get(0)!, limitedRatio: worst.get(RATES[1]!)! };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
