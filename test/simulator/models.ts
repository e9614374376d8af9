// The simulator's own model table, written from shared/docs/aimlapi-veo.md and NOT from the
// extension's catalog in src/: if the two disagree, requests built from the catalog fail
// here the way they would fail against the real service.
//
// Validation mimics the service's zod 3 schemas: it collects every issue and words them
// the way zod 3 does ("Required", "Expected integer, received string",
// "Invalid enum value. Expected '16:9' | '9:16', received '1:1'" …), so the extension's
// error display is exercised with realistic text.

/** One zod-3-style issue, as sent in the `errors` array of a 400. */
export interface ValidationIssue {
  code: string;
  path: Array<string | number>;
  message: string;
  [detail: string]: unknown;
}

type Rule =
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

interface Field {
  rule: Rule;
  required?: boolean;
}

export interface ModelSpec {
  /** Canonical id, as the docs' pages and samples write it. */
  id: string;
  /** Other ids the service accepts for the same model (lite-001's schema omits the prefix). */
  aliases: readonly string[];
  name: string;
  fields: Readonly<Record<string, Field>>;
  /**
   * Keys the docs document for sibling models but explicitly not for this one. The real
   * service would most likely strip them silently; the simulator rejects them so a catalog
   * that offers them is caught (e.g. `provider` on lite-001, `aspect_ratio` on
   * reference-to-video, which was removed from its schema in 2025-11).
   */
  rejectedKeys: readonly string[];
  defaultDuration: number;
  defaultResolution: string;
  resolutions: readonly string[];
  /** Lite models: a last frame requires an 8 s clip. */
  lastFrameNeedsEight: boolean;
  /** Built-in USD per second, per resolution variant. */
  prices: Readonly<Record<string, number>>;
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
  // Google's own limit is 3 reference images.
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
  // Upper case on purpose: that is what lite-001's schema says.
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

// Plausible per-second prices (Google's list price plus the gateway's margin). Only the
// shape matters for tests; the exact numbers can be overridden per simulator.
const STANDARD = { '720p': 0.42, '1080p': 0.42 };
const FAST = { '720p': 0.1575, '1080p': 0.1575 };

function spec(s: Omit<ModelSpec, 'aliases' | 'rejectedKeys' | 'lastFrameNeedsEight'> & Partial<ModelSpec>): ModelSpec {
  return { aliases: [], rejectedKeys: [], lastFrameNeedsEight: false, ...s };
}

export const MODELS: readonly ModelSpec[] = [
  spec({ id: 'google/veo-3.1-t2v-fast', name: 'Veo 3.1 Fast (Text-to-Video)', fields: TEXT_TO_VIDEO, defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: FAST }),
  spec({ id: 'google/veo-3.1-t2v', name: 'Veo 3.1 (Text-to-Video)', fields: TEXT_TO_VIDEO, defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: STANDARD }),
  spec({ id: 'google/veo-3.1-i2v', name: 'Veo 3.1 (Image-to-Video)', fields: IMAGE_TO_VIDEO, defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: STANDARD }),
  spec({ id: 'google/veo-3.1-i2v-fast', name: 'Veo 3.1 Fast (Image-to-Video)', fields: IMAGE_TO_VIDEO, defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: FAST }),
  spec({ id: 'google/veo-3.1-first-last-image-to-video', name: 'Veo 3.1 (First-Last Image-to-Video)', fields: FIRST_LAST, defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: STANDARD }),
  spec({ id: 'google/veo-3.1-first-last-image-to-video-fast', name: 'Veo 3.1 Fast (First-Last Image-to-Video)', fields: FIRST_LAST, defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: FAST }),
  spec({ id: 'google/veo-3.1-reference-to-video', name: 'Veo 3.1 (Reference-to-Video)', fields: REFERENCE, rejectedKeys: ['aspect_ratio'], defaultDuration: 8, defaultResolution: '1080p', resolutions: ['720p', '1080p'], prices: STANDARD }),
  spec({
    id: 'google/veo-3.1-lite-generate-001',
    aliases: ['veo-3.1-lite-generate-001'],
    name: 'Veo 3.1 Lite',
    fields: LITE_001,
    rejectedKeys: ['provider'],
    defaultDuration: 8,
    defaultResolution: '720P',
    resolutions: ['720P', '1080P'],
    lastFrameNeedsEight: true,
    prices: { '720P': 0.0525, '1080P': 0.084 },
  }),
  spec({
    id: 'google/veo-3-1-lite-generate-preview',
    name: 'Veo 3.1 Lite (Preview)',
    fields: LITE_PREVIEW,
    rejectedKeys: ['person_generation'],
    defaultDuration: 8,
    defaultResolution: '1080p',
    resolutions: ['720p', '1080p'],
    lastFrameNeedsEight: true,
    prices: { '720p': 0.0525, '1080p': 0.084 },
  }),
  spec({ id: 'google/veo3-1-extend-video', name: 'Veo 3.1 Extend Video', fields: EXTEND, defaultDuration: 7, defaultResolution: '720p', resolutions: ['720p'], prices: { '720p': 0.42 } }),
  spec({ id: 'google/veo3-1-fast-extend-video', name: 'Veo 3.1 Fast Extend Video', fields: EXTEND, defaultDuration: 7, defaultResolution: '720p', resolutions: ['720p'], prices: { '720p': 0.1575 } }),
];

/** Every id the create endpoint accepts, canonical ids first. */
export const ACCEPTED_MODEL_IDS: readonly string[] = [...MODELS.map((m) => m.id), ...MODELS.flatMap((m) => m.aliases)];

export function findModel(id: string): ModelSpec | undefined {
  return MODELS.find((m) => m.id === id || m.aliases.includes(id));
}

// ---------------------------------------------------------------------------------------
// zod 3 wording helpers

/** zod 3's `getParsedType` names. */
function typeName(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : 'number';
  return typeof v;
}

/** zod 3's `util.joinValues`: strings quoted, numbers bare, joined by ' | '. */
function joinValues(values: readonly (string | number)[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(' | ');
}

function invalidType(path: Array<string | number>, expected: string, value: unknown): ValidationIssue {
  const received = typeof value === 'number' && expected === 'integer' && Number.isFinite(value) ? 'float' : typeName(value);
  return {
    code: 'invalid_type',
    expected,
    received,
    path,
    message: value === undefined ? 'Required' : `Expected ${expected}, received ${received}`,
  };
}

function invalidEnum(path: Array<string | number>, options: readonly (string | number)[], value: unknown): ValidationIssue {
  return {
    code: 'invalid_enum_value',
    options: [...options],
    received: value,
    path,
    message: `Invalid enum value. Expected ${joinValues(options)}, received '${String(value)}'`,
  };
}

const IMAGE_DATA_URI = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const VIDEO_DATA_URI = /^data:video\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/]+={0,2}$/;

/** https URL or a base64 data URI of the allowed media family. */
function checkMediaRef(path: Array<string | number>, value: unknown, family: 'image' | 'video'): ValidationIssue[] {
  if (typeof value !== 'string') return [invalidType(path, 'string', value)];
  if (value.startsWith('data:')) {
    const ok = family === 'image' ? IMAGE_DATA_URI.test(value) : VIDEO_DATA_URI.test(value);
    if (ok) return [];
    const wanted = family === 'image' ? 'data:image/(png|jpeg|webp);base64,…' : 'data:video/…;base64,…';
    return [{ code: 'custom', path, message: `Invalid data URI: expected ${wanted}` }];
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ code: 'invalid_string', validation: 'url', path, message: 'Invalid url' }];
  }
  if (url.protocol !== 'https:') {
    return [{ code: 'custom', path, message: `Invalid url: expected an https URL or a base64 data URI, received '${url.protocol}'` }];
  }
  return [];
}

