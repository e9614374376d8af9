// Every Veo 3.1 model the AI/ML API offers, as docs/service.md ("Request bodies") describes
// them. The option builders below carry the wording and defaults shared by several
// models; each entry then says only what is particular to its model.
import type { BooleanOption, EnumOption, IntegerOption, MediaSlot, ModelSpec, OptionSpec, TextOption } from './types';

// ---- options -------------------------------------------------------------------------

const aspectRatio = (values: readonly string[], dflt: string): EnumOption => ({
  kind: 'enum',
  key: 'aspect_ratio',
  label: 'Aspect ratio',
  description: 'Shape of the frame: 16:9 is landscape, 9:16 is portrait.',
  values,
  default: dflt,
  valueLabels: { '16:9': '16:9 landscape', '9:16': '9:16 portrait', auto: 'Same as the source video' },
  sendDefault: true,
});

const duration = (values: readonly number[], dflt: number): EnumOption => ({
  kind: 'enum',
  key: 'duration',
  label: 'Duration',
  description: 'Length of the clip in seconds.',
  values,
  default: dflt,
  valueLabels: Object.fromEntries(values.map((v) => [String(v), `${v} s`])),
  sendDefault: true,
});

const resolution = (values: readonly string[], dflt: string): EnumOption => ({
  kind: 'enum',
  key: 'resolution',
  label: 'Resolution',
  description: 'Height of the video in pixels.',
  values,
  default: dflt,
  sendDefault: true,
});

const generateAudio: BooleanOption = {
  kind: 'boolean',
  key: 'generate_audio',
  label: 'Generate audio',
  description: 'Add sound (speech, effects, ambience) that matches the scene.',
  default: true,
  sendDefault: true,
};

const negativePrompt: TextOption = {
  kind: 'text',
  key: 'negative_prompt',
  label: 'Negative prompt',
  description: 'What the video should avoid.',
  maxLength: 2000,
  sendDefault: false,
};

const enhancePrompt: BooleanOption = {
  kind: 'boolean',
  key: 'enhance_prompt',
  label: 'Enhance prompt',
  description: 'Let the service rewrite the prompt with more detail before generating.',
  default: true,
  sendDefault: true,
};

const seed: IntegerOption = {
  kind: 'integer',
  key: 'seed',
  label: 'Seed',
  description: 'The same seed with the same settings gives similar results; leave empty for a random one.',
  min: 0,
  max: 4294967295,
  sendDefault: false,
};

const autoFix = (dflt: boolean): BooleanOption => ({
  kind: 'boolean',
  key: 'auto_fix',
  label: 'Auto-fix prompt',
  description: 'Rewrite a prompt that fails the content policy instead of rejecting it.',
  default: dflt,
  sendDefault: true,
});

const personGeneration: EnumOption = {
  kind: 'enum',
  key: 'person_generation',
  label: 'People',
  description: 'Whether the video may show people.',
  values: ['allow_adult', 'dont_allow'],
  default: 'allow_adult',
  valueLabels: { allow_adult: 'Allow adults', dont_allow: "Don't allow" },
  sendDefault: true,
};

const provider: EnumOption = {
  kind: 'enum',
  key: 'provider',
  label: 'Provider',
  description: 'Which backend runs the model; "auto" lets the service choose.',
  values: ['auto', 'google', 'fal'],
  default: 'auto',
  valueLabels: { auto: 'Auto', google: 'Google', fal: 'fal' },
  sendDefault: false,
};

// ---- media slots ---------------------------------------------------------------------

const startImage: MediaSlot = { field: 'image_url', label: 'Image', required: true, accepts: 'image' };
const firstFrame: MediaSlot = { field: 'image_url', label: 'First frame', required: true, accepts: 'image' };
const lastFrame: MediaSlot = { field: 'last_image_url', label: 'Last frame', required: true, accepts: 'image' };
const optionalFirst: MediaSlot = { ...firstFrame, required: false };
const optionalLast: MediaSlot = { ...lastFrame, required: false };
const references: MediaSlot = {
  field: 'image_urls',
  label: 'Reference images',
  required: true,
  accepts: 'image',
  count: { min: 1, max: 3 },
};
const sourceVideo: MediaSlot = { field: 'video_url', label: 'Video to extend', required: true, accepts: 'video' };

// ---- shared option sets --------------------------------------------------------------

const LANDSCAPE_PORTRAIT = ['16:9', '9:16'] as const;
const STANDARD_RES = ['720p', '1080p'] as const;

const textToVideoOptions: readonly OptionSpec[] = [
  aspectRatio(LANDSCAPE_PORTRAIT, '16:9'),
  duration([4, 6, 8], 8),
  resolution(STANDARD_RES, '1080p'),
  generateAudio,
  negativePrompt,
  enhancePrompt,
  seed,
  autoFix(true),
  provider,
];

const imageToVideoOptions: readonly OptionSpec[] = [
  aspectRatio(LANDSCAPE_PORTRAIT, '16:9'),
  duration([4, 6, 8], 8),
  resolution(STANDARD_RES, '1080p'),
  generateAudio,
  provider,
];

