// The sequence panel's message protocol, shared by the extension and the page (validated
// both ways, strict, as for the other panels). The extension sends the shot list as a
// strip of tiles — one per shot, in the list's order: the chosen take's clip, or a gap
// saying why there is none — every word already written as text; the page plays the clips
// back to back and never shows anything from the message as markup.
import * as z from 'zod/mini';
import { frameFailureSchema, frameSchema } from '../frames/protocol';

const text = (max = 2000) => z.string().check(z.maxLength(max));
const shot = z.int().check(z.gte(0), z.lte(10_000));

export const GAP_REASONS = ['notGenerated', 'generating', 'stale', 'unreadable'] as const;

const commonTile = {
  /** The shot's position in the list, from 0. */
  index: shot,
  /** "Shot 2". */
  label: text(200),
  /** The prompt on one line, shortened. */
  prompt: text(500),
};

export const clipTileSchema = z.strictObject({
  kind: z.literal('clip'),
  ...commonTile,
  /** The video as a webview resource URI. */
  src: text(4000),
  /** Its file name. */
  name: text(500),
  /** Seconds it plays (read from the file). */
  seconds: z.number().check(z.gte(0), z.lte(24 * 3600)),
  /** "4.0 s". */
  duration: text(100),
  /** "Take 2 (chosen)", "Take 1 (newest)". */
  take: text(200),
  /** The poster as a PNG data URL, when one was made. */
  poster: z.optional(z.string().check(z.maxLength(4_000_000), z.startsWith('data:image/png;base64,'))),
  /** No poster yet: the page makes one (the first frame, small) and sends it. */
  wantsPoster: z.optional(z.boolean()),
});

export const gapTileSchema = z.strictObject({
  kind: z.literal('gap'),
  ...commonTile,
  gap: z.enum(GAP_REASONS),
  /** "Not generated", "Being generated", "Changed since its take (prompt)", "Cannot be read: …". */
  state: text(1000),
});

export const tileSchema = z.discriminatedUnion('kind', [clipTileSchema, gapTileSchema]);
export type SequenceTile = z.infer<typeof tileSchema>;
export type ClipTile = z.infer<typeof clipTileSchema>;
export type GapTile = z.infer<typeof gapTileSchema>;

export const sequenceViewSchema = z.strictObject({
  /** The shot list's name ("storyboard"). */
  title: text(500),
  /** The shot list's file name. */
  file: text(1000),
  tiles: z.array(tileSchema).check(z.maxLength(10_000)),
  /** "3 shots · 2 clips · 9.0 s"; with no clip, what to do instead. */
  summary: text(1000),
  /** Set when no shot has a clip: what the person can do (the page shows it instead of a player). */
  empty: z.optional(text(1000)),
});
export type SequenceView = z.infer<typeof sequenceViewSchema>;

/** Extension → page. */
export const sequenceToPageSchema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('show'), view: sequenceViewSchema })]);
export type SequenceToPage = z.infer<typeof sequenceToPageSchema>;

/** Page → extension: `ready`, then posters it made and clips it could not play. */
export const sequenceFromPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** The poster the page made of the clip at `src` (the first frame, small). */
  z.strictObject({ type: z.literal('poster'), index: shot, src: text(4000), frame: frameSchema }),
  z.strictObject({ type: z.literal('posterFailed'), index: shot, failure: frameFailureSchema }),
  z.strictObject({ type: z.literal('videoError'), index: shot, message: text(500) }),
]);
export type SequenceFromPage = z.infer<typeof sequenceFromPageSchema>;

/** What the page keeps across reloads: the shot list's path (a plain object; anything else is dropped). */
export const sequenceStateSchema = z.object({ shotList: z.string().check(z.minLength(1), z.maxLength(4096)) });
export type SequenceState = z.infer<typeof sequenceStateSchema>;
