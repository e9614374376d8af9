// The simulator's own model table, written from the provider's docs (aimlapi/api-docs,
// docs/api-references/video-models/Google/*.json, quoted in notes/provider-quotes.md) and NOT
// from the extension's catalog in src/: if the two disagree, requests built from the
// catalog fail here the way they would fail against the real service.
import type { IdStyle } from './ids';
import { byResolution, byResolutionAndAudio, perOutputSecond, type Pricing } from './pricing';

export type Rule =
  | { kind: 'prompt' } // required, non-blank string
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'integer' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'intEnum'; values: readonly number[] }
  | { kind: 'provider' }
  | { kind: 'image' }
  | { kind: 'video' }
  | { kind: 'imageList'; min: number; max: number };

export interface Field {
  rule: Rule;
  required?: boolean;
}

export interface ModelSpec {
  /** Canonical id, as the docs' pages and samples write it. */
  id: string;
  /** models.json: "Other names this model can still be requested under." */
  aliases: readonly string[];
  name: string;
  fields: Readonly<Record<string, Field>>;
  /**
   * Keys the docs document for sibling models but explicitly not for this one. The real
   * service would most likely strip them silently; the simulator rejects them so a catalog
   * that offers them is caught (e.g. `provider` on lite-001, `aspect_ratio` on
   * reference-to-video, whose schema lost it on 2025-12-23, commit 65877514).
   */
  rejectedKeys: readonly string[];
  defaultDuration: number;
  defaultResolution: string;
  /**
   * veo-3-1-lite-generate-preview.json (added b1702810, 2026-06-09): "When using
   * last_image_url, the duration can only be 8s." lite-001's schema says nothing of the kind.
   */
  lastFrameNeedsEight: boolean;
  /** The shape of the ids its create answers with (see ids.ts). */
  idStyle: IdStyle;
  /**
   * Only lite-001's and lite-preview's create schemas add `usd_spent: "The total amount of
   * money spent by the user in USD."` to `meta.usage` (required with `credits_used`).
   */
  usdSpentOnCreate: boolean;
  /**
   * The built-in price. Docs: "No Veo 3.1 prices anywhere in the repository", so these
   * figures are invented (Google's list price plus a margin), only plausible.
   */
  pricing: Pricing;
}

const ASPECT = { kind: 'enum', values: ['16:9', '9:16'] } as const satisfies Rule;
const DURATION_468 = { kind: 'intEnum', values: [4, 6, 8] } as const satisfies Rule;
const RES_LOWER = { kind: 'enum', values: ['720p', '1080p'] } as const satisfies Rule;
const BOOL = { kind: 'boolean' } as const satisfies Rule;

const BASE: Record<string, Field> = {
  model: { rule: { kind: 'string' }, required: true },
  prompt: { rule: { kind: 'prompt' }, required: true },
};

const TEXT_TO_VIDEO: Record<string, Field> = {
  ...BASE,
  aspect_ratio: { rule: ASPECT },
  duration: { rule: DURATION_468 },
  resolution: { rule: RES_LOWER },
  generate_audio: { rule: BOOL },
  negative_prompt: { rule: { kind: 'string' } },
  enhance_prompt: { rule: BOOL },
  seed: { rule: { kind: 'integer' } },
  auto_fix: { rule: BOOL },
  provider: { rule: { kind: 'provider' } },
};

const IMAGE_TO_VIDEO: Record<string, Field> = {
  ...BASE,
  image_url: { rule: { kind: 'image' }, required: true },
  aspect_ratio: { rule: ASPECT },
  duration: { rule: DURATION_468 },
  resolution: { rule: RES_LOWER },
  generate_audio: { rule: BOOL },
  provider: { rule: { kind: 'provider' } },
};

const FIRST_LAST: Record<string, Field> = {
  ...IMAGE_TO_VIDEO,
  last_image_url: { rule: { kind: 'image' }, required: true },
};

const REFERENCE: Record<string, Field> = {
  ...BASE,
  // Docs silent on how many (the schema has no maxItems; the sample sends 3): we choose 3.
  image_urls: { rule: { kind: 'imageList', min: 1, max: 3 }, required: true },
  duration: { rule: { kind: 'intEnum', values: [8] } },
  resolution: { rule: RES_LOWER },
  generate_audio: { rule: BOOL },
  provider: { rule: { kind: 'provider' } },
};

const LITE_001: Record<string, Field> = {
  ...BASE,
  image_url: { rule: { kind: 'image' } },
  last_image_url: { rule: { kind: 'image' } },
  aspect_ratio: { rule: ASPECT },
  // Upper case on purpose: veo-3.1-lite-generate-001.json's enum is `720P`, `1080P`.
  resolution: { rule: { kind: 'enum', values: ['720P', '1080P'] } },
  duration: { rule: DURATION_468 },
  generate_audio: { rule: BOOL },
  person_generation: { rule: { kind: 'enum', values: ['dont_allow', 'allow_adult'] } },
};

const LITE_PREVIEW: Record<string, Field> = {
  ...BASE,
  image_url: { rule: { kind: 'image' } },
  last_image_url: { rule: { kind: 'image' } },
  aspect_ratio: { rule: ASPECT },
  resolution: { rule: RES_LOWER },
  duration: { rule: DURATION_468 },
  generate_audio: { rule: BOOL },
  provider: { rule: { kind: 'provider' } },
};

const EXTEND: Record<string, Field> = {
  ...BASE,
  video_url: { rule: { kind: 'video' }, required: true },
  aspect_ratio: { rule: { kind: 'enum', values: ['auto', '16:9', '9:16'] } },
  duration: { rule: { kind: 'intEnum', values: [7] } },
  resolution: { rule: { kind: 'enum', values: ['720p'] } },
  generate_audio: { rule: BOOL },
  auto_fix: { rule: BOOL },
  provider: { rule: { kind: 'provider' } },
};

