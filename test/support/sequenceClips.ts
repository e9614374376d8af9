// Clips of known length, size and rate made with ffmpeg for the render tests (the in-host
// suite and the UI journey): a test pattern with a tone, H.264 + AAC like Veo's. Clips made
// with the same size, rate and sound share their codec parameters, so they stream-copy;
// another size makes a render re-encode. ffmpeg comes from test/support/system-deps.sh.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClipSpec {
  readonly seconds: number;
  readonly width?: number;
  readonly height?: number;
  readonly rate?: number;
  /** A heavier pattern and a slower preset: for a render that lasts long enough to cancel. */
  readonly busy?: boolean;
}

/** Makes `<folder>/<name>` as the spec says; resolves with its path. */
export async function makeClip(folder: string, name: string, spec: ClipSpec): Promise<string> {
  const { seconds, width = 320, height = 180, rate = 24, busy = false } = spec;
  const file = path.join(folder, name);
  const source = busy ? 'testsrc2' : 'testsrc';
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `${source}=size=${width}x${height}:rate=${rate}:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}:sample_rate=48000`,
    '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', busy ? 'ultrafast' : 'veryfast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-ac', '2', '-shortest', '-movflags', '+faststart', file,
  ]);
  return file;
}

/** What ffprobe says about a file: its duration and its streams. */
export async function probe(file: string): Promise<{ duration: number; streams: Array<{ codec_type: string; width?: number; height?: number }> }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,width,height', '-of', 'json', file]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: Array<{ codec_type: string; width?: number; height?: number }> };
  return { duration: Number(parsed.format.duration), streams: parsed.streams };
}
