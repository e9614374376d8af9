// The JSON schemas of the agent tools' inputs, as package.json's `languageModelTools`
// declares them to the chat model. They are built from the same sources as the checks —
// the media vocabulary (MEDIA_KINDS) and the model catalog — never typed by hand:
// test/unit/agentTools.unit.test.ts holds package.json to them, and them to the zod schemas
// of toolInputs.ts and generateArgs.ts (`npm run manifest:tools` rewrites package.json).
// Plain draft-07 keywords only: the schema goes to whatever model the person chats with.
import { MAX_PROMPT_LENGTH, allModels } from '../catalog/catalog';
import { MEDIA_KINDS, type MediaKind } from '../catalog/media';
import type { ModelSpec, OptionSpec } from '../catalog/types';
import { continuationModels, RECENT_JOBS } from './toolInputs';

export type JsonSchema = { readonly [key: string]: unknown };

function mediaSchema(kind: MediaKind): JsonSchema {
  const what = kind.accepts === 'image' ? 'a PNG, JPEG or WebP image' : 'an MP4, MOV or WebM video';
  const one = { type: 'string', minLength: 1, description: `${what}: a path relative to a workspace folder, or an https URL` };
  if (!kind.argIsArray) return { ...one, description: `The ${kind.noun} (${one.description}). Only for models that take it (see veoStudio_listModels).` };
  const count = kind.max === 1 ? `an array holding exactly one ${kind.noun}` : `an array of 1 to ${kind.max} ${kind.noun}`;
  return {
    type: 'array',
    items: one,
    minItems: 1,
    maxItems: kind.max,
    description: `The ${kind.noun}, as ${count}. Only for models that take it (see veoStudio_listModels).`,
  };
}

/** One option key across every model: the values any model allows (each model's own are in veoStudio_listModels). */
function optionSchema(key: string, specs: readonly OptionSpec[]): JsonSchema {
  const first = specs[0]!;
  const description = `${first.label}: ${first.description} Allowed values depend on the model.`;
  if (specs.every((s) => s.kind === 'enum')) {
    const seen = new Set<string>();
    const values = specs
      .flatMap((s) => (s.kind === 'enum' ? s.values : []))
      // The catalog matches enum values case-insensitively ("720p" for Lite's "720P").
      .filter((v) => !seen.has(String(v).toLowerCase()) && seen.add(String(v).toLowerCase()));
    const type = values.every((v) => typeof v === 'number') ? 'integer' : 'string';
    return { type, enum: values, description };
  }
  switch (first.kind) {
    case 'boolean':
      return { type: 'boolean', description };
    case 'integer':
      return { type: 'integer', minimum: first.min, maximum: first.max, description };
    default:
      return { type: 'string', maxLength: first.kind === 'text' ? first.maxLength : MAX_PROMPT_LENGTH, description };
  }
}

function optionsSchema(models: readonly ModelSpec[]): JsonSchema {
  const byKey = new Map<string, OptionSpec[]>();
  for (const m of models) for (const o of m.options) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
  return {
    type: 'object',
    description: "The model's options, by the service's field names. Leave one out to use the model's default; veoStudio_listModels lists each model's options, allowed values and defaults.",
    additionalProperties: false,
    properties: Object.fromEntries([...byKey].map(([key, specs]) => [key, optionSchema(key, specs)])),
  };
}

/** The `veoStudio.generate` argument object as the agent may give it (estimateCost, generateVideo). */
export function generateInputJsonSchema(): JsonSchema {
  const models = allModels();
  return {
    type: 'object',
    required: ['model', 'prompt'],
    additionalProperties: false,
    properties: {
      model: {
        type: 'string',
        enum: models.map((m) => m.id),
        description: 'The Veo model id. Text-only models take just a prompt; others need images or a video (see veoStudio_listModels).',
      },
      prompt: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_PROMPT_LENGTH,
        description: 'What the video shows: subject, action, camera, style, sound. Written for the video model, in full sentences.',
      },
      ...Object.fromEntries(MEDIA_KINDS.map((k) => [k.arg, mediaSchema(k)])),
      options: optionsSchema(models),
      outputFolder: {
        type: 'string',
        minLength: 1,
        description: 'Folder for the video, relative to the workspace folder (default: the veoStudio.outputFolder setting, "videos"). It must stay inside the workspace.',
      },
      outputName: {
        type: 'string',
        minLength: 1,
        description: 'File name for the video, without extension (default: made from the prompt). An existing file is never overwritten: a "-2" is added.',
      },
    },
  };
}

