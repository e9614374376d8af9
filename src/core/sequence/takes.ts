// From the chosen take of each shot to the clips of a sequence: each video's facts read from
// the file, its recipe from the sidecar saved beside it. A take that cannot be read does not
// stop the others; it comes back with its error, so a player can show a gap and an export
// can say which shot is missing.
import * as fs from 'node:fs/promises';
import { sidecarPathFor, type Sidecar } from '../jobs/sidecar';
import { isSidecar } from '../shotList/saveAsShot';
import { Mp4Error } from './mp4Errors';
import { readMp4Facts } from './mp4Reader';
import { clipFromSidecar, fileStem, type Sequence, type SequenceClip } from './sequence';

export interface Take {
  /** Absolute path of the video. */
  readonly file: string;
  /** The shot's position in its shot list, from 0. */
  readonly shotIndex: number;
  /** The shot's output name; the file's name without extension when not given. */
  readonly output?: string;
  /** What the shot list says, for a video whose sidecar is missing. */
  readonly prompt?: string;
  readonly model?: string;
}

export type TakeReading =
  | { readonly take: Take; readonly clip: SequenceClip; readonly error?: undefined }
  | { readonly take: Take; readonly clip?: undefined; readonly error: Mp4Error };

/** The sidecar beside a video, or undefined when there is none or it is not one of ours. */
export async function readSidecarOf(videoFile: string): Promise<Sidecar | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(sidecarPathFor(videoFile), 'utf8'));
    return isSidecar(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Reads every take, one file at a time, in order. */
export async function readTakes(takes: readonly Take[]): Promise<TakeReading[]> {
  const readings: TakeReading[] = [];
  for (const take of takes) {
    try {
      const media = await readMp4Facts(take.file);
      const sidecar = await readSidecarOf(take.file);
      const clip: SequenceClip = sidecar
        ? clipFromSidecar(take.file, media, take.shotIndex, sidecar, take.output)
        : { file: take.file, media, shotIndex: take.shotIndex, output: take.output ?? fileStem(take.file), prompt: take.prompt ?? '', model: take.model ?? '' };
      readings.push({ take, clip });
    } catch (error) {
      if (!(error instanceof Mp4Error)) throw error;
      readings.push({ take, error });
    }
  }
  return readings;
}

/** The sequence of the takes that could be read, in order. */
export function sequenceOf(title: string, readings: readonly TakeReading[]): Sequence {
  return { title, clips: readings.flatMap((r) => (r.clip ? [r.clip] : [])) };
}
