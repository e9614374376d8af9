// The argument form of "Generate Video": one object, for keybindings, tasks, other
// extensions and shot lists' shots — and the request it builds. It is checked against the
// catalog and turned into a JobRequest; anything wrong throws a ValidationError whose
// message names the field. The media fields come from the media vocabulary
// (catalog/media.ts): `images` (one start image, in an array), `lastImage`,
// `referenceImages`, `video`.
import * as z from 'zod/mini';
import { ValidationError } from '../api/errors';
import { findModel, slot, unknownModel, type FieldIssue } from '../catalog/catalog';
import { MEDIA_KINDS, mediaFromLists, refsOf, type MediaField } from '../catalog/media';
import type { JobRequest, MediaRef } from './job';

/** A Uri as it arrives from another extension (a vscode.Uri) or from JSON (a plain object). */
const uriLike = z.looseObject({ scheme: z.string(), path: z.string() });
const mediaInput = z.union([z.string().check(z.minLength(1)), uriLike]);
export type MediaInput = z.infer<typeof mediaInput>;
type UriLike = z.infer<typeof uriLike>;

function mediaArgSchema(kind: (typeof MEDIA_KINDS)[number]): z.ZodMiniType {
  if (!kind.argIsArray) return z.optional(mediaInput);
  const what = kind.max === 1 ? `an array holding one ${kind.noun}` : `an array of 1–${kind.max} ${kind.noun}`;
  return z.optional(z.array(mediaInput, { error: `${kind.arg} must be ${what} (path, Uri or https URL).` }));
}

export const generateArgsSchema = z.object({
  model: z.string({ error: 'model must be a model id, e.g. "google/veo-3.1-t2v-fast".' }),
  prompt: z.string({ error: 'prompt must be text describing the video.' }),
  ...Object.fromEntries(MEDIA_KINDS.map((k) => [k.arg, mediaArgSchema(k)])),
  options: z.optional(z.record(z.string(), z.unknown(), { error: 'options must be an object of service field names.' })),
  outputFolder: z.optional(z.string()),
  outputName: z.optional(z.string()),
  /** Send even when a budget (veoStudio.budget.*) would be passed; otherwise such a request is refused. */
  allowOverBudget: z.optional(z.boolean({ error: 'allowOverBudget must be true or false.' })),
});

/** The argument object, as a caller writes it. */
export interface GenerateArgs {
  readonly model: string;
  readonly prompt: string;
  readonly images?: readonly MediaInput[];
  readonly lastImage?: MediaInput;
  readonly referenceImages?: readonly MediaInput[];
  readonly video?: MediaInput;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly outputFolder?: string;
  readonly outputName?: string;
  readonly allowOverBudget?: boolean;
}

/** What turning paths and Uris into files needs from the editor. */
export interface ArgsContext {
  /** A path someone typed (absolute, or relative to a workspace folder), when the file exists. */
  resolvePath(path: string): string | undefined;
  /** The file-system path of a `file:` Uri. */
  filePathOf(uri: UriLike): string;
  /**
   * Whether a file lies in a workspace folder. Media may come only from there, as on every
   * other route (the panel, shot lists): an argument object must not upload any file on
   * disk. (A link inside the workspace that leads out is refused when the file is read.)
   */
  inWorkspace(file: string): boolean;
}

/** Whether a command argument is the object form (and not, say, a Uri from a menu). */
export function isGenerateArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'model' in value && 'prompt' in value;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}

function uriText(uri: UriLike): string {
  const { authority, query, fragment } = uri as { authority?: unknown; query?: unknown; fragment?: unknown };
  const part = (prefix: string, value: unknown) => (typeof value === 'string' && value ? `${prefix}${value}` : '');
  return `${uri.scheme}://${typeof authority === 'string' ? authority : ''}${uri.path}${part('?', query)}${part('#', fragment)}`;
}

function toMediaRef(value: MediaInput, field: string, ctx: ArgsContext): MediaRef {
  if (typeof value !== 'string') {
    if (value.scheme === 'https') return { kind: 'url', url: uriText(value) };
    if (value.scheme !== 'file') throw invalid(field, `${uriText(value)} is not a local file or an https URL.`);
    return workspaceFile(ctx.filePathOf(value), field, ctx);
  }
  if (/^https:\/\//i.test(value)) return { kind: 'url', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('data:')) {
    throw invalid(field, `"${value.slice(0, 60)}" must be an https URL or a path in the workspace.`);
  }
  const resolved = ctx.resolvePath(value);
  if (!resolved) throw invalid(field, `There is no file "${value}" in the workspace.`);
  return workspaceFile(resolved, field, ctx);
}

function workspaceFile(file: string, field: string, ctx: ArgsContext): MediaRef {
  if (!ctx.inWorkspace(file)) throw invalid(field, `${file} is outside the workspace; use a file in a workspace folder, or an https URL.`);
  return { kind: 'file', path: file };
}

/** Parses and maps the argument object to a request; throws ValidationError on anything wrong. */
export function requestFromArgs(raw: unknown, ctx: ArgsContext): JobRequest {
  const parsed = generateArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'arguments', message: i.message }));
    throw new ValidationError(issues);
  }
  const args = parsed.data as GenerateArgs & Record<string, unknown>;
  const model = findModel(args.model);
  if (!model) throw new ValidationError([unknownModel(args.model)]);

  const lists: Partial<Record<MediaField, MediaRef[]>> = {};
  for (const kind of MEDIA_KINDS) {
    const given = args[kind.arg] as MediaInput | readonly MediaInput[] | undefined;
    if (given === undefined) continue;
    const values = kind.argIsArray ? (given as readonly MediaInput[]) : [given as MediaInput];
    if (!values.length) continue;
    if (values.length > kind.max) {
      throw invalid(
        kind.arg,
        kind.max === 1 ? `${kind.arg} holds one ${kind.noun}; give a last frame as lastImage and references as referenceImages.` : `${kind.arg} holds at most ${kind.max} ${kind.noun}.`,
      );
    }
    if (!slot(model, kind.field)) throw invalid(kind.arg, `${model.label} takes no ${kind.noun}.`);
    lists[kind.field] = values.map((v, i) => toMediaRef(v, kind.argIsArray ? `${kind.arg}[${i}]` : kind.arg, ctx));
  }
  return {
    model: model.id,
    prompt: args.prompt,
    media: mediaFromLists(lists),
    options: (args.options ?? {}) as JobRequest['options'],
    ...(args.outputFolder ? { outputFolder: args.outputFolder } : {}),
    ...(args.outputName ? { outputName: args.outputName } : {}),
  };
}

/** The argument object for a request: its inverse (files as absolute paths), to pre-fill the generator panel. */
export function argsFromRequest(request: JobRequest): GenerateArgs {
  const toArg = (r: MediaRef): string => (r.kind === 'url' ? r.url : r.path);
  const media: Record<string, unknown> = {};
  for (const kind of MEDIA_KINDS) {
    const refs = refsOf(request.media, kind.field);
    if (refs.length) media[kind.arg] = kind.argIsArray ? refs.map(toArg) : toArg(refs[0]!);
  }
  return { model: request.model, prompt: request.prompt, ...media, options: request.options };
}

/** The argument field a request field is given as (`image_url` → `images`), for messages. */
export function argOfField(field: MediaField): string {
  return MEDIA_KINDS.find((k) => k.field === field)!.arg;
}
