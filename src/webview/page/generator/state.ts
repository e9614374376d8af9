// The generator form as data: what the person chose, kept with getState/setState so the
// panel comes back as it was after being hidden or after a reload. Everything here is a
// pure function of the catalog and this state (unit-tested without a page), so the page's
// views only show it and turn the person's edits into calls of these functions.
import * as z from 'zod/mini';
import { allModels, DEFAULT_MODEL_ID, findModel, normaliseOption, validateDraft, type FieldIssue, type MediaCounts } from '../../../core/catalog/catalog';
import { mediaFromLists, mediaKind, refsOf } from '../../../core/catalog/media';
import type { MediaField, MediaSlot, ModelSpec, OptionSpec, OptionValue } from '../../../core/catalog/types';
import { fieldIssueSchema, MAX_VARIATIONS, mediaFieldSchema, mediaItemSchema, optionValueSchema, type Draft, type MediaItem, type Prefill } from '../../generator/messages';

export type SlotMedia = Partial<Record<MediaField, readonly MediaItem[]>>;

const stateSchema = z.object({
  v: z.literal(1),
  model: z.string(),
  prompt: z.string(),
  options: z.record(z.string(), optionValueSchema),
  media: z.partialRecord(mediaFieldSchema, z.array(mediaItemSchema)),
  variations: z.int().check(z.gte(1), z.lte(MAX_VARIATIONS)),
  touched: z.array(z.string()),
  serviceIssues: z.array(fieldIssueSchema),
});

export interface FormState {
  readonly v: 1;
  readonly model: string;
  readonly prompt: string;
  /**
   * Option values the person set, by the service's field name. Kept across model changes:
   * a value the new model does not allow just is not used (its default shows instead).
   */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** Media by field, kept across model changes like the options: a model uses what fits its slots. */
  readonly media: SlotMedia;
  readonly variations: number;
  /** Fields whose problems are shown (the person has been there, or tried to submit). */
  readonly touched: readonly string[];
  /** What the extension or the service said about fields at the last submit or pre-fill. */
  readonly serviceIssues: readonly FieldIssue[];
}

export function initialState(): FormState {
  return { v: 1, model: DEFAULT_MODEL_ID, prompt: '', options: {}, media: {}, variations: 1, touched: [], serviceIssues: [] };
}

/** The saved state, if it is one this page understands; else a fresh form. */
export function restoreState(saved: unknown): FormState {
  const parsed = stateSchema.safeParse(saved);
  if (!parsed.success || !findModel(parsed.data.model)) return initialState();
  return parsed.data as FormState;
}

export function modelOf(state: FormState): ModelSpec {
  return findModel(state.model) ?? findModel(DEFAULT_MODEL_ID)!;
}

// ---- edits ---------------------------------------------------------------------------------

/**
 * Marks a field as visited: its problems show from now on, and what the service said about
 * it no longer applies (the person changed it).
 */
export function touch(state: FormState, ...fields: string[]): FormState {
  const touched = [...new Set([...state.touched, ...fields])];
  return { ...state, touched, serviceIssues: state.serviceIssues.filter((i) => !fields.includes(i.field)) };
}

/** Shows the problems of these fields without clearing what the service said (a submit, a pre-fill). */
export function reveal(state: FormState, fields: readonly string[]): FormState {
  return { ...state, touched: [...new Set([...state.touched, ...fields])] };
}

/** Another model: the prompt, options and media stay, and each model uses what fits it. */
export function switchModel(state: FormState, model: string): FormState {
  return findModel(model) ? touch({ ...state, model }, 'model') : state;
}

export function setPrompt(state: FormState, prompt: string): FormState {
  return touch({ ...state, prompt }, 'prompt');
}

/** Sets an option, or clears it with undefined (the model's default shows again). */
export function setOption(state: FormState, key: string, value: OptionValue | undefined): FormState {
  const options = { ...state.options };
  if (value === undefined) delete options[key];
  else options[key] = value;
  return touch({ ...state, options }, key);
}

export function setVariations(state: FormState, variations: number): FormState {
  return { ...state, variations: Math.min(MAX_VARIATIONS, Math.max(1, Math.trunc(variations) || 1)) };
}

export function setMedia(state: FormState, field: MediaField, items: readonly MediaItem[]): FormState {
  return touch({ ...state, media: { ...state.media, [field]: [...items] } }, field);
}

/** How many items a slot holds at most: its count for list fields, else one. */
export function slotCapacity(slot: MediaSlot): number {
  return mediaKind(slot.field).list ? (slot.count?.max ?? mediaKind(slot.field).max) : 1;
}

/**
 * Items the extension checked, put into a slot: a slot of one is replaced by the newest; a
 * list slot gains them, without a file it has already, up to its capacity.
 */
export function addMedia(state: FormState, slot: MediaSlot, items: readonly MediaItem[]): FormState {
  const current = slotItems(state, slot);
  if (slotCapacity(slot) === 1) return setMedia(state, slot.field, items.slice(-1));
  // The same file twice in the references is a slip, not a choice.
  const fresh = items.filter((item, i) => !current.some((c) => sameRef(c.ref, item.ref)) && items.findIndex((o) => sameRef(o.ref, item.ref)) === i);
  return setMedia(state, slot.field, [...current, ...fresh].slice(0, slotCapacity(slot)));
}

