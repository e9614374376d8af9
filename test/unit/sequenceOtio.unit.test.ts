// The OpenTimelineIO export: its exact text for the 3-shot list, and an independent reader
// that checks what an OTIO importer relies on (schema names and versions, order, durations,
// where each video is).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileUrl, relativeUrl } from '../../src/core/sequence/fileUrl';
import { toOtio } from '../../src/core/sequence/otio';
import { OTIO_FILE, PROMPTS, threeShots } from '../support/sequenceShots';

// What OpenTimelineIO 0.17 writes for this timeline (0.18 adds an optional "color": null to each item).
const GOLDEN = String.raw`{
    "OTIO_SCHEMA": "Timeline.1",
    "metadata": {
        "veo_studio": {
            "generator": "Veo Studio"
        }
    },
    "name": "Storyboard \"Act 1\" <draft> & more 🎬",
    "global_start_time": {
        "OTIO_SCHEMA": "RationalTime.1",
        "rate": 24.0,
        "value": 86400.0
    },
    "tracks": {
        "OTIO_SCHEMA": "Stack.1",
        "metadata": {},
        "name": "tracks",
        "source_range": null,
        "effects": [],
        "markers": [],
        "enabled": true,
        "children": [
            {
                "OTIO_SCHEMA": "Track.1",
                "metadata": {},
                "name": "Video 1",
                "source_range": null,
                "effects": [],
                "markers": [],
                "enabled": true,
                "children": [
                    {
                        "OTIO_SCHEMA": "Clip.2",
                        "metadata": {
                            "veo_studio": {
                                "shot_index": 0,
                                "output": "shot-01",
                                "prompt": "She says \"hello\" & waves <softly> 🎬",
                                "model": "google/veo-3.1-t2v",
                                "seed": 42,
                                "job_id": "job-1",
                                "cost_usd": 0.6
                            }
                        },
                        "name": "shot-01",
                        "source_range": {
                            "OTIO_SCHEMA": "TimeRange.1",
                            "duration": {
                                "OTIO_SCHEMA": "RationalTime.1",
                                "rate": 24.0,
                                "value": 96.0
                            },
                            "start_time": {
                                "OTIO_SCHEMA": "RationalTime.1",
                                "rate": 24.0,
                                "value": 0.0
                            }
                        },
                        "effects": [],
                        "markers": [],
                        "enabled": true,
                        "media_references": {
                            "DEFAULT_MEDIA": {
                                "OTIO_SCHEMA": "ExternalReference.1",
                                "metadata": {},
                                "name": "shot-01.mp4",
                                "available_range": {
                                    "OTIO_SCHEMA": "TimeRange.1",
                                    "duration": {
                                        "OTIO_SCHEMA": "RationalTime.1",
                                        "rate": 24.0,
                                        "value": 96.0
                                    },
                                    "start_time": {
                                        "OTIO_SCHEMA": "RationalTime.1",
                                        "rate": 24.0,
                                        "value": 0.0
                                    }
                                },
                                "available_image_bounds": null,
                                "target_url": "videos/shot-01.mp4"
                            }
                        },
                        "active_media_reference_key": "DEFAULT_MEDIA"
                    },
                    {
                        "OTIO_SCHEMA": "Clip.2",
                        "metadata": {
                            "veo_studio": {
                                "shot_index": 1,
                                "output": "shot-02 (ext)",
                                "prompt": "Line one\r\nLine two — a\ttab, ‘curly’ quotes, crème brûlée…",
                                "model": "google/veo-3.1-extend",
                                "seed": null,
                                "job_id": null,
                                "cost_usd": null
                            }
                        },
                        "name": "shot-02 (ext)",
                        "source_range": {
                            "OTIO_SCHEMA": "TimeRange.1",
                            "duration": {
                                "OTIO_SCHEMA": "RationalTime.1",
                                "rate": 24.0,
                                "value": 168.0
                            },
                            "start_time": {
                                "OTIO_SCHEMA": "RationalTime.1",
                                "rate": 24.0,
                                "value": 0.0
                            }
                        },
                        "effects": [],
                        "markers": [],
                        "enabled": true,
                        "media_references": {
                            "DEFAULT_MEDIA": {
                                "OTIO_SCHEMA": "ExternalReference.1",
                                "metadata": {},
                                "name": "shot-02 (ext).mp4",
                                "available_range": {
                                    "OTIO_SCHEMA": "TimeRange.1",
                                    "duration": {
                                        "OTIO_SCHEMA": "RationalTime.1",
                                        "rate": 24.0,
                                        "value": 168.0
                                    },
                                    "start_time": {
                                        "OTIO_SCHEMA": "RationalTime.1",
                                        "rate": 24.0,
                                        "value": 0.0
                                    }
                                },
                                "available_image_bounds": null,
                                "target_url": "videos/shot-02%20(ext).mp4"
                            }
                        },
                        "active_media_reference_key": "DEFAULT_MEDIA"
                    },
                    {
                        "OTIO_SCHEMA": "Clip.2",
                        "metadata": {
                            "veo_studio": {
                                "shot_index": 3,
                                "output": "café #4",
                                "prompt": "<script>alert('x')</script> & 👩‍👩‍👧 family 🐱\u0007 end",
                                "model": "google/veo-3.1-i2v-fast",
                                "seed": 7,
                                "job_id": "job-3",
                                "cost_usd": 3.2
                            }
                        },
                        "name": "café #4",
                        "source_range": {
                            "OTIO_SCHEMA": "TimeRange.1",
                            "duration": {
                                "OTIO_SCHEMA": "RationalTime.1",
                                "rate": 30.0,
                                "value": 90.0
                            },
                            "start_time": {
                                "OTIO_SCHEMA": "RationalTime.1",
                                "rate": 30.0,
                                "value": 0.0
                            }
                        },
                        "effects": [],
                        "markers": [],
                        "enabled": true,
                        "media_references": {
                            "DEFAULT_MEDIA": {
                                "OTIO_SCHEMA": "ExternalReference.1",
                                "metadata": {},
                                "name": "café #4.mp4",
                                "available_range": {
                                    "OTIO_SCHEMA": "TimeRange.1",
                                    "duration": {
                                        "OTIO_SCHEMA": "RationalTime.1",
                                        "rate": 30.0,
                                        "value": 90.0
                                    },
                                    "start_time": {
                                        "OTIO_SCHEMA": "RationalTime.1",
                                        "rate": 30.0,
                                        "value": 0.0
                                    }
                                },
                                "available_image_bounds": null,
                                "target_url": "videos/caf%C3%A9%20%234.mp4"
                            }
                        },
                        "active_media_reference_key": "DEFAULT_MEDIA"
                    }
                ],
                "kind": "Video"
            }
        ]
    }
}`;

