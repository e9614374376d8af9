// The JSON schema of `*.veo.json`, built from the model catalog (never typed by hand): the
// editor completes model ids with their descriptions and each model's options with their
// allowed values, and marks what the catalog would refuse. esbuild.js writes it to
// dist/schemas/shot-list.schema.json at build time; package.json's `jsonValidation` points
// there. Draft-07, plus the keywords VS Code's JSON editor understands
// (`markdownDescription`, `enumDescriptions`, `defaultSnippets`).
import { DEFAULT_MODEL_ID, MAX_PROMPT_LENGTH, allModels } from '../catalog/catalog';
import type { ModelSpec, OptionSpec } from '../catalog/types';
import { MEDIA_KINDS, mediaKind, type MediaKind } from '../catalog/media';
import { MAX_TAKES, SHOT_LIST_SUFFIX } from './format';

export type JsonSchema = { readonly [key: string]: unknown };

/** VS Code's additions to JSON schema, which plain validators must be told about. */
export const VSCODE_SCHEMA_KEYWORDS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'errorMessage', 'doNotSuggest'] as const;

const mediaRef = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });

function optionSchema(spec: OptionSpec): JsonSchema {
  const base = { description: spec.description, title: spec.label };
  switch (spec.kind) {
    case 'enum':
      return {
        ...base,
        enum: [...spec.values],
        default: spec.default,
        ...(spec.valueLabels ? { enumDescriptions: spec.values.map((v) => spec.valueLabels?.[String(v)] ?? String(v)) } : {}),
      };
    case 'boolean':
      return { ...base, type: 'boolean', default: spec.default };
    case 'integer':
      return { ...base, type: 'integer', minimum: spec.min, maximum: spec.max };
    case 'text':
      return { ...base, type: 'string', maxLength: spec.maxLength };
  }
}

/** The options object of one model: exactly its options, with its values. */
export function modelOptionsSchema(model: ModelSpec): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(model.options.map((o) => [o.key, optionSchema(o)])),
  };
}

/**
 * Options when the model is not known where they are written (defaults, or a shot without
 * its own model): every option of any model, with every value some model allows.
 */
function anyModelOptionsSchema(models: readonly ModelSpec[]): JsonSchema {
  const byKey = new Map<string, OptionSpec[]>();
  for (const m of models) for (const o of m.options) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
  const properties: Record<string, JsonSchema> = {};
  for (const [key, specs] of byKey) {
    const first = specs[0]!;
    const description = `${first.description} (Allowed values depend on the model.)`;
    if (specs.every((s) => s.kind === 'enum')) {
      const values = [...new Set(specs.flatMap((s) => (s.kind === 'enum' ? s.values : [])))];
      properties[key] = { title: first.label, description, enum: values };
    } else {
      properties[key] = { ...optionSchema(first), description };
    }
  }
  return { type: 'object', additionalProperties: false, properties };
}

function modelEnum(models: readonly ModelSpec[], description: string): JsonSchema {
  return {
    type: 'string',
    description,
    enum: models.map((m) => m.id),
    enumDescriptions: models.map((m) => `${m.label}: ${m.description}`),
    markdownEnumDescriptions: models.map((m) => `**${m.label}** — ${m.description}${describeMedia(m)}`),
  };
}

function describeMedia(model: ModelSpec): string {
  const parts = model.slots.map((s) => `\`${mediaKind(s.field).arg}\`${s.required ? '' : ' (optional)'}`);
  return parts.length ? ` Takes ${parts.join(', ')}.` : ' Prompt only.';
}

/** Per model: which media fields it needs, refuses, and which options it has. */
function modelRule(model: ModelSpec): JsonSchema {
  const properties: Record<string, unknown> = { options: modelOptionsSchema(model) };
  const required: string[] = [];
  for (const kind of MEDIA_KINDS) {
    const s = model.slots.find((x) => x.field === kind.field);
    if (!s) properties[kind.arg] = { not: {}, errorMessage: `${model.label} does not take "${kind.arg}".` };
    else if (s.required) required.push(kind.arg);
  }
  return {
    if: { properties: { model: { const: model.id } }, required: ['model'] },
    then: { properties, ...(required.length ? { required } : {}) },
  };
}

