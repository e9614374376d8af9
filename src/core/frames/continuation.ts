// Continuing a shot from one of its frames: the saved frame becomes the start image of a new
// image-to-video job — the same family of model (Fast stays Fast; Lite keeps Lite, which
// takes a first frame itself), the same prompt, and the options the new model has, so the
// next clip matches the one before. Pure: the caller saves the frame and sends (or shows)
// the argument object this builds.
import { findModel, normaliseOption, option, slot } from '../catalog/catalog';
import { mediaKind } from '../catalog/media';
import type { ModelSpec } from '../catalog/types';
import type { GenerateArgs } from '../jobs/generateArgs';

const I2V = 'google/veo-3.1-i2v';
const I2V_FAST = 'google/veo-3.1-i2v-fast';

/** The start-image field's name in argument objects (`images`). */
const START = mediaKind('image_url').arg;

/**
 * The model a continuation of `sourceModel` uses: one of the same family that takes a start
 * image (an image model stays itself; Lite stays Lite; text, first-and-last, reference and
 * extend models continue on image to video, Fast on Fast).
 */
export function continuationModel(sourceModel: string): ModelSpec {
  const source = findModel(sourceModel);
  if (source && slot(source, 'image_url') && !slot(source, 'last_image_url')?.required) return source;
  const fast = /fast/i.test(source?.id ?? sourceModel);
  return findModel(fast ? I2V_FAST : I2V)!;
}

/** What the continuation starts from: the source clip's recipe (a job's request or its sidecar). */
export interface ContinuationSource {
  readonly model: string;
  readonly prompt: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ContinuationChoices {
  /** Another model (one that takes a start image), e.g. a first-and-last one. */
  readonly model?: string;
  readonly prompt?: string;
  /** Options on top of the carried-over ones. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** For a first-and-last model: the last frame (a path, Uri or https URL). */
  readonly lastImage?: GenerateArgs['lastImage'];
}

/**
 * The `veoStudio.generate` argument object of a continuation from `frame` (an absolute path):
 * the source's options that the new model has and accepts as they are (a 7 s extend
 * duration, say, does not carry over to a model of 4, 6 or 8 s), then the choices given.
 */
export function continuationArgs(source: ContinuationSource, frame: string, choices: ContinuationChoices = {}): GenerateArgs {
  const model = choices.model ? (findModel(choices.model) ?? { id: choices.model, options: [] as ModelSpec['options'] }) : continuationModel(source.model);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source.options)) {
    const spec = option(model as ModelSpec, key);
    if (spec && normaliseOption(spec, value).ok) options[key] = value;
  }
  return {
    model: model.id,
    prompt: choices.prompt ?? source.prompt,
    [START]: [frame],
    ...(choices.lastImage !== undefined ? { lastImage: choices.lastImage } : {}),
    options: { ...options, ...choices.options },
  } as GenerateArgs;
}