const extendOptions: readonly OptionSpec[] = [
  aspectRatio(['auto', ...LANDSCAPE_PORTRAIT], 'auto'),
  duration([7], 7),
  resolution(['720p'], '720p'),
  generateAudio,
  autoFix(false),
  provider,
];

/** Lite: a last frame is only allowed with an 8-second clip (the docs' note on duration). */
const lastFrameNeedsEightSeconds = {
  check: (body: Readonly<Record<string, unknown>>) =>
    body['last_image_url'] !== undefined && body['duration'] !== undefined && body['duration'] !== 8
      ? { field: 'duration', message: 'With a last frame the clip must be 8 s long.' }
      : undefined,
};

// Generation-time priors, in seconds, from the docs: 80–100 s for an 8 s image-to-video
// clip, about a minute for lite, about three minutes for extend.
const STANDARD_TIMING = { minSeconds: 80, maxSeconds: 100 };
const LITE_TIMING = { minSeconds: 50, maxSeconds: 70 };
const EXTEND_TIMING = { minSeconds: 160, maxSeconds: 200 };

// ---- the catalog ---------------------------------------------------------------------

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'google/veo-3.1-t2v-fast',
    aliases: [],
    label: 'Veo 3.1 Fast — text to video',
    description: 'Quick, cheaper clips of 4, 6 or 8 s from a prompt alone.',
    group: 'text',
    slots: [],
    options: textToVideoOptions,
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo-3.1-t2v',
    aliases: [],
    label: 'Veo 3.1 — text to video',
    description: 'Highest-quality clips from a prompt alone.',
    group: 'text',
    slots: [],
    options: textToVideoOptions,
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo-3.1-lite-generate-001',
    // The provider's own schema names it without the prefix.
    aliases: ['veo-3.1-lite-generate-001'],
    label: 'Veo 3.1 Lite',
    description: 'Fast, low-cost clips from a prompt, optionally from a first and last frame.',
    group: 'text',
    slots: [optionalFirst, optionalLast],
    options: [
      aspectRatio(LANDSCAPE_PORTRAIT, '16:9'),
      // Lite-001's schema spells resolutions in upper case.
      resolution(['720P', '1080P'], '720P'),
      duration([4, 6, 8], 8),
      generateAudio,
      personGeneration,
    ],
    rules: [lastFrameNeedsEightSeconds],
    timing: LITE_TIMING,
  },
  {
    id: 'google/veo-3-1-lite-generate-preview',
    aliases: [],
    label: 'Veo 3.1 Lite (preview)',
    description: 'The preview of Lite: prompt with optional first and last frame.',
    group: 'text',
    slots: [optionalFirst, optionalLast],
    options: [
      aspectRatio(LANDSCAPE_PORTRAIT, '16:9'),
      resolution(STANDARD_RES, '1080p'),
      duration([4, 6, 8], 8),
      generateAudio,
      provider,
    ],
    rules: [lastFrameNeedsEightSeconds],
    timing: LITE_TIMING,
  },
  {
    id: 'google/veo-3.1-i2v',
    aliases: [],
    label: 'Veo 3.1 — image to video',
    description: 'Animates one image, guided by the prompt.',
    group: 'image',
    slots: [startImage],
    options: imageToVideoOptions,
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo-3.1-i2v-fast',
    aliases: [],
    label: 'Veo 3.1 Fast — image to video',
    description: 'Animates one image, faster and cheaper.',
    group: 'image',
    slots: [startImage],
    options: imageToVideoOptions,
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo-3.1-first-last-image-to-video',
    aliases: [],
    label: 'Veo 3.1 — first and last frame',
    description: 'Moves from a first frame to a last frame, guided by the prompt.',
    group: 'firstLast',
    slots: [firstFrame, lastFrame],
    options: imageToVideoOptions,
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo-3.1-first-last-image-to-video-fast',
    aliases: [],
    label: 'Veo 3.1 Fast — first and last frame',
    description: 'First frame to last frame, faster and cheaper.',
    group: 'firstLast',
    slots: [firstFrame, lastFrame],
    options: imageToVideoOptions,
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo-3.1-reference-to-video',
    aliases: [],
    label: 'Veo 3.1 — reference images',
    description: 'An 8 s clip whose subjects and style follow one to three reference images.',
    group: 'references',
    slots: [references],
    // No aspect_ratio: the service dropped it from this model's schema in 2025-11.
    options: [duration([8], 8), resolution(STANDARD_RES, '1080p'), generateAudio, provider],
    rules: [],
    timing: STANDARD_TIMING,
  },
  {
    id: 'google/veo3-1-extend-video',
    aliases: [],
    label: 'Veo 3.1 — extend a video',
    description: 'Continues a clip by 7 s at 720p.',
    group: 'video',
    slots: [sourceVideo],
    options: extendOptions,
    rules: [],
    timing: EXTEND_TIMING,
  },
  {
    id: 'google/veo3-1-fast-extend-video',
    aliases: [],
    label: 'Veo 3.1 Fast — extend a video',
    description: 'Continues a clip by 7 s at 720p, faster and cheaper.',
    group: 'video',
    slots: [sourceVideo],
    options: extendOptions,
    rules: [],
    timing: EXTEND_TIMING,
  },
];
