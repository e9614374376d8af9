// The first sample description (`stsd`) of a track: which codec, the coded picture size
// of a video track, the rate and channels of a sound track, and the RFC 6381 codec string
// ("avc1.64000d", "mp4a.40.2") that tells whether two files can be joined without
// re-encoding.
import { BoxReader, childBoxes, type Box } from './mp4Boxes';
import { malformed } from './mp4Errors';

export interface VideoEntry {
  readonly codec: string;
  readonly codecString: string;
  readonly width: number;
  readonly height: number;
}

export interface AudioEntry {
  readonly codec: string;
  readonly codecString: string;
  /** From the entry; 0 when it does not say (the track's timescale then stands in). */
  readonly sampleRate: number;
  readonly channels: number;
}

/** The first sample entry box inside `stsd`. */
function firstEntry(buf: Buffer, stsd: Box, file: string): Box {
  const r = new BoxReader(buf, stsd, file);
  r.versionAndFlags();
  const count = r.u32();
  const entries = childBoxes(buf, r.offset, stsd.end, file);
  const first = entries[0];
  if (count === 0 || !first) throw malformed(file, 'a track has no sample description');
  return first;
}

// VisualSampleEntry: 8 bytes of SampleEntry, 16 reserved, width and height, then 50 more
// bytes (resolution, frame count, compressor name, depth) before its child boxes.
const VISUAL_FIELDS = 78;
// AudioSampleEntry: 8 bytes of SampleEntry, 20 bytes of fields; QuickTime's sound
// description version 1 adds 16 bytes, version 2 adds 36 (and keeps the rate as a double).
const AUDIO_FIELDS = 28;

export function videoEntry(buf: Buffer, stsd: Box, file: string): VideoEntry {
  const entry = firstEntry(buf, stsd, file);
  const r = new BoxReader(buf, entry, file);
  r.skip(24);
  const width = r.u16();
  const height = r.u16();
  let codecString = entry.type;
  if (entry.end - entry.start >= VISUAL_FIELDS) {
    const config = childBoxes(buf, entry.start + VISUAL_FIELDS, entry.end, file).find((b) => b.type === 'avcC');
    if (config && config.end - config.start >= 4) {
      // AVCDecoderConfigurationRecord: version, profile, profile compatibility, level.
      const hex = (at: number) => buf.readUInt8(config.start + at).toString(16).padStart(2, '0');
      codecString = `${entry.type}.${hex(1)}${hex(2)}${hex(3)}`;
    }
  }
  return { codec: entry.type, codecString, width, height };
}

export function audioEntry(buf: Buffer, stsd: Box, file: string): AudioEntry {
  const entry = firstEntry(buf, stsd, file);
  const r = new BoxReader(buf, entry, file);
  r.skip(8);
  const version = r.u16();
  r.skip(6);
  let channels = r.u16();
  r.skip(6);
  let sampleRate = r.u32() >>> 16;
  let fieldsEnd = entry.start + AUDIO_FIELDS;
  if (version === 1) fieldsEnd += 16;
  if (version === 2) {
    r.skip(4);
    sampleRate = Math.round(r.f64());
    channels = r.u32();
    fieldsEnd += 36;
  }
  if (entry.type !== 'mp4a') return { codec: entry.type, codecString: entry.type, sampleRate, channels };
  // For MPEG-4 audio the entry's channel count is a template value (ffmpeg writes 2 for mono
  // AAC); the decoder configuration is the one that counts.
  const config = mp4aConfig(buf, fieldsEnd, entry.end);
  const codecString = config ? `mp4a.${config.objectType.toString(16)}${config.audioObjectType ? `.${config.audioObjectType}` : ''}` : 'mp4a';
  return { codec: entry.type, codecString, sampleRate, channels: config?.channels ?? channels };
}

/** The decoder configuration in the `esds` box (directly, or in QuickTime's `wave`); undefined if unreadable. */
function mp4aConfig(buf: Buffer, start: number, end: number): DecoderConfig | undefined {
  try {
    const children = childBoxes(buf, start, end, '');
    const wave = children.find((b) => b.type === 'wave');
    const esds = children.find((b) => b.type === 'esds') ?? (wave && childBoxes(buf, wave.start, wave.end, '').find((b) => b.type === 'esds'));
    return esds ? decoderConfig(buf, esds.start + 4, esds.end) : undefined;
  } catch {
    return undefined;
  }
}

interface DecoderConfig {
  readonly objectType: number;
  readonly audioObjectType?: number;
  readonly channels?: number;
}

/** Walks the MPEG-4 descriptors of an `esds` (ISO/IEC 14496-1) to the decoder configuration. */
function decoderConfig(buf: Buffer, start: number, end: number): DecoderConfig | undefined {
  let at = start;
  const descriptor = (): { tag: number; size: number } | undefined => {
    if (at >= end) return undefined;
    const tag = buf.readUInt8(at++);
    let size = 0;
    for (let i = 0; i < 4; i++) {
      const byte = buf.readUInt8(at++);
      size = (size << 7) | (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
    return { tag, size };
  };
  const es = descriptor();
  if (!es || es.tag !== 0x03) return undefined;
  const flags = buf.readUInt8(at + 2);
  at += 3;
  if (flags & 0x80) at += 2;
  if (flags & 0x40) at += 1 + buf.readUInt8(at);
  if (flags & 0x20) at += 2;
  const config = descriptor();
  if (!config || config.tag !== 0x04) return undefined;
  const objectType = buf.readUInt8(at);
  at += 13;
  const specific = descriptor();
  if (!specific || specific.tag !== 0x05 || specific.size < 2) return { objectType };
  // AudioSpecificConfig: a 5-bit object type (31: six more bits follow, +32), a 4-bit
  // sampling frequency index (15: 24 explicit bits follow), a 4-bit channel configuration.
  let bit = at * 8;
  const bits = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++, bit++) value = (value << 1) | ((buf.readUInt8(bit >> 3) >> (7 - (bit & 7))) & 1);
    return value;
  };
  let audioObjectType = bits(5);
  if (audioObjectType === 31) audioObjectType = 32 + bits(6);
  if (bits(4) === 15) bits(24);
  const channelConfiguration = bits(4);
  // 1–6 are that many channels, 7 is 7.1; 0 means a layout the entry's own count describes.
  const channels = channelConfiguration >= 1 && channelConfiguration <= 6 ? channelConfiguration : channelConfiguration === 7 ? 8 : undefined;
  return { objectType, audioObjectType, ...(channels ? { channels } : {}) };
}
