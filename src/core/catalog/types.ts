// The shape of one entry of the model catalog. Everything the extension knows about a
// Veo model — which images it takes, which options it has, their allowed values and
// defaults, how long it usually takes — is data of this shape, so adding a model is
// adding one entry to models.ts.

/** How a person thinks of a model: what they give it. Drives grouping in pickers. */
export type ModelGroup = 'text' | 'image' | 'firstLast' | 'references' | 'video';

export const GROUP_LABELS: Readonly<Record<ModelGroup, string>> = {
  text: 'Text to video',
  image: 'One image to video',
  firstLast: 'First and last frame',
  references: 'Reference images',
  video: 'Extend a video',
};

import type { MediaField } from './media';

export type { MediaField } from './media';

/**
 * One place a model takes media: a start frame, a last frame, reference images, a video.
 * What the field is (its shape, what it accepts) is the media kind's (media.ts); the slot
 * says how this model uses it.
 */
export interface MediaSlot {
  readonly field: MediaField;
  /** Short name shown on the slot, e.g. "First frame". */
  readonly label: string;
  readonly required: boolean;
  /** The media kind's `accepts`, repeated so a slot reads on its own. */
  readonly accepts: 'image' | 'video';
  /** Only for list fields (`image_urls`): how many this model takes. */
  readonly count?: { readonly min: number; readonly max: number };
}

export type OptionValue = string | number | boolean;

interface OptionBase {
  /** The service's field name, e.g. `aspect_ratio`. */
  readonly key: string;
  readonly label: string;
  /** One sentence for tooltips and the generator panel. */
  readonly description: string;
  /**
   * Whether the default is written into the request body when the user left it alone.
   * True for ordinary options, so the body (and the sidecar, and a retry) states every
   * parameter; false for options whose default means "let the service decide" (provider).
   */
  readonly sendDefault: boolean;
}

export interface EnumOption extends OptionBase {
  readonly kind: 'enum';
  readonly values: readonly (string | number)[];
  readonly default: string | number;
  /** Labels for values where the raw value is not friendly (`dont_allow`). */
  readonly valueLabels?: Readonly<Record<string, string>>;
}

export interface BooleanOption extends OptionBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface IntegerOption extends OptionBase {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
}

export interface TextOption extends OptionBase {
  readonly kind: 'text';
  readonly maxLength: number;
}

export type OptionSpec = EnumOption | BooleanOption | IntegerOption | TextOption;

/** A constraint between fields that a per-field schema cannot say. */
export interface CrossFieldRule {
  /** Returns a message when the body breaks the rule, else undefined. */
  readonly check: (body: Readonly<Record<string, unknown>>) => { field: string; message: string } | undefined;
}

/** Typical generation time (seconds, from the docs) — the poller's prior before it has history. */
export interface TimingPrior {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

export interface ModelSpec {
  /** The id the service expects in `model`. */
  readonly id: string;
  /** Ids the service or its docs also use for this model (quirks), accepted on input. */
  readonly aliases: readonly string[];
  readonly label: string;
  readonly description: string;
  readonly group: ModelGroup;
  readonly slots: readonly MediaSlot[];
  readonly options: readonly OptionSpec[];
  readonly rules: readonly CrossFieldRule[];
  readonly timing: TimingPrior;
}
