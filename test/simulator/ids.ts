// Generation ids in the two shapes the provider's samples show, and the test of whether a
// polled id "looks like an id we could have issued" (the tracing page's wording).
import { randomBytes, randomUUID } from 'node:crypto';

/** Which id shape a model's create answers with. */
export type IdStyle = 'uuid' | 'nanoid';

const NANOID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A 21-character id over [A-Za-z0-9_-], like the samples of lite-001 (`99yQK3XQ6vTZyO9_kHzfS`),
 * lite-preview (`PLssg_jYL5aB-QJNCqrFo`), extend (`QWcoGFfDtx2Th5tCkeilb`) and fast-extend
 * (`rYEd6S2v_DryemDWteYWW`) in docs/api-references/video-models/google/*.md.
 */
export function nanoid(): string {
  const bytes = randomBytes(21);
  let out = '';
  for (const b of bytes) out += NANOID_ALPHABET[b & 63];
  return out;
}

/**
 * `<uuid>:<model>`, as the t2v, i2v, first-last and reference samples print it, e.g.
 * `dfb91aa0-6c60-4078-b3b5-73142ba4d853:google/veo-3.1-i2v` (veo-3-1-image-to-video.md).
 */
export function mintId(style: IdStyle, model: string): string {
  return style === 'nanoid' ? nanoid() : `${randomUUID()}:${model}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const WELL_FORMED = [
  // The create schema's own example is a bare uuid (`60ac7c34-3224-4b14-8e7d-0aa0db708325`).
  new RegExp(`^${UUID}$`, 'i'),
  new RegExp(`^${UUID}:[A-Za-z0-9][A-Za-z0-9._/-]*$`, 'i'),
  /^[A-Za-z0-9_-]{21}$/,
];

/**
 * request-tracing-and-cost.md: "If it does not look like an id we could have issued, the
 * header is left out rather than the request failed". Docs silent on what that means: we
 * choose "well-formed" = one of the three shapes the docs print (bare uuid, uuid:model,
 * 21-char nanoid), or any id the simulator really holds (a scenario may force 'ctl-1').
 */
export function looksIssued(id: string, held: (id: string) => boolean): boolean {
  return WELL_FORMED.some((re) => re.test(id)) || held(id);
}
