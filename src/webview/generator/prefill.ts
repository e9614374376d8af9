// `veoStudio.openGenerator` takes the same argument object as `veoStudio.generate`
// ({model, prompt, images?, lastImage?, referenceImages?, video?, options?}). Here it
// becomes what the page pre-fills: the model, the prompt, each image checked and described
// like a picked one, and each option normalised — with anything unusable reported next to
// its field instead of failing the whole panel.
import * as vscode from 'vscode';
import { ValidationError } from '../../core/api/errors';
import { DEFAULT_MODEL_ID, findModel, normaliseOption, option, type FieldIssue } from '../../core/catalog/catalog';
import { MEDIA_ARGS, mediaFromLists, mediaKindOfArg, refsOf, type MediaField } from '../../core/catalog/media';
import type { OptionValue } from '../../core/catalog/types';
import { requestFromArgs, type ArgsContext } from '../../core/jobs/generateArgs';
import type { JobRequest } from '../../core/jobs/job';
import { argsContext } from '../../platform/workspaceFolders';
import type { MediaIntake } from './mediaIntake';
import type { MediaItem, Prefill } from './messages';

/**
 * Files are found as for Generate Video, but not refused here for lying outside the
 * workspace: the intake checks each one itself (fromFile), so one such image is reported on
 * its slot while the others are kept.
 */
const prefillContext: ArgsContext = { ...argsContext, inWorkspace: () => true };

/** A pre-fill that continues a job from one of its frames (Continue from Frame): the job and the frame. */
export interface Continuation {
  readonly job: string;
  readonly frame: string;
}

/** The `continues` of a pre-fill argument, when it has a good one. */
export function continuationOf(arg: Record<string, unknown>): Continuation | undefined {
  const c = arg['continues'] as Partial<Continuation> | undefined;
  return typeof c === 'object' && c !== null && typeof c.job === 'string' && typeof c.frame === 'string' ? { job: c.job, frame: c.frame } : undefined;
}

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
    request = requestFromArgs(base, prefillContext);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues.map((i) => ({ field: fieldOfArg(i.field), message: i.message })));
    // Keep what can be kept: the same arguments without the media that failed.
    try {
      request = requestFromArgs(Object.fromEntries(Object.entries(base).filter(([k]) => !(MEDIA_ARGS as readonly string[]).includes(k))), prefillContext);
    } catch {
      request = undefined;
    }
  }

  const lists: Partial<Record<MediaField, MediaItem[]>> = {};
  const options: Record<string, OptionValue> = {};
  if (request && model) {
    for (const s of model.slots) {
      const items: MediaItem[] = [];
      for (const ref of refsOf(request.media, s.field)) {
        try {
          items.push(ref.kind === 'url' ? intake.fromUrl(ref.url) : await intake.fromFile(ref.path, s.accepts));
        } catch (error) {
          issues.push({ field: s.field, message: error instanceof Error ? error.message : String(error) });
        }
      }
      lists[s.field] = items;
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
    media: mediaFromLists(lists),
    options,
    issues,
  };
}

/** `images[0]` → image_url, so the page can show the issue on the slot. */
function fieldOfArg(field: string): string {
  const kind = mediaKindOfArg(field);
  if (kind) return kind.field;
  if (field.startsWith('options.')) return field.slice('options.'.length);
  return field;
}
