// What the sequence panel shows for a shot list, decided here (pure, so unit tests read it
// in plain Node): one tile per shot, in the list's order — the chosen take's clip with its
// duration read from the file, or a gap with its state in words — and the line that sums
// them up, or, when no shot has a clip yet, what to do instead.
import * as l10n from '@vscode/l10n';
import { toNumber } from '../../core/sequence/rational';
import { recipePartText } from '../../core/text/shotText';
import { shortPrompt } from '../../core/text/jobText';
import type { SequenceSlot } from '../../platform/shotSequence';
import type { SequenceTile, SequenceView } from './protocol';

/** How a clip reaches the page: its webview URI, and its poster when one was made. */
export interface ClipMedia {
  readonly src: string;
  readonly poster?: string;
  /** No poster yet, but the page can make one. */
  readonly wantsPoster?: boolean;
}

export interface SequenceInput {
  readonly file: string;
  readonly title: string;
  readonly slots: readonly SequenceSlot[];
  /** Why the list itself could not be read. */
  readonly problem?: string;
}

/** What the page can say of a broken list, at most (the protocol's text limit is 1,000). */
const PROBLEM_CHARS = 400;

/** 4 → "4.0 s"; 64.5 → "1:04.5". */
export function durationText(seconds: number): string {
  const tenths = Math.round(Math.max(0, seconds) * 10);
  if (tenths < 600) return l10n.t('{0} s', (tenths / 10).toFixed(1));
  const minutes = Math.floor(tenths / 600);
  const rest = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return `${minutes}:${rest}`;
}


function gapState(slot: Extract<SequenceSlot, { gap: string }>): string {
  switch (slot.gap) {
    case 'notGenerated':
      return l10n.t('Not generated yet');
    case 'generating':
      return l10n.t('Being generated');
    case 'stale':
      return slot.differs?.length ? l10n.t('Changed since its take ({0})', slot.differs.map(recipePartText).join(', ')) : l10n.t('Changed since its take');
    case 'unreadable':
      return l10n.t('Its video cannot be read: {0}', slot.detail ?? l10n.t('unknown'));
  }
}

/** The strip's tiles, one per slot, in order. `media` says how each clip's file reaches the page. */
export function sequenceTiles(slots: readonly SequenceSlot[], media: (file: string) => ClipMedia): SequenceTile[] {
  return slots.map((slot): SequenceTile => {
    const common = { index: slot.index, label: l10n.t('Shot {0}', slot.index + 1), prompt: shortPrompt(slot.prompt, 80) };
    if (slot.gap) return { kind: 'gap', ...common, gap: slot.gap, state: gapState(slot) };
    const seconds = toNumber(slot.clip.media.duration);
    const { src, poster, wantsPoster } = media(slot.clip.file);
    return {
      kind: 'clip',
      ...common,
      src,
      name: slot.clip.file.split(/[\\/]/).pop() ?? slot.clip.file,
      seconds,
      duration: durationText(seconds),
      take: slot.chosenByPerson ? l10n.t('Take {0} (chosen)', slot.take) : l10n.t('Take {0}', slot.take),
      ...(poster ? { poster } : wantsPoster ? { wantsPoster: true } : {}),
    };
  });
}

export function sequenceView(input: SequenceInput, media: (file: string) => ClipMedia): SequenceView {
  const tiles = sequenceTiles(input.slots, media);
  const clips = tiles.filter((t) => t.kind === 'clip');
  const gaps = tiles.length - clips.length;
  const file = input.file.split(/[\\/]/).pop() ?? input.file;
  const total = clips.reduce((sum, t) => sum + t.seconds, 0);
  const parts = [
    tiles.length === 1 ? l10n.t('1 shot') : l10n.t('{0} shots', tiles.length),
    clips.length === 1 ? l10n.t('1 clip') : l10n.t('{0} clips', clips.length),
    ...(gaps ? [gaps === 1 ? l10n.t('1 gap') : l10n.t('{0} gaps', gaps)] : []),
    ...(clips.length ? [durationText(total)] : []),
  ];
  const problem = input.problem === undefined ? undefined : input.problem.length > PROBLEM_CHARS ? `${input.problem.slice(0, PROBLEM_CHARS - 1)}…` : input.problem;
  const empty = problem !== undefined
    ? l10n.t('{0} cannot be played: {1} Fix the list in its editor (the Problems panel says where), and its shots play here.', file, problem)
    : !tiles.length
    ? l10n.t('This shot list has no shots yet. Add shots to {0}, generate them, and they play here one after another.', file)
    : !clips.length
      ? l10n.t('No shot of this list has a saved video yet. Run “Veo Studio: Generate Shot List” on {0}: each shot plays here once its video is saved.', file)
      : undefined;
  return { title: input.title, file, tiles, summary: parts.join(' · '), ...(empty ? { empty } : {}) };
}
