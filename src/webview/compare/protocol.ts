// The compare panel's message protocol, shared by the extension and the page (validated
// both ways, strict, as for the other panels). The extension sends two videos and what
// differs between what made them — all as text: sidecars are read by the extension and
// never reach the page as anything but strings to show.
import * as z from 'zod/mini';
import { frameFailureSchema, frameSchema } from '../frames/protocol';

const text = (max = 50_000) => z.string().check(z.maxLength(max));
export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

const sideSchema = z.strictObject({
  /** The video as a webview resource URI. */
  src: text(4000),
  /** Its file name. */
  name: text(500),
  /** What it shows, shortened to a line (its prompt, or its file name). */
  title: text(500),
  /** Where it comes from ("Take 2 of shot 1", "job …"), when known. */
  note: z.optional(text(500)),
  /** The extension has no poster of it yet: the page sends one (its first frame, small). */
  wantsPoster: z.optional(z.boolean()),
});

const tokenSchema = z.strictObject({ text: text(), change: z.enum(['same', 'removed', 'added']) });
const rowSchema = z.strictObject({ field: text(200), left: text(10_000), right: text(10_000), same: z.boolean() });

export const compareViewSchema = z.strictObject({
  left: sideSchema,
  right: sideSchema,
  /** The prompts word by word, when both are known. */
  prompt: z.optional(z.strictObject({ left: z.array(tokenSchema).check(z.maxLength(5000)), right: z.array(tokenSchema).check(z.maxLength(5000)) })),
  rows: z.array(rowSchema).check(z.maxLength(200)),
});
export type CompareView = z.infer<typeof compareViewSchema>;

/** Extension → page. */
export const compareToPageSchema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('show'), view: compareViewSchema })]);
export type CompareToPage = z.infer<typeof compareToPageSchema>;

/** Page → extension: `ready`, then posters, playback errors, or a wish to swap the sides. */
export const compareFromPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('swap') }),
  z.strictObject({ type: z.literal('poster'), side: z.enum(SIDES), frame: frameSchema }),
  z.strictObject({ type: z.literal('posterFailed'), side: z.enum(SIDES), failure: frameFailureSchema }),
  z.strictObject({ type: z.literal('videoError'), side: z.enum(SIDES), message: text(500) }),
]);
export type CompareFromPage = z.infer<typeof compareFromPageSchema>;

/** What the page keeps across reloads: the two videos' paths (a plain object; anything else is dropped). */
export const compareStateSchema = z.object({ left: z.string().check(z.minLength(1), z.maxLength(4096)), right: z.string().check(z.minLength(1), z.maxLength(4096)) });
export type CompareState = z.infer<typeof compareStateSchema>;
