// A shot list as a sequence: one slot per shot, in the list's order — the chosen take of a
// saved shot, read from its file (duration, rate, size) and its sidecar, or a gap saying why
// there is nothing to show (not generated, being generated, changed since its take, or a
// file that cannot be read). Play Sequence shows every slot; the exports and the render use
// the clips, and say which shots they leave out. Which take counts is ShotTakes' answer.
import { Mp4Error } from '../core/sequence/mp4Errors';
import { sequenceTitle } from '../core/sequence/exports';
import type { Sequence, SequenceClip } from '../core/sequence/sequence';
import { readTakes } from '../core/sequence/takes';
import type { RecipePart, ShotState } from '../core/shotList/takes';
import type { ShotTakes } from './shotTakes';

/** Why a shot has no clip in the sequence. */
export type GapReason = Exclude<ShotState, 'saved'> | 'unreadable';

export type SequenceSlot =
  | {
      readonly index: number;
      readonly prompt: string;
      readonly clip: SequenceClip;
      /** The take's number, and whether the person chose it (false: the newest saved counts). */
      readonly take: number;
      readonly chosenByPerson: boolean;
      readonly gap?: undefined;
    }
  | {
      readonly index: number;
      readonly prompt: string;
      readonly clip?: undefined;
      readonly gap: GapReason;
      /** For a stale shot: what changed since its take. */
      readonly differs?: readonly RecipePart[];
      /** For an unreadable file: what is wrong with it. */
      readonly detail?: string;
    };

export interface ShotSequence {
  /** The shot list (absolute path). */
  readonly file: string;
  readonly title: string;
  /** Why the list itself could not be read (its JSON is broken, say): then it has no slots. */
  readonly problem?: string;
  readonly slots: readonly SequenceSlot[];
  /** The clips of the saved shots, in order: what the exports and the render use. */
  readonly sequence: Sequence;
}

/** Every shot of a list as a slot of its sequence, now. */
export async function loadShotSequence(takes: Pick<ShotTakes, 'list'>, file: string): Promise<ShotSequence> {
  const { plan, shots } = await takes.list(file);
  // Broken beyond reading any shot (the JSON itself, or not a shot list at all): the file's
  // first error says why. (A list with an empty "shots" array is only empty.)
  const broken = plan.total === 0 ? plan.issues.find((i) => i.severity === 'error' && i.path.length === 0) : undefined;
  if (broken) return { file, title: sequenceTitle(file), problem: broken.message, slots: [], sequence: { title: sequenceTitle(file), clips: [] } };
  const prompts = new Map(plan.shots.map((s) => [s.index, s.request.prompt]));
  const slots: SequenceSlot[] = [];
  for (const status of shots) {
    const prompt = prompts.get(status.index) ?? '';
    const chosen = status.chosen;
    if (status.state !== 'saved' || !chosen?.video) {
      slots.push({ index: status.index, prompt, gap: status.state === 'saved' ? 'notGenerated' : status.state, ...(status.state === 'stale' ? { differs: status.differs } : {}) });
      continue;
    }
    const planned = plan.shots.find((s) => s.index === status.index);
    const [reading] = await readTakes([
      { file: chosen.video, shotIndex: status.index, prompt, ...(planned ? { model: planned.request.model } : {}) },
    ]);
    if (reading?.clip) slots.push({ index: status.index, prompt, clip: reading.clip, take: chosen.take, chosenByPerson: status.chosenByPerson });
    else slots.push({ index: status.index, prompt, gap: 'unreadable', detail: reading?.error instanceof Mp4Error ? reading.error.message : 'unknown' });
  }
  const title = sequenceTitle(file);
  return { file, title, slots, sequence: { title, clips: slots.flatMap((s) => (s.clip ? [s.clip] : [])) } };
}

/** The shots (1-based) a sequence leaves out, with why: for the exports' and the render's messages. */
export function leftOut(sequence: ShotSequence): Array<{ readonly shot: number; readonly gap: GapReason }> {
  return sequence.slots.flatMap((s) => (s.gap ? [{ shot: s.index + 1, gap: s.gap }] : []));
}
