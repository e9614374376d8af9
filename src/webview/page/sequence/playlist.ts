// Where the sequence player is, decided without the DOM (so unit tests read it in plain
// Node): which tile plays after which (gaps are stepped over), which tile an arrow key
// moves to, where the player stays when the extension sends the strip again (the same clip
// of the same shot keeps playing), and how far into the whole film a moment of one clip is.
import type { ClipTile, SequenceTile } from '../../sequence/protocol';

export const isClip = (tile: SequenceTile | undefined): tile is ClipTile => tile?.kind === 'clip';

/** The first clip at or after `from` (a position in the strip), if any. */
export function clipFrom(tiles: readonly SequenceTile[], from: number): number | undefined {
  for (let i = Math.max(0, from); i < tiles.length; i++) if (isClip(tiles[i])) return i;
  return undefined;
}

/** The clip that plays after the one at `position`: the next one, over any gaps. */
export function nextClip(tiles: readonly SequenceTile[], position: number): number | undefined {
  return clipFrom(tiles, position + 1);
}

/** The clip before the one at `position`, over any gaps. */
export function previousClip(tiles: readonly SequenceTile[], position: number): number | undefined {
  for (let i = Math.min(position, tiles.length) - 1; i >= 0; i--) if (isClip(tiles[i])) return i;
  return undefined;
}

/** The tile a key moves the focus to in a strip of `count` tiles (undefined: not a key of the strip). */
export function keyTarget(key: string, at: number, count: number): number | undefined {
  if (count <= 0) return undefined;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(count - 1, at + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(0, at - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * Where the player is once the strip is sent again: on the same shot while it still has the
 * same clip (it goes on playing), else on that shot's tile or the nearest clip after it, else
 * the first clip. `keep` says whether the video element may stay as it is.
 */
export function samePlace(before: readonly SequenceTile[], at: number | undefined, after: readonly SequenceTile[]): { at: number | undefined; keep: boolean } {
  const was = at !== undefined ? before[at] : undefined;
  if (!was) return { at: clipFrom(after, 0), keep: false };
  const now = after.findIndex((t) => t.index === was.index);
  if (now >= 0 && isClip(was) && isClip(after[now]) && after[now].src === was.src) return { at: now, keep: true };
  const from = now >= 0 ? now : after.findIndex((t) => t.index > was.index);
  return { at: (from >= 0 ? clipFrom(after, from) : undefined) ?? clipFrom(after, 0), keep: false };
}

/** Seconds into the whole film at `seconds` into the clip at `position`, and the film's length. */
export function filmTime(tiles: readonly SequenceTile[], position: number | undefined, seconds: number): { at: number; total: number } {
  let before = 0;
  let total = 0;
  tiles.forEach((tile, i) => {
    if (!isClip(tile)) return;
    if (position !== undefined && i < position) before += tile.seconds;
    total += tile.seconds;
  });
  const here = position !== undefined && isClip(tiles[position]) ? Math.min(Math.max(0, seconds), tiles[position].seconds) : 0;
  return { at: before + here, total };
}

/** 64.2 → "1:04". */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds + 1e-6));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
