// Which ffmpeg renders a sequence: the one the person named in `veoStudio.ffmpegPath`
// (machine-scoped and restricted: a workspace cannot make Veo Studio run a program of its
// choosing), else the first on the PATH. Nothing else in Veo Studio needs ffmpeg: Play
// Sequence and the exports work without it.
import { findFfmpeg as findOnDisk } from '../core/sequence/render';
import { readSettings } from './settings';

export interface FoundFfmpeg {
  /** The program to run, or undefined when there is none. */
  readonly file?: string;
  /** The configured path, when the person set one (so a message can say that one is wrong). */
  readonly configured?: string;
}

export async function findFfmpeg(): Promise<FoundFfmpeg> {
  const configured = readSettings().ffmpegPath;
  const file = await findOnDisk(configured);
  return { ...(file ? { file } : {}), ...(configured ? { configured } : {}) };
}
