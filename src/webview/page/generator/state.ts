// The generator form as data: what the person chose, kept with getState/setState so the
// panel comes back as it was after being hidden or after a reload. Everything here is a
// pure function of the catalog and this state, so the page's rendering stays simple.
import * as z from 'zod/mini';
import { allModels, DEFAULT_MODEL_ID, findModel, normaliseOption, validateDraft, type FieldIssue, type MediaCounts } from '../../../core/catalog/catalog';
import type { MediaField, ModelSpec, OptionSpec, OptionValue } from '../../../core/catalog/types';
import { mediaFromLists } from '../../../core/catalog/media';
import { fieldIssueSchema, MAX_VARIATIONS, mediaFieldSchema, mediaItemSchema, optionValueSchema, type Draft, type MediaItem, type Prefill } from '../../generator/messages';

export type SlotMedia = Partial<Record<MediaField, MediaItem[]>>;

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

/** The media of the state that this model takes, by field. */
export function modelMedia(model: ModelSpec, state: FormState): SlotMedia {
  const out: SlotMedia = {};
  for (const s of model.slots) {
    const items = state.media[s.field];
    if (items?.length) out[s.field] = items.slice(0, s.count?.max ?? 1);
  }
  return out;
}

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
  const media: SlotMedia = prefill.model ? {} : { ...state.media };
  for (const [field, value] of Object.entries(prefill.media) as Array<[MediaField, MediaItem | MediaItem[] | undefined]>) {
    if (value !== undefined) media[field] = Array.isArray(value) ? value : [value];
  }
  return {
    ...state,
    model: prefill.model ?? state.model,
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