// Invented per-second figures (see ModelSpec.pricing), chosen so that every kind of price
// is exercised: most models `variants` on resolution, the text-to-video pair over two
// dimensions, the extend pair `fixed`. Nothing is `variable` unless a test says so.
const STANDARD = byResolution({ '720p': 0.42, '1080p': 0.525 });
const FAST = byResolution({ '720p': 0.1575, '1080p': 0.21 });

type Defaulted = 'aliases' | 'rejectedKeys' | 'lastFrameNeedsEight' | 'idStyle' | 'usdSpentOnCreate';

function spec(s: Omit<ModelSpec, Defaulted> & Partial<ModelSpec>): ModelSpec {
  return { aliases: [], rejectedKeys: [], lastFrameNeedsEight: false, idStyle: 'uuid', usdSpentOnCreate: false, ...s };
}

const HD = { defaultDuration: 8, defaultResolution: '1080p' };

export const MODELS: readonly ModelSpec[] = [
  spec({
    id: 'google/veo-3.1-t2v-fast',
    name: 'Veo 3.1 Fast (Text-to-Video)',
    fields: TEXT_TO_VIDEO,
    ...HD,
    pricing: byResolutionAndAudio({ '720p': { audio: 0.1575, silent: 0.105 }, '1080p': { audio: 0.21, silent: 0.1575 } }),
  }),
  spec({
    id: 'google/veo-3.1-t2v',
    name: 'Veo 3.1 (Text-to-Video)',
    fields: TEXT_TO_VIDEO,
    ...HD,
    pricing: byResolutionAndAudio({ '720p': { audio: 0.42, silent: 0.21 }, '1080p': { audio: 0.525, silent: 0.315 } }),
  }),
  spec({ id: 'google/veo-3.1-i2v', name: 'Veo 3.1 (Image-to-Video)', fields: IMAGE_TO_VIDEO, ...HD, pricing: STANDARD }),
  spec({ id: 'google/veo-3.1-i2v-fast', name: 'Veo 3.1 Fast (Image-to-Video)', fields: IMAGE_TO_VIDEO, ...HD, pricing: FAST }),
  spec({ id: 'google/veo-3.1-first-last-image-to-video', name: 'Veo 3.1 (First-Last Image-to-Video)', fields: FIRST_LAST, ...HD, pricing: STANDARD }),
  spec({ id: 'google/veo-3.1-first-last-image-to-video-fast', name: 'Veo 3.1 Fast (First-Last Image-to-Video)', fields: FIRST_LAST, ...HD, pricing: FAST }),
  spec({ id: 'google/veo-3.1-reference-to-video', name: 'Veo 3.1 (Reference-to-Video)', fields: REFERENCE, rejectedKeys: ['aspect_ratio'], ...HD, pricing: STANDARD }),
  spec({
    id: 'google/veo-3.1-lite-generate-001',
    // veo-3.1-lite-generate-001.json's model enum is the unprefixed `veo-3.1-lite-generate-001`
    // while its page and samples say `google/…`; complete-model-list.md's Veo 2 item shows the
    // same pattern as an alias (`"aliases": ["veo-2.0-generate-001"]`). Docs silent on aliases
    // of the other Veo 3.1 ids: they get none.
    aliases: ['veo-3.1-lite-generate-001'],
    name: 'Veo 3.1 Lite',
    fields: LITE_001,
    rejectedKeys: ['provider'],
    defaultDuration: 8,
    defaultResolution: '720P',
    idStyle: 'nanoid',
    usdSpentOnCreate: true,
    // Keyed as its schema spells the resolution.
    pricing: byResolution({ '720P': 0.0525, '1080P': 0.084 }),
  }),
  spec({
    id: 'google/veo-3-1-lite-generate-preview',
    name: 'Veo 3.1 Lite (Preview)',
    fields: LITE_PREVIEW,
    rejectedKeys: ['person_generation'],
    ...HD,
    lastFrameNeedsEight: true,
    idStyle: 'nanoid',
    usdSpentOnCreate: true,
    pricing: byResolution({ '720p': 0.0525, '1080p': 0.084 }),
  }),
  spec({ id: 'google/veo3-1-extend-video', name: 'Veo 3.1 Extend Video', fields: EXTEND, defaultDuration: 7, defaultResolution: '720p', idStyle: 'nanoid', pricing: perOutputSecond(0.42) }),
  spec({ id: 'google/veo3-1-fast-extend-video', name: 'Veo 3.1 Fast Extend Video', fields: EXTEND, defaultDuration: 7, defaultResolution: '720p', idStyle: 'nanoid', pricing: perOutputSecond(0.1575) }),
];

/** Every id the create endpoint accepts, canonical ids first. */
export const ACCEPTED_MODEL_IDS: readonly string[] = [...MODELS.map((m) => m.id), ...MODELS.flatMap((m) => m.aliases)];

/** The create endpoint's lookup: exact, as a zod enum compares. */
export function findModel(id: string): ModelSpec | undefined {
  return MODELS.find((m) => m.id === id || m.aliases.includes(id));
}

/** complete-model-list.md: "`id` matches **an id or an alias**", "Values are **case-insensitive**". */
export function findModelLoose(id: string): ModelSpec | undefined {
  const wanted = id.toLowerCase();
  return MODELS.find((m) => m.id.toLowerCase() === wanted || m.aliases.some((a) => a.toLowerCase() === wanted));
}
