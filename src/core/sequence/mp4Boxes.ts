// The box layer of an MP4 (ISO/IEC 14496-12): every part of the file is a box of
// [32-bit size][4-letter type][64-bit size when the 32-bit one is 1][content], where size 0
// means "to the end of the file". The index of the video (`moov`) may come before the media
// data (`mdat`, "faststart") or after it (ffmpeg's default), and `mdat` can be gigabytes:
// the top level is walked by reading box headers only, skipping every `mdat` unread, and
// only `moov` is read whole.
import * as fs from 'node:fs/promises';
import { errorCode } from '../util/errorCode';
import { fileLabel, malformed, Mp4Error } from './mp4Errors';

/** Random access to a file's bytes; tests supply one that counts what is read. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer at the end of the file). */
  read(position: number, length: number): Promise<Buffer>;
}

/** Boxes that may stand at the top level of an MP4 or QuickTime file. */
const TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'meta', 'pdin', 'styp', 'sidx', 'moof', 'mfra', 'prft', 'emsg']);

/** An index larger than this is refused rather than read into memory (hours of video need a few MB). */
export const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/** Opens `file`, hands `use` a ByteSource over it, and closes it again. */
export async function withFileSource<T>(file: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  let handle: fs.FileHandle;
  let size: number;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Mp4Error('unreadable', file, `${fileLabel(file)} is not a file.`);
      size = stat.size;
    } catch (error) {
      throw error instanceof Mp4Error ? error : unreadable(file, error);
    }
    const source: ByteSource = {
      size,
      async read(position, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        let done = 0;
        try {
          while (done < buffer.length) {
            const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
            if (bytesRead === 0) break;
            done += bytesRead;
          }
        } catch (error) {
          throw unreadable(file, error);
        }
        return buffer.subarray(0, done);
      },
    };
    return await use(source);
  } finally {
    await handle.close();
  }
}

function unreadable(file: string, error: unknown): Mp4Error {
  const code = errorCode(error);
  const why = code === 'ENOENT' ? 'it was not found' : code === 'EACCES' || code === 'EPERM' ? 'permission was denied' : code === 'EISDIR' ? 'it is a folder' : (error instanceof Error ? error.message : String(error));
  return new Mp4Error('unreadable', file, `${fileLabel(file)} could not be read: ${why}.`, { cause: error });
}

/**
 * Finds the top-level `moov` box and returns its content (without its header). Reads only box
 * headers until then (8 bytes, 16 with a 64-bit size), whatever the size of the boxes it skips.
 */
export async function readMoov(file: string, source: ByteSource): Promise<Buffer> {
  if (source.size === 0) throw new Mp4Error('no-moov', file, `${fileLabel(file)} is empty (0 bytes).`);
  let position = 0;
  let first = true;
  let sawFragments = false;
  while (position < source.size) {
    const head = await source.read(position, 8);
    if (head.length < 8) {
      if (first) throw notMp4(file, 'it is too short to hold one');
      throw malformed(file, `${source.size - position} stray bytes at its end`);
    }
    const type = head.toString('latin1', 4, 8);
    if (first && !TOP_LEVEL.has(type)) throw notMp4(file, 'it does not start with an MP4 box');
    first = false;
    let size = head.readUInt32BE(0);
    let header = 8;
    if (size === 1) {
      // A 64-bit size follows; read only then, so no byte of a box's content is touched.
      const large = await source.read(position + 8, 8);
      if (large.length < 8) throw malformed(file, `the ${printable(type)} box is cut short`);
      size = bigToSafe(large.readBigUInt64BE(0), file, type);
      header = 16;
    } else if (size === 0) {
      size = source.size - position;
    }
    if (size < header) throw malformed(file, `the ${printable(type)} box at byte ${position} has an impossible size (${size})`);
    if (type === 'moof') sawFragments = true;
    if (type === 'moov') {
      const length = size - header;
      if (position + size > source.size) throw new Mp4Error('no-moov', file, `${fileLabel(file)} is cut short: its index (moov) ends after the end of the file. Download or generate the video again.`);
      if (length > MAX_MOOV_BYTES) throw new Mp4Error('unsupported', file, `${fileLabel(file)} has an index (moov) of ${length} bytes, more than this reader takes.`);
      return source.read(position + header, length);
    }
    // A box that runs past the end (an mdat cut short by a download) cannot be followed by the moov.
    if (position + size > source.size) break;
    position += size;
  }
  if (sawFragments) throw new Mp4Error('unsupported', file, `${fileLabel(file)} is a fragmented MP4 (streaming layout) without a complete index; remux it with "ffmpeg -i in.mp4 -c copy out.mp4".`);
  throw new Mp4Error('no-moov', file, `${fileLabel(file)} has no index (moov box): it is cut short or was not finished. Download or generate the video again.`);
}

