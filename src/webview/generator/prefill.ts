// `veoStudio.openGenerator` takes the same argument object as `veoStudio.generate`
// ({model, prompt, images?, lastImage?, referenceImages?, video?, options?}). Here it
// becomes what the page pre-fills: the model, the prompt, each image checked and described
// like a picked one, and each option normalised — with anything unusable reported next to
// its field instead of failing the whole panel.
import * as vscode from 'vscode';
import { ValidationError } from '../../core/api/errors';
import { DEFAULT_MODEL_ID, findModel, normaliseOption, option, slot, type FieldIssue } from '../../core/catalog/catalog';
import type { MediaField, OptionValue } from '../../core/catalog/types';
import type { JobRequest, MediaRef } from '../../core/jobs/job';
import { requestFromArgs } from '../../commands/generateArgs';
import type { MediaIntake } from './mediaIntake';
import type { MediaItem, Prefill } from './messages';

const MEDIA_ARGS = ['images', 'lastImage', 'referenceImages', 'video'] as const;

/** Whether a command argument asks to pre-fill the panel (an object, not a Uri from a menu). */
export function isPrefillArg(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) && !Array.isArray(arg);
}

export async function prefillFromArgs(arg: Record<string, unknown>, intake: MediaIntake): Promise<Prefill> {
  const issues: FieldIssue[] = [];
  const givenModel = typeof arg['model'] === 'string' ? arg['model'] : undefined;
  const model = givenModel ? findModel(givenModel) : undefined;
  if (givenModel && !model) issues.push({ field: 'model', message: vscode.l10n.t('Unknown model "{0}"; choose one from the list.', givenModel) });

  let request: JobRequest | undefined;
  const base = { ...arg, model: model?.id ?? DEFAULT_MODEL_ID, prompt: typeof arg['prompt'] === 'string' ? arg['prompt'] : '' };
  try {
    request = requestFromArgs(base);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues.map((i) => ({ field: fieldOfArg(i.field), message: i.message })));
    // Keep what can be kept: the same arguments without the media that failed.
    try {
      request = requestFromArgs(Object.fromEntries(Object.entries(base).filter(([k]) => !(MEDIA_ARGS as readonly string[]).includes(k))));
    } catch {
      request = undefined;
    }
  }

  const media: Prefill['media'] = {};
  const options: Record<string, OptionValue> = {};
  if (request && model) {
    for (const [field, value] of Object.entries(request.media) as Array<[MediaField, MediaRef | readonly MediaRef[] | undefined]>) {
      const s = slot(model, field);
      if (!s || value === undefined) continue;
      const items: MediaItem[] = [];
      for (const ref of Array.isArray(value) ? (value as readonly MediaRef[]) : [value as MediaRef]) {
        try {
          items.push(ref.kind === 'url' ? intake.fromUrl(ref.url) : await intake.fromFile(ref.path, s.accepts));
        } catch (error) {
          issues.push({ field, message: error instanceof Error ? error.message : String(error) });
        }
      }
      if (!items.length) continue;
      if (field === 'image_urls') media.image_urls = items;
      else media[field] = items[0];
    }
    for (const [key, raw] of Object.entries(request.options)) {
      const spec = option(model, key);
      if (!spec) {
        issues.push({ field: key, message: vscode.l10n.t('"{0}" is not an option of {1}.', key, model.label) });
        continue;
      }
      const checked = normaliseOption(spec, raw);
      if (checked.ok) options[key] = checked.value;
      else issues.push(...checked.issues);
    }
  }
  return {
    ...(model ? { model: model.id } : {}),
    ...(typeof arg['prompt'] === 'string' ? { prompt: arg['prompt'] } : {}),
    media,
    options,
    issues,
  };
}

/** `images[0]` → image_url, so the page can show the issue on the slot. */
function fieldOfArg(field: string): string {
  if (field.startsWith('images')) return 'image_url';
  if (field.startsWith('lastImage')) return 'last_image_url';
  if (field.startsWith('referenceImages')) return 'image_urls';
  if (field.startsWith('video')) return 'video_url';
  if (field.startsWith('options.')) return field.slice('options.'.length);
  return field;
}