/**
 * One media field of a shot, from its kind: a path or URL, or an array of them (as many as
 * the models' slots take, else up to the kind's most).
 */
function mediaFieldSchema(kind: MediaKind, models: readonly ModelSpec[]): JsonSchema {
  if (!kind.argIsArray) return mediaRef(kind.description);
  const count = models.flatMap((m) => m.slots).find((s) => s.field === kind.field)?.count ?? { min: 1, max: kind.max };
  const item = kind.max === 1 ? `A ${kind.noun}.` : `One of the ${kind.noun}.`;
  return { type: 'array', items: mediaRef(item), minItems: count.min, maxItems: count.max, description: kind.description };
}

export function shotListJsonSchema(): JsonSchema {
  const models = allModels();
  const outputFolder = {
    type: 'string',
    pattern: '^(?![\\\\/])(?![A-Za-z]:)(?!.*(^|[\\\\/])\\.\\.([\\\\/]|$)).+$',
    description: 'Folder for the videos, relative to the workspace folder (default: the veoStudio.outputFolder setting). It must stay inside the workspace.',
  };
  const shot: JsonSchema = {
    type: 'object',
    description: 'One video: a prompt, a model, its images and options.',
    required: ['prompt'],
    additionalProperties: false,
    properties: {
      prompt: { type: 'string', minLength: 1, maxLength: MAX_PROMPT_LENGTH, description: 'What the video shows: subject, action, camera, style, sound.' },
      model: modelEnum(models, `The model for this shot (default: defaults.model, else ${DEFAULT_MODEL_ID}).`),
      ...Object.fromEntries(MEDIA_KINDS.map((k) => [k.arg, mediaFieldSchema(k, models)])),
      options: { ...anyModelOptionsSchema(models), description: "The model's options; they override defaults.options." },
      output: {
        type: 'string',
        minLength: 1,
        pattern: '^(?!.*(^|[\\\\/])\\.\\.([\\\\/]|$)).*$',
        description: 'File name for the video, without extension (e.g. "shot-01"). An existing file is never overwritten: a "-2" is added.',
      },
      outputFolder,
      takes: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_TAKES,
        default: 1,
        description: `How many takes of this shot a run makes (1–${MAX_TAKES}): each is its own job, billed, saved as "<output>.take-N.mp4". Choose Take marks the one to keep.`,
      },
      chosenTake: {
        type: 'integer',
        minimum: 1,
        description: 'The take chosen for this shot (written by Choose Take). The shot counts as saved while its prompt, model, images and options match that take.',
      },
    },
    allOf: models.map(modelRule),
    defaultSnippets: [
      { label: 'Text-to-video shot', body: { prompt: '$1', model: DEFAULT_MODEL_ID, output: '$2' } },
      { label: 'Image-to-video shot', body: { prompt: '$1', model: 'google/veo-3.1-i2v', [mediaKind('image_url').arg]: ['$2'], output: '$3' } },
    ],
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Veo Studio shot list',
    description: `A batch of Veo videos (${SHOT_LIST_SUFFIX}). Run "Veo Studio: Generate Shot List" to check every shot, see the cost and generate them.`,
    type: 'object',
    required: ['shots'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      defaults: {
        type: 'object',
        description: 'Applied to every shot that does not say otherwise. Options a shot’s model does not have are left out for that shot.',
        additionalProperties: false,
        properties: {
          model: modelEnum(models, 'The model of every shot that names none.'),
          options: { ...anyModelOptionsSchema(models), description: 'Options for every shot (where its model has them).' },
          outputFolder,
        },
      },
      shots: { type: 'array', minItems: 1, items: shot, description: 'The videos to generate, in order.' },
    },
  };
}
