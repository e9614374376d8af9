// How a sequence becomes one MP4 with ffmpeg: stream copy with the concat demuxer when every
// clip shares its codec parameters (seconds, no quality loss), else a re-encode to H.264 +
// AAC at the most common size and rate, letterboxing the odd ones out. Pure: the arguments
// are data, so they are tested without running ffmpeg; render.ts runs them.
import { dominantFormat, type PictureFormat, type SequenceClip } from './sequence';
import { equals, type Rational } from './rational';

export type RenderPlan =
  | { readonly mode: 'copy'; readonly clips: readonly SequenceClip[] }
  | { readonly mode: 'encode'; readonly clips: readonly SequenceClip[]; readonly target: PictureFormat; readonly why: string };

/** The sample rate and layout every clip's sound is brought to when re-encoding. */
const AUDIO_RATE = 48_000;

function sameAudio(a: SequenceClip, b: SequenceClip): boolean {
  if (!a.media.audio || !b.media.audio) return !a.media.audio && !b.media.audio;
  const x = a.media.audio;
  const y = b.media.audio;
  return x.codecString === y.codecString && x.sampleRate === y.sampleRate && x.channels === y.channels;
}

/** What differs between two clips for a stream copy, or undefined when nothing does. */
function difference(a: SequenceClip, b: SequenceClip): string | undefined {
  if (a.media.videoCodecString !== b.media.videoCodecString) return `codec ${a.media.videoCodecString} vs ${b.media.videoCodecString}`;
  if (a.media.width !== b.media.width || a.media.height !== b.media.height) return `size ${a.media.width}×${a.media.height} vs ${b.media.width}×${b.media.height}`;
  if (!equals(a.media.frameRate, b.media.frameRate)) return 'frame rate';
  if (a.media.videoTimescale !== b.media.videoTimescale) return 'video timescale';
  if (!sameAudio(a, b)) return 'sound';
  return undefined;
}

export function planRender(clips: readonly SequenceClip[]): RenderPlan {
  if (!clips.length) throw new RangeError('There is nothing to render: no shot has a video yet.');
  const first = clips[0]!;
  for (const clip of clips.slice(1)) {
    const why = difference(first, clip);
    if (why) return { mode: 'encode', clips, target: dominantFormat(clips), why: `${first.output} and ${clip.output} differ (${why})` };
  }
  return { mode: 'copy', clips };
}

/** The concat demuxer's list file: one `file '<path>'` line per clip, quotes escaped. */
export function concatList(clips: readonly SequenceClip[]): string {
  return clips.map((c) => `file '${c.file.replace(/'/g, "'\\''")}'`).join('\n') + '\n';
}

const rateText = (r: Rational) => (r.den === 1 ? String(r.num) : `${r.num}/${r.den}`);

/** Seconds as ffmpeg reads them, exact to the microsecond. */
const seconds = (r: Rational) => (r.num / r.den).toFixed(6);

/**
 * ffmpeg's arguments (after the executable) to render the plan into `outFile`, reporting
 * progress as key=value lines on stdout. `listFile` is where the concat list was written
 * (copy mode only).
 */
export function ffmpegArgs(plan: RenderPlan, outFile: string, listFile?: string): string[] {
  const common = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1', '-y'];
  if (plan.mode === 'copy') {
    if (!listFile) throw new RangeError('ffmpegArgs: a stream copy needs the concat list file');
    return [...common, '-f', 'concat', '-safe', '0', '-i', listFile, '-map', '0', '-c', 'copy', '-movflags', '+faststart', outFile];
  }
  const { target, clips } = plan;
  const withSound = clips.some((c) => c.media.audio);
  const inputs = clips.flatMap((c) => ['-i', c.file]);
  const parts: string[] = [];
  const pads: string[] = [];
  clips.forEach((c, i) => {
    // Fit inside the target, centred, black around: never stretched.
    parts.push(
      `[${i}:v]scale=${target.width}:${target.height}:force_original_aspect_ratio=decrease,pad=${target.width}:${target.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${rateText(target.frameRate)},format=yuv420p[v${i}]`,
    );
    pads.push(`[v${i}]`);
    if (!withSound) return;
    // A silent clip gets silence of its own length, so the sound stays in step.
    parts.push(
      c.media.audio
        ? `[${i}:a]aresample=${AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`
        : `anullsrc=channel_layout=stereo:sample_rate=${AUDIO_RATE},atrim=duration=${seconds(c.media.duration)},aformat=sample_fmts=fltp[a${i}]`,
    );
    pads.push(`[a${i}]`);
  });
  parts.push(`${pads.join('')}concat=n=${clips.length}:v=1:a=${withSound ? 1 : 0}[v]${withSound ? '[a]' : ''}`);
  return [
    ...common,
    ...inputs,
    '-filter_complex',
    parts.join(';'),
    '-map',
    '[v]',
    ...(withSound ? ['-map', '[a]', '-c:a', 'aac', '-b:a', '192k'] : []),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    outFile,
  ];
}

/** How far ffmpeg got, from one block of its `-progress` output: 0–1 of `totalSeconds`, and whether it ended. */
export function parseProgress(block: string, totalSeconds: number): { fraction?: number; ended: boolean } {
  const values = new Map(
    block
      .split(/\r?\n/)
      .map((l) => l.split('='))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k!.trim(), v!.trim()] as const),
  );
  const micro = Number(values.get('out_time_us') ?? values.get('out_time_ms'));
  const fraction = Number.isFinite(micro) && micro >= 0 && totalSeconds > 0 ? Math.min(1, micro / 1e6 / totalSeconds) : undefined;
  return { ...(fraction !== undefined ? { fraction } : {}), ended: values.get('progress') === 'end' };
}