type Json = Record<string, unknown>;

/** The object's OTIO_SCHEMA, checked to be `name.version`. */
function schema(value: unknown, name: string, version: number, where: string): Json {
  assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${where}: an object`);
  const object = value as Json;
  assert.equal(object['OTIO_SCHEMA'], `${name}.${version}`, `${where}: schema`);
  return object;
}

function seconds(range: unknown, where: string): { start: number; duration: number; rate: number } {
  const r = schema(range, 'TimeRange', 1, where);
  const start = schema(r['start_time'], 'RationalTime', 1, `${where}.start_time`);
  const duration = schema(r['duration'], 'RationalTime', 1, `${where}.duration`);
  assert.equal(start['rate'], duration['rate'], `${where}: one rate`);
  const rate = duration['rate'] as number;
  return { start: (start['value'] as number) / rate, duration: (duration['value'] as number) / rate, rate };
}

/** A small OTIO reader: the clips of the one video track, in order, with where they sit. */
function readOtio(text: string, otioFile: string) {
  const timeline = schema(JSON.parse(text), 'Timeline', 1, 'timeline');
  const stack = schema(timeline['tracks'], 'Stack', 1, 'tracks');
  const tracks = stack['children'] as unknown[];
  assert.equal(tracks.length, 1);
  const track = schema(tracks[0], 'Track', 1, 'track');
  assert.equal(track['kind'], 'Video');
  const start = schema(timeline['global_start_time'], 'RationalTime', 1, 'global_start_time');
  let at = 0;
  return {
    name: timeline['name'],
    startSeconds: (start['value'] as number) / (start['rate'] as number),
    clips: (track['children'] as unknown[]).map((c, i) => {
      const clip = schema(c, 'Clip', 2, `clip ${i}`);
      const media = schema((clip['media_references'] as Json)[clip['active_media_reference_key'] as string], 'ExternalReference', 1, `clip ${i} media`);
      const used = seconds(clip['source_range'], `clip ${i} source_range`);
      const available = seconds(media['available_range'], `clip ${i} available_range`);
      assert.ok(used.start >= available.start && used.start + used.duration <= available.start + available.duration, `clip ${i} within its media`);
      const url = media['target_url'] as string;
      assert.doesNotMatch(url, /^[a-z]+:/, 'a relative URL');
      const file = path.posix.resolve(path.posix.dirname(otioFile), ...url.split('/').map(decodeURIComponent));
      const placed = { name: clip['name'], file, at, seconds: used.duration, rate: used.rate, metadata: (clip['metadata'] as Json)['veo_studio'] as Json };
      at += used.duration;
      return placed;
    }),
  };
}

describe('sequence: OpenTimelineIO export', () => {
  it('writes the exact .otio for a 3-shot list with awkward prompts', async () => {
    assert.equal(toOtio(await threeShots(), { otioFile: OTIO_FILE }), `${GOLDEN}\n`);
  });

  it('reads back, independently: schemas, order, durations in each clip\'s own rate, videos relative to the .otio', async () => {
    const sequence = await threeShots();
    const read = readOtio(toOtio(sequence, { otioFile: OTIO_FILE }), OTIO_FILE);
    assert.equal(read.name, sequence.title);
    assert.equal(read.startSeconds, 3600);
    assert.deepEqual(
      read.clips.map(({ name, file, at, seconds, rate }) => ({ name, file, at, seconds, rate })),
      [
        { name: 'shot-01', file: '/projects/My Film/videos/shot-01.mp4', at: 0, seconds: 4, rate: 24 },
        { name: 'shot-02 (ext)', file: '/projects/My Film/videos/shot-02 (ext).mp4', at: 4, seconds: 7, rate: 24 },
        { name: 'café #4', file: '/projects/My Film/videos/café #4.mp4', at: 11, seconds: 3, rate: 30 },
      ],
    );
    assert.deepEqual(read.clips.map((c) => c.metadata['prompt']), [...PROMPTS]);
    assert.deepEqual(read.clips[2]!.metadata, { shot_index: 3, output: 'café #4', prompt: PROMPTS[2], model: 'google/veo-3.1-i2v-fast', seed: 7, job_id: 'job-3', cost_usd: 3.2 });
    assert.deepEqual(read.clips[1]!.metadata['seed'], null);
  });

  it('makes video paths relative to the .otio when it can, file:// URLs when it cannot', () => {
    assert.equal(relativeUrl('/p/film/cut.otio', '/p/film/videos/a b.mp4'), 'videos/a%20b.mp4');
    assert.equal(relativeUrl('/p/film/edits/cut.otio', '/p/film/videos/a.mp4'), '../videos/a.mp4');
    assert.equal(relativeUrl('/p/film/cut.otio', '/p/film/a.mp4'), 'a.mp4');
    assert.equal(relativeUrl('C:\\Film\\cut.otio', 'c:\\Film\\Videos\\a.mp4'), 'Videos/a.mp4');
    assert.equal(relativeUrl('C:\\Film\\cut.otio', 'D:\\Videos\\a.mp4'), 'file:///D:/Videos/a.mp4');
    assert.equal(relativeUrl('\\\\nas\\film\\cut.otio', '\\\\nas\\film\\v\\a.mp4'), 'v/a.mp4');
    assert.equal(relativeUrl('\\\\nas\\film\\cut.otio', '\\\\other\\film\\a.mp4'), 'file://other/film/a.mp4');
    assert.equal(fileUrl('/Users/me/My Film/100% #1?.mp4'), 'file:///Users/me/My%20Film/100%25%20%231%3F.mp4');
    assert.equal(fileUrl('/tmp/日本/ß.mp4'), 'file:///tmp/%E6%97%A5%E6%9C%AC/%C3%9F.mp4');
    assert.equal(fileUrl('c:\\Film\\a.mp4'), 'file:///C:/Film/a.mp4');
    assert.throws(() => fileUrl('videos/a.mp4'), /not an absolute path/);
  });
});