function notMp4(file: string, why: string): Mp4Error {
  return new Mp4Error('not-mp4', file, `${fileLabel(file)} is not an MP4 video: ${why}.`);
}

function bigToSafe(value: bigint, file: string, type: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(file, `the ${printable(type)} box claims ${value} bytes`);
  return Number(value);
}

/** A box type as text, with unprintable bytes shown as '?'. */
export function printable(type: string): string {
  return `'${type.replace(/[^\x20-\x7e]/g, '?')}'`;
}

/** One box inside a buffer: its type and where its content lies. */
export interface Box {
  readonly type: string;
  /** Offset of the content (after the header) in the buffer. */
  readonly start: number;
  /** Offset just past the box. */
  readonly end: number;
}

/** The boxes laid end to end in buf[start, end), e.g. the children of `moov`. */
export function childBoxes(buf: Buffer, start: number, end: number, file: string): Box[] {
  const boxes: Box[] = [];
  let position = start;
  while (position + 8 <= end) {
    let size = buf.readUInt32BE(position);
    const type = buf.toString('latin1', position + 4, position + 8);
    let header = 8;
    if (size === 1) {
      if (position + 16 > end) throw malformed(file, `the ${printable(type)} box is cut short`);
      size = bigToSafe(buf.readBigUInt64BE(position + 8), file, type);
      header = 16;
    } else if (size === 0) {
      size = end - position;
    }
    if (size < header || position + size > end) throw malformed(file, `the ${printable(type)} box overruns its parent`);
    boxes.push({ type, start: position + header, end: position + size });
    position += size;
  }
  return boxes;
}

/** The first child of that type, if any. */
export function child(buf: Buffer, parent: Box, type: string, file: string): Box | undefined {
  return childBoxes(buf, parent.start, parent.end, file).find((b) => b.type === type);
}

/** Reads fields of a box's content, failing with a clear message instead of a RangeError. */
export class BoxReader {
  private position: number;

  constructor(
    private readonly buf: Buffer,
    private readonly box: Box,
    private readonly file: string,
  ) {
    this.position = box.start;
  }

  private need(bytes: number): number {
    if (this.position + bytes > this.box.end) throw malformed(this.file, `the ${printable(this.box.type)} box is too short`);
    const at = this.position;
    this.position += bytes;
    return at;
  }

  skip(bytes: number): this {
    this.need(bytes);
    return this;
  }

  u16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }

  u32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }

  i32(): number {
    return this.buf.readInt32BE(this.need(4));
  }

  u64(): bigint {
    return this.buf.readBigUInt64BE(this.need(8));
  }

  i64(): bigint {
    return this.buf.readBigInt64BE(this.need(8));
  }

  f64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }

  fourcc(): string {
    const at = this.need(4);
    return this.buf.toString('latin1', at, at + 4);
  }

  /** Flags of a full box, after its version. */
  versionAndFlags(): { version: number; flags: number } {
    const word = this.u32();
    return { version: word >>> 24, flags: word & 0xffffff };
  }

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.box.end - this.position;
  }
}
