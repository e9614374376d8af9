// Running ffmpeg for a render plan (renderPlan.ts): into a temp file in the output folder,
// then placed under a name that never replaces a file (the downloader's placeUnique), with
// progress from ffmpeg's `-progress` lines, Cancel that kills it and leaves no partial file,
// and a failure that carries ffmpeg's last lines and the full command.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { placeUnique } from '../download/files';
import { add, rational, type Rational } from './rational';
import { concatList, ffmpegArgs, parseProgress, planRender, type RenderPlan } from './renderPlan';
import type { SequenceClip } from './sequence';

export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    message: string,
    /** ffmpeg's last lines of output (what went wrong, in its words). */
    readonly lastLines: readonly string[],
    /** The whole command, for the log. */
    readonly command: string,
  ) {
    super(message);
  }
}

export class RenderCancelled extends Error {
  override readonly name = 'RenderCancelled';
  constructor() {
    super('The render was cancelled; nothing was saved.');
  }
}

/** ffmpeg to use: the configured path when it can be run, else the first `ffmpeg` on the PATH. */
export async function findFfmpeg(configured: string | undefined, envPath = process.env['PATH'] ?? ''): Promise<string | undefined> {
  const runnable = async (file: string) => fsp.access(file, fsConstants.X_OK).then(() => true, () => false);
  if (configured?.trim()) return (await runnable(configured.trim())) ? configured.trim() : undefined;
  const names = process.platform === 'win32' ? ['ffmpeg.exe', 'ffmpeg'] : ['ffmpeg'];
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    for (const name of names) if (await runnable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

export interface RenderOptions {
  readonly ffmpeg: string;
  readonly clips: readonly SequenceClip[];
  /** The folder and name the film goes to (never over an existing file: "-2" and so on). */
  readonly folder: string;
  readonly baseName: string;
  readonly signal?: AbortSignal;
  /** 0–1 as ffmpeg reports how far it got. */
  readonly onProgress?: (fraction: number) => void;
  readonly log?: (line: string) => void;
}

export interface RenderResult {
  readonly file: string;
  readonly plan: RenderPlan;
  /** The clips' durations added up: what the film should last. */
  readonly duration: Rational;
}

const LAST_LINES = 15;

export async function renderSequence(o: RenderOptions): Promise<RenderResult> {
  const plan = planRender(o.clips);
  const duration = o.clips.reduce<Rational>((sum, c) => add(sum, c.media.duration), rational(0));
  const totalSeconds = duration.num / duration.den;
  await fsp.mkdir(o.folder, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const temp = path.join(o.folder, `.veo-render-${tag}.part.mp4`);
  const list = path.join(o.folder, `.veo-render-${tag}.txt`);
  if (plan.mode === 'copy') await fsp.writeFile(list, concatList(plan.clips), { flag: 'wx' });
  const args = ffmpegArgs(plan, temp, plan.mode === 'copy' ? list : undefined);
  const command = [o.ffmpeg, ...args].map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  o.log?.(`render (${plan.mode === 'copy' ? 'stream copy' : `re-encode: ${plan.why}`}): ${command}`);
  try {
    await run(o, args, totalSeconds, command);
    const file = await placeUnique(temp, o.folder, o.baseName, '.mp4', ['.json']);
    return { file, plan, duration };
  } finally {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    await fsp.rm(list, { force: true }).catch(() => undefined);
  }
}

function run(o: RenderOptions, args: readonly string[], totalSeconds: number, command: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (o.signal?.aborted) return reject(new RenderCancelled());
    const child = spawn(o.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const last: string[] = [];
    let pending = '';
    let cancelled = false;
    const keep = (text: string) => {
      for (const line of text.split(/\r?\n/)) if (line.trim()) last.push(line.trim());
      last.splice(0, Math.max(0, last.length - LAST_LINES));
    };
    child.stderr.setEncoding('utf8').on('data', keep);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      // `-progress` writes blocks of key=value lines, each ending with progress=…
      pending += chunk;
      let end: number;
      while ((end = pending.search(/progress=\w+\r?\n/)) !== -1) {
        const stop = pending.indexOf('\n', end) + 1;
        const { fraction } = parseProgress(pending.slice(0, stop), totalSeconds);
        pending = pending.slice(stop);
        if (fraction !== undefined) o.onProgress?.(fraction);
      }
    });
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      o.signal?.removeEventListener('abort', onAbort);
      reject(new RenderError(`ffmpeg could not be started (${error.message}).`, last, command));
    });
    child.on('close', (code, signal) => {
      o.signal?.removeEventListener('abort', onAbort);
      if (cancelled) return reject(new RenderCancelled());
      if (code === 0) return resolve();
      reject(new RenderError(`ffmpeg stopped with ${code !== null ? `exit code ${code}` : `signal ${signal}`}: ${last.at(-1) ?? 'no message'}`, last, command));
    });
  });
}
