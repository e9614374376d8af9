// Looks models up, normalises what people type into what the service accepts, and
// validates a request body against the model's zod schema before anything is sent.
import * as z from 'zod/mini';
import { mediaFromLists, mediaKind, type MediaField, type MediaOf } from './media';
import { MODELS } from './models';
import type { MediaSlot, ModelSpec, OptionSpec, OptionValue } from './types';

export const DEFAULT_MODEL_ID = 'google/veo-3.1-t2v-fast';

/** Prompts are free text; this only stops a pasted file from becoming a request. */
export const MAX_PROMPT_LENGTH = 20_000;

/** One problem with one field of a request; `field` is a service field name, `prompt` or `model`. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** The media of a request as the service receives them: https URLs or data URIs. */
export type WireMedia = MediaOf<string>;

/** A request body exactly as it is POSTed. */
export type RequestBody = { readonly model: string; readonly prompt: string } & Readonly<Record<string, unknown>>;

const byId = new Map<string, ModelSpec>();
for (const model of MODELS) {
  for (const id of [model.id, ...model.aliases]) byId.set(id, model);
}

export function allModels(): readonly ModelSpec[] {
  return MODELS;
}

/** Finds a model by its id or one of the ids the provider's docs also use. */
export function findModel(id: string): ModelSpec | undefined {
  return byId.get(id);
}

export function option(model: ModelSpec, key: string): OptionSpec | undefined {
  return model.options.find((o) => o.key === key);
}

export function slot(model: ModelSpec, field: MediaField): MediaSlot | undefined {
  return model.slots.find((s) => s.field === field);
}

/** "4, 6, 8" — allowed values as a person reads them. */
function listValues(values: readonly (string | number)[]): string {
  return values.map(String).join(', ');
}

/**
 * Turns a loosely typed option value (a string from JSON, a setting, a command argument)
 * into the exact value the model accepts — "6" → 6, "720p" → "720P" on lite-001 — or
 * explains why it cannot.
 */
export function normaliseOption(spec: OptionSpec, raw: unknown): Checked<OptionValue> {
  const fail = (message: string): Checked<OptionValue> => ({ ok: false, issues: [{ field: spec.key, message }] });
  switch (spec.kind) {
    case 'enum': {
      const text = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim().toLowerCase() : undefined;
      const match = text === undefined ? undefined : spec.values.find((v) => String(v).toLowerCase() === text);
      return match === undefined
        ? fail(`${spec.label} must be one of ${listValues(spec.values)}; got ${JSON.stringify(raw)}.`)
        : { ok: true, value: match };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return fail(`${spec.label} must be true or false; got ${JSON.stringify(raw)}.`);
    }
    case 'integer': {
      const n = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < spec.min || n > spec.max) {
        return fail(`${spec.label} must be a whole number from ${spec.min} to ${spec.max}; got ${JSON.stringify(raw)}.`);
      }
      return { ok: true, value: n };
    }
    case 'text': {
      if (typeof raw !== 'string') return fail(`${spec.label} must be text.`);
      if (raw.length > spec.maxLength) return fail(`${spec.label} is longer than ${spec.maxLength} characters.`);
      return { ok: true, value: raw };
    }
  }
}

/**
 * Normalises every given option and fills in the defaults the body should state.
 * Unknown option names are refused rather than dropped: a typo must not silently
 * become a default. Empty strings and null mean "not set".
 */