function checkRule(path: Array<string | number>, rule: Rule, value: unknown): ValidationIssue[] {
  switch (rule.kind) {
    case 'prompt':
      if (typeof value !== 'string') return [invalidType(path, 'string', value)];
      if (value.trim().length === 0) {
        return [{ code: 'too_small', minimum: 1, type: 'string', inclusive: true, exact: false, path, message: 'String must contain at least 1 character(s)' }];
      }
      return [];
    case 'string':
      return typeof value === 'string' ? [] : [invalidType(path, 'string', value)];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [invalidType(path, 'boolean', value)];
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? [] : [invalidType(path, 'integer', value)];
    case 'enum':
      if (typeof value !== 'string') return [invalidType(path, joinValues(rule.values), value)];
      return rule.values.includes(value) ? [] : [invalidEnum(path, rule.values, value)];
    case 'intEnum':
      // The schema says `integer` + enum: a string "8" (the docs' own quirk) is a type error.
      if (typeof value !== 'number' || !Number.isInteger(value)) return [invalidType(path, 'integer', value)];
      return rule.values.includes(value) ? [] : [invalidEnum(path, rule.values, value)];
    case 'provider': {
      // The schema documents `provider` as case-insensitive.
      const values = ['auto', 'google', 'fal'];
      if (typeof value !== 'string') return [invalidType(path, joinValues(values), value)];
      return values.includes(value.toLowerCase()) ? [] : [invalidEnum(path, values, value)];
    }
    case 'image':
      return checkMediaRef(path, value, 'image');
    case 'video':
      return checkMediaRef(path, value, 'video');
    case 'imageList': {
      if (!Array.isArray(value)) return [invalidType(path, 'array', value)];
      const issues: ValidationIssue[] = [];
      if (value.length < rule.min) {
        issues.push({ code: 'too_small', minimum: rule.min, type: 'array', inclusive: true, exact: false, path, message: `Array must contain at least ${rule.min} element(s)` });
      }
      if (value.length > rule.max) {
        issues.push({ code: 'too_big', maximum: rule.max, type: 'array', inclusive: true, exact: false, path, message: `Array must contain at most ${rule.max} element(s)` });
      }
      value.forEach((item: unknown, i) => issues.push(...checkMediaRef([...path, i], item, 'image')));
      return issues;
    }
  }
}

