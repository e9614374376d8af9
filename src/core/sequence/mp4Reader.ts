// What a sequence needs to know about a video, read from the file itself: how long it
// plays, at what frame rate, its size and codec, and whether it has sound. Read from the
// `moov` index (mvhd, trak/tkhd, edts/elst, mdia/mdhd, hdlr, minf/stbl/stsd, stts), never
// from what the request asked for, so an extension or a trimmed copy comes out right.
import { BoxReader, child, childBoxes, readMoov, withFileSource, type Box, type ByteSource } from './mp4Boxes';
import { fileLabel, malformed, Mp4Error } from './mp4Errors';
import { audioEntry, videoEntry } from './mp4SampleEntries';
import { compare, inverse, multiply, rational, roundToInteger, subtract, type Rational } from './rational';

export interface AudioFacts {
  /** The sample entry's four letters: 'mp4a', 'Opus', 'ac-3'. */
  readonly codec: string;
  /** RFC 6381: 'mp4a.40.2' (AAC-LC), or the four letters when no more is known. */
  readonly codecString: string;
  readonly sampleRate: number;
  readonly channels: number;
}

export interface Mp4Facts {
  /** Seconds the video plays, exact: the edit list's length when the file was trimmed, else its frames'. */
  readonly duration: Rational;
  /** Frames that play. */
  readonly frameCount: number;
  /** Frames per second: the file's constant rate, or its average when the rate varies. */
  readonly frameRate: Rational;
  readonly constantFrameRate: boolean;
  /** Coded picture size, from the video sample entry. */
  readonly width: number;
  readonly height: number;
  /** The video sample entry's four letters: 'avc1', 'hvc1', 'av01'. */
  readonly videoCodec: string;
  /** RFC 6381: 'avc1.64000d' (profile, constraints, level), or the four letters. */
  readonly videoCodecString: string;
  /** Ticks per second of the video track: files joined without re-encoding should agree on it. */
  readonly videoTimescale: number;
  /** The sound track, when there is one. */
  readonly audio?: AudioFacts;
  /** The whole movie's length (mvhd), which the longest track decides. */
  readonly movieDuration: Rational;
}

/** Reads the facts of one MP4/MOV file, touching only its box headers and its index. */
export async function readMp4Facts(file: string): Promise<Mp4Facts> {
  return withFileSource(file, (source) => readMp4FactsFrom(file, source));
}

/** The same, from any ByteSource; `file` names it in messages. */
export async function readMp4FactsFrom(file: string, source: ByteSource): Promise<Mp4Facts> {
  return parseMoov(file, await readMoov(file, source));
}

interface Track {
  readonly handler: string;
  readonly enabled: boolean;
  readonly timescale: number;
  /** In the track's timescale. */
  readonly mediaDuration: bigint;
  /** Lengths of the edit list's segments that show media, in the movie's timescale. */
  readonly editedDuration?: bigint;
  readonly stts: ReadonlyArray<{ readonly count: number; readonly delta: number }>;
  readonly stsd: Box;
}

/** The facts from the content of a `moov` box. */
export function parseMoov(file: string, moov: Buffer): Mp4Facts {
  const whole: Box = { type: 'moov', start: 0, end: moov.length };
  const boxes = childBoxes(moov, 0, moov.length, file);
  const mvhd = boxes.find((b) => b.type === 'mvhd');
  if (!mvhd) throw malformed(file, 'its index has no movie header (mvhd)');
  const movie = timing(moov, mvhd, file);
  const tracks = boxes.filter((b) => b.type === 'trak').map((t) => readTrack(moov, t, file));

  const videos = tracks.filter((t) => t.handler === 'vide');
  // A cover picture is a one-frame video track; prefer a real, enabled one.
  const video = videos.find((t) => t.enabled && frames(t) > 1) ?? videos.find((t) => frames(t) > 1) ?? videos[0];
  if (!video) {
    const what = tracks.some((t) => t.handler === 'soun') ? 'it holds sound only' : 'it holds no video track';
    throw new Mp4Error('no-video', file, `${fileLabel(file)} is not a video: ${what}.`);
  }
  if (frames(video) === 0) {
    if (child(moov, whole, 'mvex', file)) throw new Mp4Error('unsupported', file, `${fileLabel(file)} is a fragmented MP4; remux it with "ffmpeg -i in.mp4 -c copy out.mp4".`);
    throw malformed(file, 'its video track has no frames');
  }

  const { frameRate, constantFrameRate } = rateOf(video, file);
  const media = rational(video.mediaDuration > 0n ? video.mediaDuration : sttsTotal(video), video.timescale);
  let duration = media;
  let frameCount = frames(video);
  if (video.editedDuration !== undefined && movie.timescale > 0) {
    const edited = rational(video.editedDuration, movie.timescale);
    // Muxers round the edit list to the movie's coarse timescale (often 1/1000 s): only a
    // difference of a frame or more is a real trim.
    const difference = compare(edited, media) >= 0 ? subtract(edited, media) : subtract(media, edited);
    if (compare(difference, inverse(frameRate)) >= 0) {
      duration = edited;
      frameCount = roundToInteger(multiply(edited, frameRate));
    }
  }

  const entry = videoEntry(moov, video.stsd, file);
  if (entry.width === 0 || entry.height === 0) throw malformed(file, 'its video has no picture size');
  const sound = tracks.find((t) => t.handler === 'soun' && t.enabled) ?? tracks.find((t) => t.handler === 'soun');
  let audio: AudioFacts | undefined;
  if (sound) {
    const a = audioEntry(moov, sound.stsd, file);
    // An entry may leave its rate at 0 (rates above 65535 Hz do not fit its 16.16 field);
    // muxers then count the track's time in samples.
    audio = { codec: a.codec, codecString: a.codecString, sampleRate: a.sampleRate > 0 ? a.sampleRate : sound.timescale, channels: a.channels };
  }
  return {
    duration,
    frameCount,
    frameRate,
    constantFrameRate,
    width: entry.width,
    height: entry.height,
    videoCodec: entry.codec,
    videoCodecString: entry.codecString,
    videoTimescale: video.timescale,
    ...(audio ? { audio } : {}),
    movieDuration: movie.timescale > 0 ? rational(movie.duration, movie.timescale) : duration,
  };
}

