// The shot-list file (`*.veo.json`): a batch of videos described in the workspace.
//
//   {
//     "defaults": { "model": "google/veo-3.1-i2v", "options": { "resolution": "720p" }, "outputFolder": "videos/storyboard" },
//     "shots": [
//       { "prompt": "The hero walks in", "images": ["images/hero.png"], "output": "shot-01" },
//       { "prompt": "Wide view of the city", "model": "google/veo-3.1-t2v-fast", "options": { "duration": 6 } }
//     ]
//   }
//
// The field names are those of the `veoStudio.generate` argument object (`output` names
// the video). Images are workspace paths, resolved against the shot list's folder first
// and then the workspace folders, or https URLs. This module only names the shapes; the
// checks live in validate.ts and the editor's JSON schema in schema.ts.
import type { MediaField } from '../catalog/types';

export const SHOT_LIST_SUFFIX = '.veo.json';

export function isShotListFile(file: string): boolean {
  return file.toLowerCase().endsWith(SHOT_LIST_SUFFIX);
}

/** One shot as written in the file (after type checks). */
export interface ShotSpec {
  readonly prompt: string;
  readonly model?: string;
  /** One start image (an array, like the `generate` arguments). */
  readonly images?: readonly string[];
  readonly lastImage?: string;
  readonly referenceImages?: readonly string[];
  readonly video?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /** File name of the video, without extension. */
  readonly output?: string;
  readonly outputFolder?: string;
}

export interface ShotListDefaults {
  readonly model?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly outputFolder?: string;
}

export interface ShotListDocument {
  readonly $schema?: string;
  readonly defaults?: ShotListDefaults;
  readonly shots: readonly ShotSpec[];
}

/** The shot fields that carry media, and the request field each one fills. */
export const MEDIA_FIELDS = {
  images: 'image_url',
  lastImage: 'last_image_url',
  referenceImages: 'image_urls',
  video: 'video_url',
} as const satisfies Record<string, MediaField>;

export type ShotMediaField = keyof typeof MEDIA_FIELDS;

/** The shot field a request media field comes from (`image_url` → `images`). */
export function shotFieldOf(field: string): ShotMediaField | undefined {
  return (Object.keys(MEDIA_FIELDS) as ShotMediaField[]).find((k) => MEDIA_FIELDS[k] === field);
}

export const SHOT_FIELDS = ['prompt', 'model', 'images', 'lastImage', 'referenceImages', 'video', 'options', 'output', 'outputFolder'] as const;
export const DEFAULTS_FIELDS = ['model', 'options', 'outputFolder'] as const;
export const TOP_LEVEL_FIELDS = ['$schema', 'defaults', 'shots'] as const;