export type CreateValidation =
  | { ok: true; spec: ModelSpec; model: string; duration: number; resolution: string }
  | { ok: false; issues: ValidationIssue[] };

/** Validates a create body the way the service's per-model zod schema would. */
export function validateCreateBody(body: unknown): CreateValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: [invalidType([], 'object', body)] };
  }
  const record = body as Record<string, unknown>;
  const model = record['model'];
  const found = typeof model === 'string' ? findModel(model) : undefined;
  if (!found || typeof model !== 'string') {
    // A discriminated union on `model`: nothing else is checked when it does not match.
    return {
      ok: false,
      issues: [
        {
          code: 'invalid_union_discriminator',
          options: [...ACCEPTED_MODEL_IDS],
          path: ['model'],
          message: `Invalid discriminator value. Expected ${joinValues(ACCEPTED_MODEL_IDS)}`,
        },
      ],
    };
  }

  const issues: ValidationIssue[] = [];
  for (const [key, field] of Object.entries(found.fields)) {
    if (key === 'model') continue;
    const value = record[key];
    if (value === undefined) {
      if (field.required) issues.push(invalidType([key], field.rule.kind === 'imageList' ? 'array' : 'string', undefined));
      continue;
    }
    issues.push(...checkRule([key], field.rule, value));
  }

  const rejected = found.rejectedKeys.filter((k) => record[k] !== undefined);
  if (rejected.length > 0) {
    issues.push({
      code: 'unrecognized_keys',
      keys: rejected,
      path: [],
      message: `Unrecognized key(s) in object: ${rejected.map((k) => `'${k}'`).join(', ')}`,
    });
  }

  const durationValue = record['duration'];
  const duration = typeof durationValue === 'number' ? durationValue : found.defaultDuration;
  if (found.lastFrameNeedsEight && record['last_image_url'] !== undefined && duration !== 8 && !issues.some((i) => i.path[0] === 'duration')) {
    issues.push({ code: 'custom', path: ['duration'], message: 'duration must be 8 when last_image_url is given' });
  }

  if (issues.length > 0) return { ok: false, issues };
  const resolutionValue = record['resolution'];
  const resolution = typeof resolutionValue === 'string' ? resolutionValue : found.defaultResolution;
  return { ok: true, spec: found, model, duration, resolution };
}

/** USD per second for one model variant, honouring the simulator's overrides. */
export function pricePerSecond(spec: ModelSpec, resolution: string, overrides: Record<string, number> | undefined): number {
  for (const id of [spec.id, ...spec.aliases]) {
    const exact = overrides?.[`${id}@${resolution}`];
    if (exact !== undefined) return exact;
    const whole = overrides?.[id];
    if (whole !== undefined) return whole;
  }
  return spec.prices[resolution] ?? Object.values(spec.prices)[0] ?? 0;
}

/** One entry of `GET /v1/models`, optionally with the per-resolution pricing variants. */
export function modelListing(spec: ModelSpec, withPricing: boolean, overrides: Record<string, number> | undefined): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: spec.id,
    type: 'video',
    info: { name: spec.name, developer: 'Google' },
  };
  if (withPricing) {
    entry['pricing'] = spec.resolutions.map((resolution) => ({
      when: { resolution },
      price: pricePerSecond(spec, resolution, overrides),
      unit: 'second',
      per: 1,
    }));
  }
  return entry;
}