export function resolveOptions(model: ModelSpec, given: Readonly<Record<string, unknown>>): Checked<Record<string, OptionValue>> {
  const issues: FieldIssue[] = [];
  const out: Record<string, OptionValue> = {};
  for (const [key, raw] of Object.entries(given)) {
    const spec = option(model, key);
    if (!spec) {
      const known = model.options.map((o) => o.key).join(', ');
      issues.push({ field: key, message: `"${key}" is not an option of ${model.label}. Its options are: ${known}.` });
      continue;
    }
    if (raw === undefined || raw === null || raw === '') continue;
    const checked = normaliseOption(spec, raw);
    if (checked.ok) out[key] = checked.value;
    else issues.push(...checked.issues);
  }
  for (const spec of model.options) {
    if (out[spec.key] === undefined && spec.sendDefault && 'default' in spec) out[spec.key] = spec.default;
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}

// ---- zod schemas -----------------------------------------------------------------------

const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,[A-Za-z0-9+/=]+$/i;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** An https URL or a base64 data URI of the right kind: what the service's media fields take. */
export function isMediaReference(value: string, accepts: 'image' | 'video'): boolean {
  const data = DATA_URI.exec(value);
  if (data) {
    const type = data[1]!.toLowerCase();
    return accepts === 'image' ? IMAGE_TYPES.has(type) : type.startsWith('video/');
  }
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function optionSchema(spec: OptionSpec): z.ZodMiniType {
  switch (spec.kind) {
    case 'enum':
      return z.literal(spec.values, { error: `${spec.label} must be one of ${listValues(spec.values)}.` });
    case 'boolean':
      return z.boolean({ error: `${spec.label} must be true or false.` });
    case 'integer':
      return z.int({ error: `${spec.label} must be a whole number.` }).check(
        z.gte(spec.min, { error: `${spec.label} must be at least ${spec.min}.` }),
        z.lte(spec.max, { error: `${spec.label} must be at most ${spec.max}.` }),
      );
    case 'text':
      return z.string({ error: `${spec.label} must be text.` }).check(
        z.maxLength(spec.maxLength, { error: `${spec.label} is longer than ${spec.maxLength} characters.` }),
      );
  }
}

function mediaSchema(s: MediaSlot): z.ZodMiniType {
  const what = s.accepts === 'image' ? 'a PNG, JPEG or WebP image (https URL or data URI)' : 'a video (https URL or data URI)';
  const one = z
    .string({ error: `${s.label}: ${what} is required.` })
    .check(z.refine((v) => isMediaReference(v, s.accepts), { error: `${s.label} must be ${what}.` }));
  if (!s.count) return one;
  return z.array(one, { error: `${s.label}: give ${s.count.min} to ${s.count.max} images.` }).check(
    z.minLength(s.count.min, { error: `${s.label}: give at least ${s.count.min}.` }),
    z.maxLength(s.count.max, { error: `${s.label}: give at most ${s.count.max}.` }),
  );
}

const schemas = new Map<ModelSpec, z.ZodMiniType>();

/** The zod schema of a complete request body for this model (built once per model). */
export function requestSchema(model: ModelSpec): z.ZodMiniType {
  let schema = schemas.get(model);
  if (schema) return schema;
  const shape: Record<string, z.ZodMiniType> = {
    model: z.literal([model.id, ...model.aliases], { error: `Model must be ${model.id}.` }),
    prompt: z.string({ error: 'A prompt is required.' }).check(
      z.refine((p) => p.trim().length > 0, { error: 'Describe the video in the prompt.' }),
      z.maxLength(MAX_PROMPT_LENGTH, { error: `The prompt is longer than ${MAX_PROMPT_LENGTH} characters.` }),
    ),
  };
  for (const s of model.slots) shape[s.field] = s.required ? mediaSchema(s) : z.optional(mediaSchema(s));
  for (const o of model.options) shape[o.key] = z.optional(optionSchema(o));
  schema = z.strictObject(shape).check(
    z.superRefine((body: Record<string, unknown>, ctx) => {
      for (const rule of model.rules) {
        const broken = rule.check(body);
        if (broken) ctx.addIssue({ code: 'custom', path: [broken.field], message: broken.message, input: body[broken.field] });
      }
    }),
  );
  schemas.set(model, schema);
  return schema;
}

/** Turns zod's issues into one message per field, in the order fields appear. */
export function issuesFromZod(error: z.core.$ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? 'request');
    const message = issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}.` : issue.message;
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message });
  }
  return issues;
}

export interface BodyInput {
  readonly model: string;
  readonly prompt: string;
  readonly media: WireMedia;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Builds the exact body to POST for a request and validates it. Media must already be
 * URLs or data URIs; options are normalised and defaults filled in.
 */
export function buildRequestBody(input: BodyInput): Checked<RequestBody> {
  const model = findModel(input.model);
  if (!model) return { ok: false, issues: [unknownModel(input.model)] };
  const options = resolveOptions(model, input.options);
  if (!options.ok) return options;
  const body: Record<string, unknown> = { model: model.id, prompt: input.prompt.trim() };
  for (const s of model.slots) {
    const value = input.media[s.field];
    if (value !== undefined) body[s.field] = value;
  }
  for (const spec of model.options) {
    const value = options.value[spec.key];
    if (value !== undefined) body[spec.key] = value;
  }
  const parsed = requestSchema(model).safeParse(body);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
  return { ok: true, value: body as RequestBody };
}

/** The options a built body states (normalised, defaults filled): what a retry must send again. */
export function optionsOf(model: ModelSpec, body: RequestBody): Record<string, OptionValue> {
  return Object.fromEntries(model.options.filter((o) => body[o.key] !== undefined).map((o) => [o.key, body[o.key] as OptionValue]));
}

/** Every option's default, where it has one: what "Generate with the defaults" sends. */
export function defaultOptions(model: ModelSpec): Record<string, OptionValue> {
  return Object.fromEntries(model.options.flatMap((o) => ('default' in o ? [[o.key, o.default]] : [])));
}

export function unknownModel(id: string): FieldIssue {
  return { field: 'model', message: `Unknown model "${id}". Known models: ${MODELS.map((m) => m.id).join(', ')}.` };
}

/** How many media a draft has per field (1 for a single slot that is filled). */
export type MediaCounts = Partial<Record<MediaField, number>>;

// Stand-ins for media that are picked but not read yet: the schema then checks presence
// and counts, which is all a draft can know before the files are loaded.
const PLACEHOLDER = { image: 'data:image/png;base64,AA==', video: 'data:video/mp4;base64,AA==' } as const;

/**
 * Validates a request before its media are loaded (the generator panel as the person
 * types, a command's arguments before files are read): everything but the media contents.
 */
export function validateDraft(input: { model: string; prompt: string; media: MediaCounts; options: Readonly<Record<string, unknown>> }): Checked<RequestBody> {
  const model = findModel(input.model);
  if (!model) return { ok: false, issues: [unknownModel(input.model)] };
  const lists: Partial<Record<MediaField, string[]>> = {};
  for (const s of model.slots) lists[s.field] = Array.from({ length: input.media[s.field] ?? 0 }, () => PLACEHOLDER[s.accepts]);
  const media: Record<string, unknown> = { ...mediaFromLists(lists) };
  // A required list left empty is sent as [] so the schema names its minimum.
  for (const s of model.slots) if (s.required && mediaKind(s.field).list && media[s.field] === undefined) media[s.field] = [];
  const extra = Object.entries(input.media).filter(([field, n]) => (n ?? 0) > 0 && !slot(model, field as MediaField));
  const result = buildRequestBody({ model: model.id, prompt: input.prompt, media: media as WireMedia, options: input.options });
  if (!extra.length) return result;
  const issues = extra.map(([field]) => ({ field, message: `${model.label} does not take ${field}.` }));
  return { ok: false, issues: [...issues, ...(result.ok ? [] : result.issues)] };
}
