// The argument form of "Generate Video": one object, for keybindings, tasks and other
// extensions. It is checked against the catalog and turned into a JobRequest; anything
// wrong throws a ValidationError whose message names the field.
import * as z from 'zod/mini';
import * as vscode from 'vscode';
import { ValidationError } from '../core/api/errors';
import { findModel, slot, unknownModel, type FieldIssue } from '../core/catalog/catalog';
import type { JobRequest, MediaRef, RequestMedia } from '../core/jobs/job';
import { resolveWorkspacePath } from '../platform/workspaceFolders';

/** A Uri as it arrives from another extension (an instance) or from JSON (a plain object). */
const uriLike = z.looseObject({ scheme: z.string(), path: z.string() });
const mediaInput = z.union([z.string().check(z.minLength(1)), uriLike]);

export const generateArgsSchema = z.object({
  model: z.string({ error: 'model must be a model id, e.g. "google/veo-3.1-t2v-fast".' }),
  prompt: z.string({ error: 'prompt must be text describing the video.' }),
  images: z.optional(z.array(mediaInput, { error: 'images must be an array holding one image (path, Uri or https URL).' })),
  lastImage: z.optional(mediaInput),
  referenceImages: z.optional(z.array(mediaInput, { error: 'referenceImages must be an array of 1–3 images.' })),
  video: z.optional(mediaInput),
  options: z.optional(z.record(z.string(), z.unknown(), { error: 'options must be an object of service field names.' })),
  outputFolder: z.optional(z.string()),
  outputName: z.optional(z.string()),
});

export type GenerateArgs = z.infer<typeof generateArgsSchema>;

/** Whether a command argument is the object form (and not, say, a Uri from a menu). */
export function isGenerateArgs(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && 'model' in value && 'prompt' in value;
}

function toMediaRef(value: z.infer<typeof mediaInput>, field: string): MediaRef {
  if (typeof value !== 'string') {
    const uri = value instanceof vscode.Uri ? value : vscode.Uri.from({ scheme: value.scheme, path: value.path });
    if (uri.scheme === 'https') return { kind: 'url', url: uri.toString(true) };
    if (uri.scheme !== 'file') throw invalid(field, `${uri.toString(true)} is not a local file or an https URL.`);
    return { kind: 'file', path: uri.fsPath };
  }
  if (/^https:\/\//i.test(value)) return { kind: 'url', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('data:')) {
    throw invalid(field, `"${value.slice(0, 60)}" must be an https URL or a path in the workspace.`);
  }
  const resolved = resolveWorkspacePath(value);
  if (!resolved) throw invalid(field, `There is no file "${value}" in the workspace.`);
  return { kind: 'file', path: resolved };
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}

/** Parses and maps the argument object to a request; throws ValidationError on anything wrong. */
export function requestFromArgs(raw: unknown): JobRequest {
  const parsed = generateArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'arguments', message: i.message }));
    throw new ValidationError(issues);
  }
  const args = parsed.data;
  const model = findModel(args.model);
  if (!model) throw new ValidationError([unknownModel(args.model)]);

  const media: { -readonly [K in keyof RequestMedia]: RequestMedia[K] } = {};
  if (args.images?.length) {
    if (args.images.length > 1) throw invalid('images', 'images holds one start image; give a last frame as lastImage and references as referenceImages.');
    if (!slot(model, 'image_url')) throw invalid('images', `${model.label} takes no start image.`);
    media.image_url = toMediaRef(args.images[0]!, 'images[0]');
  }
  if (args.lastImage !== undefined) {
    if (!slot(model, 'last_image_url')) throw invalid('lastImage', `${model.label} takes no last frame.`);
    media.last_image_url = toMediaRef(args.lastImage, 'lastImage');
  }
  if (args.referenceImages?.length) {
    if (!slot(model, 'image_urls')) throw invalid('referenceImages', `${model.label} takes no reference images.`);
    media.image_urls = args.referenceImages.map((r, i) => toMediaRef(r, `referenceImages[${i}]`));
  }
  if (args.video !== undefined) {
    if (!slot(model, 'video_url')) throw invalid('video', `${model.label} does not extend videos.`);
    media.video_url = toMediaRef(args.video, 'video');
  }
  return {
    model: model.id,
    prompt: args.prompt,
    media,
    options: (args.options ?? {}) as JobRequest['options'],
    ...(args.outputFolder ? { outputFolder: args.outputFolder } : {}),
    ...(args.outputName ? { outputName: args.outputName } : {}),
  };
}

/** The argument object for a request: its inverse, to pre-fill the generator panel. */
export function argsFromRequest(request: JobRequest): Record<string, unknown> {
  const { media } = request;
  const toArg = (r: MediaRef) => (r.kind === 'url' ? r.url : vscode.Uri.file(r.path));
  return {
    model: request.model,
    prompt: request.prompt,
    ...(media.image_url ? { images: [toArg(media.image_url)] } : {}),
    ...(media.last_image_url ? { lastImage: toArg(media.last_image_url) } : {}),
    ...(media.image_urls ? { referenceImages: media.image_urls.map(toArg) } : {}),
    ...(media.video_url ? { video: toArg(media.video_url) } : {}),
    options: request.options,
  };
}
