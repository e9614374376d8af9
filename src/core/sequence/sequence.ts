// A sequence: the chosen take of each shot, in the shot list's order, with the facts read
// from each video file. The exporters (otio.ts, edl.ts, fcpxml.ts) turn one into text; the
// timeline arithmetic they share (which rate, how many frames, where each clip lands) is here
// so the three formats cannot disagree.
import type { Sidecar } from '../jobs/sidecar';
import type { Mp4Facts } from './mp4Reader';
import { equals, floorToInteger, multiply, roundToInteger, type Rational } from './rational';

export interface SequenceClip {
  /** Absolute path of the video. */
  readonly file: string;
  /** What the file says about itself (readMp4Facts). */
  readonly media: Mp4Facts;
  /** The shot's position in its shot list, from 0. */
  readonly shotIndex: number;
  /** The shot's output name (the video's file name without extension): the clip's name in an editor. */
  readonly output: string;
  readonly prompt: string;
  readonly model: string;
  readonly seed?: number;
  readonly jobId?: string;
  /** What the take cost, when the service said. */
  readonly costUsd?: number;
}

export interface Sequence {
  /** The timeline's name: the shot list's name ("storyboard"). */
  readonly title: string;
  readonly clips: readonly SequenceClip[];
}

/** "shot-01" for ".../videos/shot-01.mp4", with either kind of slash. */
export function fileStem(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
}

/** The metadata of a clip from the sidecar saved beside its video; the seed is the `seed` option when set. */
export function clipFromSidecar(file: string, media: Mp4Facts, shotIndex: number, sidecar: Sidecar, output?: string): SequenceClip {
  // A sidecar comes from disk: only its prompt and model are known to be there (isSidecar).
  const seed: unknown = sidecar.parameters?.['seed'];
  const usd: unknown = sidecar.cost?.usd;
  return {
    file,
    media,
    shotIndex,
    output: output ?? fileStem(file),
    prompt: sidecar.prompt,
    model: sidecar.model,
    ...(typeof seed === 'number' && Number.isInteger(seed) ? { seed } : {}),
    ...(typeof sidecar.jobId === 'string' && sidecar.jobId ? { jobId: sidecar.jobId } : {}),
    ...(typeof usd === 'number' && Number.isFinite(usd) ? { costUsd: usd } : {}),
  };
}

/** The film rate editors assume when clips disagree (and what Veo makes). */
export const DEFAULT_TIMELINE_RATE: Rational = { num: 24, den: 1 };

/** The clips' frame rate when they all share one, else 24 fps. */
export function sharedRate(clips: readonly SequenceClip[]): Rational {
  const first = clips[0]?.media.frameRate;
  return first && clips.every((c) => equals(c.media.frameRate, first)) ? first : DEFAULT_TIMELINE_RATE;
}

/** A picture format: rate and size, as editors group clips. */
export interface PictureFormat {
  readonly frameRate: Rational;
  readonly width: number;
  readonly height: number;
}

export function formatOf(clip: SequenceClip): PictureFormat {
  return { frameRate: clip.media.frameRate, width: clip.media.width, height: clip.media.height };
}

export function sameFormat(a: PictureFormat, b: PictureFormat): boolean {
  return equals(a.frameRate, b.frameRate) && a.width === b.width && a.height === b.height;
}

/** The format most clips have (the earliest of equals): a timeline's own format, and what a re-encode aims at. */
export function dominantFormat(clips: readonly SequenceClip[]): PictureFormat {
  if (!clips.length) throw new RangeError('a sequence needs at least one clip');
  let best = formatOf(clips[0]!);
  let bestCount = 0;
  for (const clip of clips) {
    const format = formatOf(clip);
    const count = clips.filter((c) => sameFormat(formatOf(c), format)).length;
    if (count > bestCount) [best, bestCount] = [format, count];
  }
  return best;
}

/**
 * How many frames of a timeline at `rate` the clip fills: its own frame count at its own rate;
 * at another rate, the whole frames of its duration (never more than the video holds, which
 * an editor would refuse), and at least one.
 */
export function framesAt(clip: SequenceClip, rate: Rational): number {
  if (equals(clip.media.frameRate, rate)) return clip.media.frameCount;
  return Math.max(1, floorToInteger(multiply(clip.media.duration, rate)));
}

export interface PlacedClip {
  readonly clip: SequenceClip;
  /** Where it starts on the timeline, in frames from the timeline's start. */
  readonly start: number;
  readonly frames: number;
}

/** The clips end to end, without gaps, on a timeline at `rate`. */
export function layOut(clips: readonly SequenceClip[], rate: Rational): PlacedClip[] {
  let start = 0;
  return clips.map((clip) => {
    const frames = framesAt(clip, rate);
    const placed = { clip, start, frames };
    start += frames;
    return placed;
  });
}

/** Frames per second that timecode counts: 24 for 24000/1001 too (non-drop timecode of NTSC rates). */
export function timecodeBase(rate: Rational): number {
  return Math.max(1, roundToInteger(rate));
}

/** Timelines start at 01:00:00:00, as editors' do. */
export const START_HOURS = 1;

/** Non-drop-frame timecode "HH:MM:SS:FF" of a frame count. */
export function timecode(frames: number, base: number): string {
  const perHour = base * 3600;
  if (frames < 0 || frames >= 24 * perHour) throw new RangeError(`${frames} frames do not fit in a day of timecode`);
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(frames / perHour);
  const minutes = Math.floor((frames % perHour) / (base * 60));
  const seconds = Math.floor((frames % (base * 60)) / base);
  return `${two(hours)}:${two(minutes)}:${two(seconds)}:${two(frames % base)}`;
}
