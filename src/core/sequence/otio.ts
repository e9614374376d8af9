// OpenTimelineIO (.otio): the JSON that OpenTimelineIO's own writer produces, object by
// object in its key order and number format, so it diffs cleanly against a re-saved copy.
// Schema versions as OTIO 0.17 and 0.18 write them: Timeline.1 > Stack.1 > Track.1 >
// Clip.2 (media_references keyed "DEFAULT_MEDIA") > ExternalReference.1, with TimeRange.1
// and RationalTime.1. OTIO 0.18's optional `color` field of items is left out, so 0.15–0.17
// readers see exactly what they write themselves.
import { relativeUrl } from './fileUrl';
import { sharedRate, START_HOURS, timecodeBase, type Sequence, type SequenceClip } from './sequence';
import { toNumber, type Rational } from './rational';

/** A clip's metadata lives under this key, as OTIO asks of tools (a namespace per tool). */
export const OTIO_METADATA_KEY = 'veo_studio';

export interface OtioOptions {
  /** Absolute path the .otio will be written to: video paths are made relative to its folder. */
  readonly otioFile: string;
}

interface RationalTime {
  readonly OTIO_SCHEMA: 'RationalTime.1';
  readonly rate: number;
  readonly value: number;
}

function time(value: number, rate: Rational): RationalTime {
  return { OTIO_SCHEMA: 'RationalTime.1', rate: toNumber(rate), value };
}

function range(start: number, frames: number, rate: Rational) {
  return { OTIO_SCHEMA: 'TimeRange.1', duration: time(frames, rate), start_time: time(start, rate) };
}

/** The fields every OTIO item (Clip, Track, Stack) writes after its metadata and name. */
function itemFields() {
  return { source_range: null, effects: [], markers: [], enabled: true };
}

function clipObject(clip: SequenceClip, otioFile: string) {
  const rate = clip.media.frameRate;
  const available = range(0, clip.media.frameCount, rate);
  const file = clip.file.split(/[\\/]/).pop() ?? clip.file;
  return {
    OTIO_SCHEMA: 'Clip.2',
    metadata: {
      [OTIO_METADATA_KEY]: {
        shot_index: clip.shotIndex,
        output: clip.output,
        prompt: clip.prompt,
        model: clip.model,
        seed: clip.seed ?? null,
        job_id: clip.jobId ?? null,
        cost_usd: clip.costUsd ?? null,
      },
    },
    name: clip.output,
    ...itemFields(),
    // The clip plays its whole video, in the video's own frame rate.
    source_range: range(0, clip.media.frameCount, rate),
    media_references: {
      DEFAULT_MEDIA: {
        OTIO_SCHEMA: 'ExternalReference.1',
        metadata: {},
        name: file,
        available_range: available,
        available_image_bounds: null,
        target_url: relativeUrl(otioFile, clip.file),
      },
    },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

/** The sequence as an .otio document (indented by 4 spaces, as OTIO writes). */
export function toOtio(sequence: Sequence, options: OtioOptions): string {
  const rate = sharedRate(sequence.clips);
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: { [OTIO_METADATA_KEY]: { generator: 'Veo Studio' } },
    name: sequence.title,
    // 01:00:00:00 at the timeline's rate, where the EDL and FCPXML exports start too.
    global_start_time: time(START_HOURS * 3600 * timecodeBase(rate), rate),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      ...itemFields(),
      children: [
        {
          OTIO_SCHEMA: 'Track.1',
          metadata: {},
          name: 'Video 1',
          ...itemFields(),
          children: sequence.clips.map((clip) => clipObject(clip, options.otioFile)),
          kind: 'Video',
        },
      ],
    },
  };
  return `${asDoubles(JSON.stringify(timeline, null, 4))}\n`;
}

/**
 * OTIO keeps a RationalTime's rate and value as doubles and prints whole ones as "24.0";
 * JSON.stringify prints 24. Only those two keys are touched: a line holding nothing but
 * `"rate": <integer>` cannot come from inside a string, whose quotes would be escaped.
 */
function asDoubles(json: string): string {
  return json.replace(/^(\s*"(?:rate|value)": )(-?\d+)(,?)$/gm, '$1$2.0$3');
}
