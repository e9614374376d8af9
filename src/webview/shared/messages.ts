// What every webview channel has in common, both sides: the answer to a request that
// failed, the bounds of text in messages, and how a refused message is described in the
// log. Shared by the extension bundle and the page bundles, so it imports only zod/mini.
import * as z from 'zod/mini';

const MAX_TEXT = 100_000;
const MAX_PATH = 4096;

/** A string of at most `max` characters. */
export const text = (max = MAX_TEXT) => z.string().check(z.maxLength(max));
/** A non-empty string of at most `max` characters (paths, ids). */
export const nonEmpty = (max = MAX_PATH) => z.string().check(z.minLength(1), z.maxLength(max));
/** Numbers a page gives its requests; the answer carries the same one. */
export const requestId = z.int().check(z.gte(0));

/**
 * The answer to a request whose handling failed in the extension (a bug, a crash of a
 * dependency): the page is waiting, so it gets this instead of silence. The channel sends it.
 */
export const requestFailedSchema = z.strictObject({ type: z.literal('requestFailed'), requestId, message: text(4000) });
export type RequestFailed = z.infer<typeof requestFailedSchema>;

/** A short description of why a message was refused, for the log (never the message itself). */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.message}`)
    .join('; ');
}

/** The type of a message for the log: its `type` if it has a short string one, else what it is. */
export function typeForLog(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type.slice(0, 40) : raw === null ? 'null' : typeof raw;
}

/**
 * What every page finds in `<body data-init>`: its words in VS Code's display language (the
 * English text → the text to show). Pages may find more there (the preview: its job).
 */
export const pageInitSchema = z.object({ l10n: z.record(z.string().check(z.maxLength(1000)), text(10_000)) });
