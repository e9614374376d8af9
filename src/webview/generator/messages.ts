// Every message between the generator panel and its page, both directions, as zod
// discriminated unions. The extension validates what the page posts (and drops and logs
// anything else); the page validates what the extension posts. Strict objects: a message
// with a field nobody declared is malformed, not "mostly fine".
//
// Shared by the extension bundle and the page bundle, so it imports nothing but zod/mini
// and the media vocabulary (plain data).
import * as z from 'zod/mini';
import { MEDIA_FIELDS, MEDIA_KINDS, type MediaField, type MediaOf } from '../../core/catalog/media';
import { nonEmpty, requestFailedSchema, requestId, text } from '../shared/messages';

// ---- building blocks --------------------------------------------------------------------

const MAX_PATH = 4096;

export const mediaFieldSchema = z.enum(MEDIA_FIELDS as [MediaField, ...MediaField[]]);

/** A request's media by field, each value checked by `item` (one value, or a list for list fields). */
function mediaSchema<T extends z.ZodMiniType>(item: T): z.ZodMiniType<MediaOf<z.infer<T>>> {
  const shape = Object.fromEntries(MEDIA_KINDS.map((k) => [k.field, z.optional(k.list ? z.array(item).check(z.maxLength(k.max)) : item)]));
  return z.strictObject(shape) as unknown as z.ZodMiniType<MediaOf<z.infer<T>>>;
}

/** How many videos one submit may start (variations of one request, each its own seed). */
export const MAX_VARIATIONS = 4;

export const optionValueSchema = z.union([text(10_000), z.number(), z.boolean()]);

/** Where a picked image or video lives: a file the extension checked, or an https URL. */
export const mediaRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: nonEmpty() }),
  z.strictObject({ kind: z.literal('url'), url: nonEmpty() }),
]);
export type MediaRefMessage = z.infer<typeof mediaRefSchema>;

/** A filled slot entry as the page shows it. Only the extension creates these. */
export const mediaItemSchema = z.strictObject({
  ref: mediaRefSchema,
  /** File name or URL host + path, shown as text. */
  name: text(1000),
  /** "1280×720 · 84 KB" */
  detail: z.optional(text(200)),
  /** A webview resource URI or a small data: URI; absent for URLs and videos. */
  thumb: z.optional(text(4_000_000)),
  /** Set when usable but not ideal (smaller than 720p). */
  warning: z.optional(text(1000)),
});
export type MediaItem = z.infer<typeof mediaItemSchema>;

/** Media of a draft, by the service's field names. */
export const draftMediaSchema = mediaSchema(mediaRefSchema);

/** What the person filled in: the request to submit, before media are loaded. */
export const draftSchema = z.strictObject({
  model: nonEmpty(200),
  prompt: text(),
  media: draftMediaSchema,
  options: z.record(nonEmpty(64), optionValueSchema),
});
export type Draft = z.infer<typeof draftSchema>;

export const fieldIssueSchema = z.strictObject({ field: text(200), message: text(4000) });

/** One workspace image (or video) the page may list; `thumb` only for images. */
export const workspaceEntrySchema = z.strictObject({
  path: nonEmpty(),
  label: text(MAX_PATH),
  thumb: z.optional(text(MAX_PATH * 2)),
});
export type WorkspaceEntry = z.infer<typeof workspaceEntrySchema>;

export const balanceSchema = z.strictObject({ amount: z.number(), currency: text(16) });

/** A quote for one video: its price and basis ("8 s × $0.40/s · 1080p"), or "priced after the job". */
export const estimateSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('estimate'),
    usd: z.number(),
    basis: text(500),
    /** When the price was fetched (epoch ms); `stale`: the service could not be asked just now. */
    asOf: z.number(),
    stale: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('variable') }),
]);
export type EstimateMessage = z.infer<typeof estimateSchema>;

/** What `veoStudio.openGenerator`'s argument object becomes for the page. */
export const prefillSchema = z.strictObject({
  model: z.optional(nonEmpty(200)),
  prompt: z.optional(text()),
  media: mediaSchema(mediaItemSchema),
  options: z.record(nonEmpty(64), optionValueSchema),
  /** Parts of the argument object that could not be used, shown next to their field. */
  issues: z.array(fieldIssueSchema),
});
export type Prefill = z.infer<typeof prefillSchema>;

// ---- page → extension ----------------------------------------------------------------

