// The kinds of media a request can carry, described once. Every place that deals with a
// request's images or video — the request schema and body, the argument object of
// `veoStudio.generate`, shot-list fields and their JSON schema, the generator's slots and
// messages, sidecars — reads this list instead of naming fields, so a new kind of media is
// one entry here plus the models that take it (models.ts).
//
// In memory a request's media are a record by service field (`MediaOf<T>`): one value for
// single fields, a list for list fields (`image_urls`). Code that does not care which uses
// refsOf / mediaFromLists / mapMedia and never names a field.

export interface MediaKindSpec {
  /** The service's request field. */
  readonly field: string;
  /** The field's name in argument objects and shot lists. */
  readonly arg: string;
  readonly accepts: 'image' | 'video';
  /** Whether the service's field holds a list (else one value). */
  readonly list: boolean;
  /**
   * Whether the argument/shot-list field is an array. `images` is an array holding one
   * start image (kept from the first version of the arguments); lists are arrays too.
   */
  readonly argIsArray: boolean;
  /** Most values the field may hold (1 for single fields). */
  readonly max: number;
  /** What it is, in a few words ("the start image"). */
  readonly noun: string;
  /** One sentence for the shot list's JSON schema and the argument docs. */
  readonly description: string;
}

export const MEDIA_KINDS = [
  {
    field: 'image_url',
    arg: 'images',
    accepts: 'image',
    list: false,
    argIsArray: true,
    max: 1,
    noun: 'start image',
    description: 'The start image, as a one-element array: a path (relative to this file, or to the workspace folder) or an https URL.',
  },
  {
    field: 'last_image_url',
    arg: 'lastImage',
    accepts: 'image',
    list: false,
    argIsArray: false,
    max: 1,
    noun: 'last frame',
    description: 'The last frame: a path (relative to this file, or to the workspace folder) or an https URL.',
  },
  {
    field: 'image_urls',
    arg: 'referenceImages',
    accepts: 'image',
    list: true,
    argIsArray: true,
    max: 3,
    noun: 'reference images',
    description: 'Reference images for subjects and style: paths (relative to this file, or to the workspace folder) or https URLs.',
  },
  {
    field: 'video_url',
    arg: 'video',
    accepts: 'video',
    list: false,
    argIsArray: false,
    max: 1,
    noun: 'video to extend',
    description: 'The video to extend: a path in the workspace or an https URL.',
  },
] as const satisfies readonly MediaKindSpec[];

type Kind = (typeof MEDIA_KINDS)[number];
export type MediaKind = MediaKindSpec & Kind;

/** Request fields that carry media. */
export type MediaField = Kind['field'];
/** Their names in argument objects and shot lists. */
export type MediaArg = Kind['arg'];
type ListField = Extract<Kind, { list: true }>['field'];

/** A request's media by service field: one value for single fields, a list for list fields. */
export type MediaOf<T> = { readonly [F in MediaField]?: F extends ListField ? readonly T[] : T };

export const MEDIA_FIELDS: readonly MediaField[] = MEDIA_KINDS.map((k) => k.field);
export const MEDIA_ARGS: readonly MediaArg[] = MEDIA_KINDS.map((k) => k.arg);

const byField = new Map<string, MediaKind>(MEDIA_KINDS.map((k) => [k.field, k]));
const byArg = new Map<string, MediaKind>(MEDIA_KINDS.map((k) => [k.arg, k]));

export function mediaKind(field: MediaField): MediaKind {
  return byField.get(field)!;
}

export function isMediaField(name: string): name is MediaField {
  return byField.has(name);
}

/** The kind an argument/shot-list field names (`lastImage`), or a path in it (`referenceImages[1]`). */
export function mediaKindOfArg(arg: string): MediaKind | undefined {
  return byArg.get(arg) ?? byArg.get(/^[A-Za-z]+/.exec(arg)?.[0] ?? '');
}

/** The values of one field as a list (empty when absent), whatever the field's shape. */
export function refsOf<T>(media: MediaOf<T>, field: MediaField): readonly T[] {
  const value = (media as Partial<Record<MediaField, T | readonly T[]>>)[field];
  if (value === undefined) return [];
  return mediaKind(field).list ? (value as readonly T[]) : [value as T];
}

/** Every value of every field, in the order of MEDIA_KINDS. */
export function allRefs<T>(media: MediaOf<T>): T[] {
  return MEDIA_FIELDS.flatMap((f) => refsOf(media, f));
}

/** Builds media from lists by field: list fields keep the list, single fields take its first value; empty lists are left out. */
export function mediaFromLists<T>(lists: Partial<Record<MediaField, readonly T[]>>): MediaOf<T> {
  const out: Partial<Record<MediaField, T | readonly T[]>> = {};
  for (const kind of MEDIA_KINDS) {
    const values = lists[kind.field];
    if (!values?.length) continue;
    out[kind.field] = kind.list ? [...values] : values[0]!;
  }
  return out as MediaOf<T>;
}

/** The same media with every value mapped (in order). */
export async function mapMedia<T, U>(media: MediaOf<T>, map: (value: T, kind: MediaKind) => U | Promise<U>): Promise<MediaOf<U>> {
  const lists: Partial<Record<MediaField, U[]>> = {};
  for (const kind of MEDIA_KINDS) {
    const values = refsOf(media, kind.field);
    if (values.length) lists[kind.field] = await Promise.all(values.map((v) => map(v, kind)));
  }
  return mediaFromLists(lists);
}

/** How many values each field holds. */
export function mediaCounts<T>(media: MediaOf<T>): Partial<Record<MediaField, number>> {
  const counts: Partial<Record<MediaField, number>> = {};
  for (const field of MEDIA_FIELDS) {
    const n = refsOf(media, field).length;
    if (n) counts[field] = n;
  }
  return counts;
}
