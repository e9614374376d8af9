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
// the video); the media fields are the media vocabulary's (catalog/media.ts), so a new kind
// of media needs no change here. Images are workspace paths, resolved against the shot
// list's folder first and then the workspace folders, or https URLs. A shot may ask for
// several `takes` (1–4) and keeps the one the person chose as `chosenTake` (takes.ts).
// This module only names the shapes; the checks live in validate.ts and the editor's JSON schema in schema.ts.
import { MEDIA_ARGS, type MEDIA_KINDS } from '../catalog/media';

export const SHOT_LIST_SUFFIX = '.veo.json';

export function isShotListFile(file: string): boolean {
  return file.toLowerCase().endsWith(SHOT_LIST_SUFFIX);
}

type Kind = (typeof MEDIA_KINDS)[number];

/** A shot's media by argument name: an array where the kind's argument is one (`images`, `referenceImages`), else one path or URL. */
export type ShotMedia = { readonly [K in Kind as K['arg']]?: K['argIsArray'] extends true ? readonly string[] : string };

/** One shot as written in the file (after type checks). */
export interface ShotSpec extends ShotMedia {
  readonly prompt: string;
  readonly model?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /** File name of the video, without extension. */
  readonly output?: string;
  readonly outputFolder?: string;
  /** How many takes (separate jobs, `<output>.take-N.mp4`) a run makes of this shot: 1–4. */
  readonly takes?: number;
  /** The take the person chose (Choose Take writes it): the shot's video in the sequence. */
  readonly chosenTake?: number;
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

export const SHOT_FIELDS: readonly string[] = ['prompt', 'model', ...MEDIA_ARGS, 'options', 'output', 'outputFolder', 'takes', 'chosenTake'];

/** The most takes one shot may ask for (each is a job, and billed). */
export const MAX_TAKES = 4;
export const DEFAULTS_FIELDS = ['model', 'options', 'outputFolder'] as const;
export const TOP_LEVEL_FIELDS = ['$schema', 'defaults', 'shots'] as const;