/** How the person wants to fill a slot. The extension checks every one of them. */
export const mediaSourceSchema = z.discriminatedUnion('kind', [
  /** A file from the workspace list (or a restored one): must be inside a workspace folder. */
  z.strictObject({ kind: z.literal('workspace'), path: nonEmpty() }),
  /** "Browse…": the extension opens the native file dialog. */
  z.strictObject({ kind: z.literal('dialog') }),
  /** Dropped from the Explorer (`text/uri-list`). */
  z.strictObject({ kind: z.literal('drop'), uris: z.array(nonEmpty()).check(z.minLength(1), z.maxLength(10)) }),
  /** An https URL the person typed. */
  z.strictObject({ kind: z.literal('url'), url: nonEmpty() }),
]);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const pageMessageSchema = z.discriminatedUnion('type', [
  /** First message of every page load: the extension answers with `init`. */
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('addMedia'), requestId, slot: mediaFieldSchema, source: mediaSourceSchema }),
  z.strictObject({ type: z.literal('estimate'), requestId, model: nonEmpty(200), options: z.record(nonEmpty(64), optionValueSchema) }),
  /** Look for workspace images and videos again. */
  z.strictObject({ type: z.literal('refreshMedia') }),
  z.strictObject({ type: z.literal('submit'), requestId, draft: draftSchema, variations: z.int().check(z.gte(1), z.lte(MAX_VARIATIONS)) }),
  /** Reveal the Jobs view. */
  z.strictObject({ type: z.literal('showJobs') }),
  /** Run "Set API Key" (the key itself never reaches the page). */
  z.strictObject({ type: z.literal('setApiKey') }),
]);
export type PageMessage = z.infer<typeof pageMessageSchema>;

// ---- extension → page ----------------------------------------------------------------

/** How a submit ended, as the answer to it says and as a page that was not there for it hears. */
const submittedFields = {
  jobIds: z.array(text(200)).check(z.minLength(1)),
  message: text(4000),
  /** Set when only some of several variations could be started. */
  warning: z.optional(text(4000)),
};
const submitFailedFields = {
  message: text(4000),
  issues: z.array(fieldIssueSchema),
  needsKey: z.boolean(),
};

export const submitOutcomeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('submitted'), ...submittedFields }),
  z.strictObject({ type: z.literal('submitFailed'), ...submitFailedFields }),
]);
export type SubmitOutcome = z.infer<typeof submitOutcomeSchema>;

export const extensionMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    images: z.array(workspaceEntrySchema),
    videos: z.array(workspaceEntrySchema),
    hasKey: z.boolean(),
    balance: z.nullable(balanceSchema),
    /**
     * A submit is on its way (asked by the page before this one: the panel was hidden
     * meanwhile). The page shows "sending…", and its outcome follows as `submitOutcome`.
     */
    sending: z.boolean(),
  }),
  /** How a submit ended whose page is gone: told to the page that came after it. */
  z.strictObject({ type: z.literal('submitOutcome'), outcome: submitOutcomeSchema }),
  z.strictObject({ type: z.literal('workspaceMedia'), images: z.array(workspaceEntrySchema), videos: z.array(workspaceEntrySchema) }),
  z.strictObject({ type: z.literal('prefill'), prefill: prefillSchema }),
  z.strictObject({
    type: z.literal('mediaAdded'),
    requestId,
    slot: mediaFieldSchema,
    items: z.array(mediaItemSchema).check(z.minLength(1)),
    /** Why some of the files (of a drop or a multiple choice) were not added. */
    refused: z.optional(text(4000)),
  }),
  z.strictObject({ type: z.literal('mediaRefused'), requestId, slot: mediaFieldSchema, message: text(4000) }),
  /** The person closed the file dialog without choosing. */
  z.strictObject({ type: z.literal('mediaCancelled'), requestId, slot: mediaFieldSchema }),
  z.strictObject({ type: z.literal('estimate'), requestId, estimate: z.nullable(estimateSchema) }),
  z.strictObject({ type: z.literal('account'), hasKey: z.boolean(), balance: z.nullable(balanceSchema) }),
  z.strictObject({ type: z.literal('submitted'), requestId, ...submittedFields }),
  z.strictObject({ type: z.literal('submitFailed'), requestId, ...submitFailedFields }),
  requestFailedSchema,
]);
export type ExtensionMessage = z.infer<typeof extensionMessageSchema>;
