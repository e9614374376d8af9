// The preview panel's message protocol, shared by the extension and the page. Both sides
// validate every message they receive with these schemas (zod/mini: small enough for the
// page bundle), so a malformed or unknown message is dropped, never acted on. Strict
// objects, as for the generator: a message with a field nobody declared is malformed too.
//
// The page only ever says what the person wants (an intent, for the job it shows); the
// extension decides what that means. No command name ever comes from the page.
import * as z from 'zod/mini';
import { frameFailureSchema, frameSchema } from '../frames/protocol';

/** Everything a button in the preview can ask for. */
export const INTENTS = [
  'openExternally',
  'reveal',
  'copyPrompt',
  'regenerate',
  'editAndRegenerate',
  'extend',
  'compareWith',
  'retry',
  'resume',
  'cancel',
  'showLog',
  'showDetails',
  'setApiKey',
] as const;
export type Intent = (typeof INTENTS)[number];

const id = z.string().check(z.minLength(1), z.maxLength(200));
const text = z.string().check(z.maxLength(50_000));

const row = z.strictObject({ label: text, value: text });
const section = z.strictObject({ title: text, rows: z.array(row) });
const action = z.strictObject({
  intent: z.enum(INTENTS),
  label: text,
  /** A codicon name, e.g. "link-external". */
  icon: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  primary: z.optional(z.boolean()),
});

export const previewViewSchema = z.strictObject({
  jobId: id,
  /** The prompt, shortened to one line. */
  title: text,
  prompt: text,
  status: z.enum(['submitting', 'unconfirmed', 'pending', 'downloading', 'completed', 'failed', 'timedOut', 'cancelled']),
  statusText: text,
  /** The saved video, as a webview resource URI; absent until (and unless) it is saved. */
  video: z.optional(z.strictObject({ src: z.string().check(z.maxLength(4000)), fileName: text })),
  /** Shown under the video: why it may be silent in VS Code, and what to do. */
  audioNote: z.optional(text),
  /** What went wrong (or is going on) and what the person can do about it. */
  problem: z.optional(z.strictObject({ severity: z.enum(['error', 'warning', 'info']), message: text, advice: text })),
  sections: z.array(section),
  actions: z.array(action),
  /** Frames saved from this video (Save Frame), oldest first: the strip under the player. */
  frames: z.optional(z.array(z.strictObject({ src: z.string().check(z.maxLength(4000)), name: text, at: z.number().check(z.gte(0)) })).check(z.maxLength(200))),
  /** The extension has no poster of this video yet: the page sends one (its first frame, small). */
  wantsPoster: z.optional(z.boolean()),
});
export type PreviewView = z.infer<typeof previewViewSchema>;

/** Extension → page. */
export const toPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('show'), view: previewViewSchema }),
  /** The job is no longer in the list (removed, or restored after it was cleared). */
  z.strictObject({ type: z.literal('gone'), jobId: id, message: text }),
]);
export type ToPage = z.infer<typeof toPageSchema>;

/** What a frame the page sends is for. */
export const FRAME_PURPOSES = ['save', 'continue', 'poster'] as const;
export type FramePurpose = (typeof FRAME_PURPOSES)[number];

/** Page → extension. `ready` comes first; then intents about the job on screen. */
export const fromPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.enum(INTENTS), jobId: id }),
  /** The video element could not play the file (logged; the page shows its own hint). */
  z.strictObject({ type: z.literal('videoError'), jobId: id, message: z.string().check(z.maxLength(500)) }),
  /**
   * A frame the page decoded: to save (Save Frame, First, Last), to save and continue from
   * (Continue from Frame, Continue from Last Frame), or as the video's poster.
   */
  z.strictObject({ type: z.literal('frame'), jobId: id, purpose: z.enum(FRAME_PURPOSES), frame: frameSchema }),
  /** A frame the person asked for could not be decoded. */
  z.strictObject({ type: z.literal('frameFailed'), jobId: id, purpose: z.enum(FRAME_PURPOSES), failure: frameFailureSchema }),
]);
export type FromPage = z.infer<typeof fromPageSchema>;

/**
 * What the page keeps across reloads: only which job it shows. Not a message: a plain object,
 * so anything else in a saved state (from an older version) is dropped rather than refused.
 */
export const previewStateSchema = z.object({ jobId: id });
export type PreviewState = z.infer<typeof previewStateSchema>;

export function isIntent(message: FromPage): message is Extract<FromPage, { type: Intent }> {
  return (INTENTS as readonly string[]).includes(message.type);
}
