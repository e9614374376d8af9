// Validation of create bodies, mimicking the service's zod 3 schemas: it collects every
// issue and words them the way zod 3 does ("Required", "Expected integer, received string",
// "Invalid enum value. Expected '16:9' | '9:16', received '1:1'" …), so the extension's
// error display is exercised with realistic text. errors-with-status-code-4xx.md: "The full
// error message usually includes hints like **"Expected"** and **"Received"**".
import { ACCEPTED_MODEL_IDS, findModel, type ModelSpec, type Rule } from './models';

/** One zod-3-style issue, as sent in the `errors` array of a 400. */
export interface ValidationIssue {
  code: string;
  path: Array<string | number>;
  message: string;
  [detail: string]: unknown;
}


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