export function jobsQueryJsonSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      ids: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Job ids, as veoStudio_generateVideo and veoStudio_runShotList return them. When given, "which" is ignored.',
      },
      which: {
        type: 'string',
        enum: ['active', 'recent'],
        description: `"active": every job still being sent, generated or saved; "recent" (the default): the ${RECENT_JOBS} newest jobs.`,
      },
    },
  };
}

export function shotListInputJsonSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['file'],
    additionalProperties: false,
    properties: {
      file: {
        type: 'string',
        minLength: 1,
        description: 'The shot list: a *.veo.json file in the workspace, as a path relative to a workspace folder.',
      },
    },
  };
}

const VIDEO_FIELD = {
  type: 'string',
  minLength: 1,
  description: 'The saved video: its path relative to a workspace folder (as veoStudio_getJobs reports it under "Saved"), or the id of a job whose video is saved.',
} as const;

const AT_FIELD = {
  anyOf: [
    { type: 'number', minimum: 0, description: 'Seconds into the video, e.g. 5.24 (a time past the end gives the last frame).' },
    { type: 'string', enum: ['first', 'last'] },
  ],
  description: 'Which frame: seconds into the video, "first" or "last" (the default).',
} as const;

export function saveFrameInputJsonSchema(): JsonSchema {
  return { type: 'object', required: ['video'], additionalProperties: false, properties: { video: VIDEO_FIELD, at: AT_FIELD } };
}

export function continueInputJsonSchema(): JsonSchema {
  const models = continuationModels();
  return {
    type: 'object',
    required: ['prompt'],
    additionalProperties: false,
    properties: {
      video: { ...VIDEO_FIELD, description: `${VIDEO_FIELD.description} The new clip starts from its frame at "at". With "frame", it only says which clip the frame came from.` },
      at: { ...AT_FIELD, description: `${AT_FIELD.description} Only with "video", not with "frame".` },
      frame: {
        type: 'string',
        minLength: 1,
        description: 'Instead of video and at: a frame already saved (a PNG in the workspace, as veoStudio_saveFrame returns it), relative to a workspace folder.',
      },
      prompt: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_PROMPT_LENGTH,
        description: 'What happens next, in the new clip that starts from the frame. Written for the video model, in full sentences.',
      },
      model: {
        type: 'string',
        enum: models.map((m) => m.id),
        description: "A model that takes a start image. Leave it out to keep the continued clip's family (Fast stays Fast) on image to video.",
      },
      options: { ...optionsSchema(models), description: "Options on top of those carried over from the continued clip (its duration, resolution, aspect ratio, … where the new model has them). Leave one out to keep the clip's value or the model's default." },
      lastImage: { ...mediaSchema(MEDIA_KINDS.find((k) => k.field === 'last_image_url')!), description: 'Only for a first-and-last-frame model: the image the new clip ends on (a path relative to a workspace folder, or an https URL).' },
      outputFolder: { type: 'string', minLength: 1, description: 'Folder for the new video, relative to the workspace folder (default: the veoStudio.outputFolder setting). It must stay inside the workspace.' },
      outputName: { type: 'string', minLength: 1, description: 'File name for the new video, without extension (default: made from the prompt). An existing file is never overwritten.' },
    },
  };
}

/** listModels takes nothing. */
export function noInputJsonSchema(): JsonSchema {
  return { type: 'object', additionalProperties: false, properties: {} };
}