export function removeMedia(state: FormState, slot: MediaSlot, index: number): FormState {
  return setMedia(
    state,
    slot.field,
    slotItems(state, slot).filter((_, i) => i !== index),
  );
}

export function sameRef(a: MediaItem['ref'], b: MediaItem['ref']): boolean {
  return a.kind === 'file' ? b.kind === 'file' && a.path === b.path : b.kind === 'url' && a.url === b.url;
}

// ---- what the form means ---------------------------------------------------------------------

/** The person's value for an option if this model allows it, else undefined. */
export function chosenValue(spec: OptionSpec, state: FormState): OptionValue | undefined {
  const raw = state.options[spec.key];
  if (raw === undefined || raw === '') return undefined;
  const checked = normaliseOption(spec, raw);
  return checked.ok ? checked.value : undefined;
}

/** What the control shows: the person's value, else the model's default (none for seed and text). */
export function shownValue(spec: OptionSpec, state: FormState): OptionValue | undefined {
  const value = chosenValue(spec, state);
  if (value !== undefined) return value;
  return 'default' in spec ? spec.default : undefined;
}

/** Options to send: only what the person set (the catalog fills in the defaults). */
export function chosenOptions(model: ModelSpec, state: FormState): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const spec of model.options) {
    const value = chosenValue(spec, state);
    if (value !== undefined) out[spec.key] = value;
  }
  return out;
}

/** Every option with its effective value (for the estimate and the summary). */
export function effectiveOptions(model: ModelSpec, state: FormState): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const spec of model.options) {
    const value = shownValue(spec, state);
    if (value !== undefined) out[spec.key] = value;
  }
  return out;
}

/** Variations differ only by their seed: a model without a seed option makes one video. */
export function offersVariations(model: ModelSpec): boolean {
  return model.options.some((o) => o.key === 'seed');
}

/** How many videos a submit starts for this model. */
export function variationCount(model: ModelSpec, state: FormState): number {
  return offersVariations(model) ? state.variations : 1;
}

/** What one slot of the model holds, up to what it takes. */
export function slotItems(state: FormState, slot: MediaSlot): readonly MediaItem[] {
  return (state.media[slot.field] ?? []).slice(0, slotCapacity(slot));
}

/** The media of the state that this model takes, by field. */
export function modelMedia(model: ModelSpec, state: FormState): SlotMedia {
  const out: SlotMedia = {};
  for (const s of model.slots) {
    const items = slotItems(state, s);
    if (items.length) out[s.field] = items;
  }
  return out;
}

/** The request to submit, as the page knows it (the extension loads the files). */
export function draftOf(state: FormState): Draft {
  const model = modelOf(state);
  const lists: Partial<Record<MediaField, MediaItem['ref'][]>> = {};
  for (const [field, items] of Object.entries(modelMedia(model, state)) as Array<[MediaField, MediaItem[]]>) lists[field] = items.map((i) => i.ref);
  const media: Draft['media'] = mediaFromLists(lists);
  return { model: model.id, prompt: state.prompt, media, options: chosenOptions(model, state) };
}

/** The catalog's verdict on the form, one message per field. */
export function validate(state: FormState): FieldIssue[] {
  const model = modelOf(state);
  const counts: MediaCounts = {};
  for (const [field, items] of Object.entries(modelMedia(model, state)) as Array<[MediaField, MediaItem[]]>) counts[field] = items.length;
  const result = validateDraft({ model: model.id, prompt: state.prompt, media: counts, options: chosenOptions(model, state) });
  const issues = result.ok ? [] : [...result.issues];
  // A seed or text the person typed that the catalog refuses is their mistake, shown on the
  // field. (An enum value from another model is not: that control simply shows the default.)
  for (const spec of model.options) {
    const raw = state.options[spec.key];
    if ((spec.kind !== 'integer' && spec.kind !== 'text') || raw === undefined || raw === '') continue;
    const checked = normaliseOption(spec, raw);
    if (!checked.ok && !issues.some((i) => i.field === spec.key)) issues.push(...checked.issues);
  }
  return issues;
}

/** Applies a pre-fill: a new model replaces the media; the rest is merged. */
export function applyPrefill(state: FormState, prefill: Prefill): FormState {
  const media: Record<string, readonly MediaItem[]> = prefill.model ? {} : { ...state.media };
  for (const kind of Object.keys(prefill.media) as MediaField[]) {
    const items = refsOf(prefill.media, kind);
    if (items.length) media[kind] = [...items];
  }
  return {
    ...state,
    model: prefill.model && findModel(prefill.model) ? prefill.model : state.model,
    prompt: prefill.prompt ?? state.prompt,
    options: { ...state.options, ...prefill.options },
    media,
    serviceIssues: prefill.issues,
    touched: prefill.issues.map((i) => i.field),
  };
}

/** Models in catalog order, grouped by what they take. */
export function modelsByGroup(): Map<ModelSpec['group'], ModelSpec[]> {
  const groups = new Map<ModelSpec['group'], ModelSpec[]>();
  for (const m of allModels()) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  return groups;
}