/** Timescale and duration of an mvhd or mdhd (versions 0 and 1 differ in field widths). */
function timing(buf: Buffer, box: Box, file: string): { timescale: number; duration: bigint } {
  const r = new BoxReader(buf, box, file);
  const { version } = r.versionAndFlags();
  if (version === 1) {
    r.skip(16);
    const timescale = r.u32();
    return { timescale, duration: r.u64() };
  }
  r.skip(8);
  const timescale = r.u32();
  const duration = r.u32();
  // All ones means "unknown" in version 0.
  return { timescale, duration: duration === 0xffffffff ? 0n : BigInt(duration) };
}

function readTrack(buf: Buffer, trak: Box, file: string): Track {
  const tkhd = child(buf, trak, 'tkhd', file);
  const mdia = child(buf, trak, 'mdia', file);
  const mdhd = mdia && child(buf, mdia, 'mdhd', file);
  const hdlr = mdia && child(buf, mdia, 'hdlr', file);
  const minf = mdia && child(buf, mdia, 'minf', file);
  const stbl = minf && child(buf, minf, 'stbl', file);
  const stsd = stbl && child(buf, stbl, 'stsd', file);
  const stts = stbl && child(buf, stbl, 'stts', file);
  if (!tkhd || !mdhd || !hdlr || !stsd || !stts) throw malformed(file, 'a track lacks one of tkhd, mdhd, hdlr, stsd or stts');
  const enabled = (new BoxReader(buf, tkhd, file).versionAndFlags().flags & 1) === 1;
  const { timescale, duration } = timing(buf, mdhd, file);
  if (timescale === 0) throw malformed(file, 'a track has a timescale of 0');
  const handler = new BoxReader(buf, hdlr, file).skip(8).fourcc();
  const edts = child(buf, trak, 'edts', file);
  const elst = edts && child(buf, edts, 'elst', file);
  const editedDuration = elst ? shownDuration(buf, elst, file) : undefined;
  return { handler, enabled, timescale, mediaDuration: duration, ...(editedDuration !== undefined ? { editedDuration } : {}), stts: timeToSample(buf, stts, file), stsd };
}

/** The summed length of the edits that show media (media_time ≠ -1); undefined when none does. */
function shownDuration(buf: Buffer, elst: Box, file: string): bigint | undefined {
  const r = new BoxReader(buf, elst, file);
  const { version } = r.versionAndFlags();
  const count = r.u32();
  let total = 0n;
  let shown = false;
  for (let i = 0; i < count; i++) {
    const segment = version === 1 ? r.u64() : BigInt(r.u32());
    const mediaTime = version === 1 ? r.i64() : BigInt(r.i32());
    r.skip(4); // media rate
    if (mediaTime === -1n) continue; // an empty edit: a pause before the track starts
    total += segment;
    shown = true;
  }
  return shown && total > 0n ? total : undefined;
}

function timeToSample(buf: Buffer, stts: Box, file: string): Track['stts'] {
  const r = new BoxReader(buf, stts, file);
  r.versionAndFlags();
  const count = r.u32();
  if (count * 8 > r.remaining) throw malformed(file, 'its time-to-sample table (stts) is cut short');
  const entries: Array<{ count: number; delta: number }> = [];
  for (let i = 0; i < count; i++) entries.push({ count: r.u32(), delta: r.u32() });
  return entries;
}

function frames(track: Track): number {
  return track.stts.reduce((sum, e) => sum + e.count, 0);
}

function sttsTotal(track: Track): bigint {
  return track.stts.reduce((sum, e) => sum + BigInt(e.count) * BigInt(e.delta), 0n);
}

/**
 * Constant when every frame lasts the same number of ticks; muxers often give the last frame
 * a different length, so a single odd last frame still counts as constant. Otherwise the
 * average over the track.
 */
function rateOf(track: Track, file: string): { frameRate: Rational; constantFrameRate: boolean } {
  const entries = track.stts.filter((e) => e.count > 0);
  const main = entries[0]!;
  const last = entries[entries.length - 1]!;
  const body = last.count === 1 && entries.length > 1 ? entries.slice(0, -1) : entries;
  if (main.delta > 0 && body.every((e) => e.delta === main.delta)) return { frameRate: rational(track.timescale, main.delta), constantFrameRate: true };
  const total = sttsTotal(track);
  if (total === 0n) throw malformed(file, 'its video frames last no time');
  return { frameRate: rational(BigInt(frames(track)) * BigInt(track.timescale), total), constantFrameRate: false };
}
