// The PNG of a frame, as it arrives from a webview page: a data URL (or bare base64) that
// the page made with a canvas. Nothing from a page is trusted: the text must be base64 of
// at most the given size, and the bytes must be one whole PNG — its signature, an IHDR
// with a real width and height, and the IEND chunk at the end (a cut-off message would
// otherwise leave a file no viewer opens).

/** The largest frame accepted, decoded: a 4K frame of noise is about 25 MB as PNG. */
export const MAX_FRAME_BYTES = 40 * 1024 * 1024;

/** The longest side a frame may have (browsers' own canvas limit is about 16,384 px). */
export const MAX_FRAME_SIDE = 16_384;

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

export interface DecodedPng {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const DATA_URL_HEAD = 'data:image/png;base64,';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Width and height from a whole PNG's bytes; throws a FrameError when they are not one. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < SIGNATURE.length + 25 + IEND.length || !b.subarray(0, 8).equals(SIGNATURE)) {
    throw new FrameError('The frame is not a PNG image.');
  }
  // The first chunk of every PNG is IHDR, 13 bytes long: width, height, …
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') throw new FrameError('The frame is not a PNG image (no IHDR header).');
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  if (width < 1 || height < 1 || width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE) {
    throw new FrameError(`The frame's size (${width}×${height}) is not a size a video frame can have.`);
  }
  if (!b.subarray(b.length - IEND.length).equals(IEND)) throw new FrameError('The frame is cut off: its PNG does not end where a PNG ends.');
  return { width, height };
}

/**
 * The PNG a page sent, decoded: `data:image/png;base64,…` (what canvas.toDataURL gives) or
 * the base64 alone. Throws a FrameError naming what is wrong.
 */
export function decodePngDataUrl(text: string, maxBytes = MAX_FRAME_BYTES): DecodedPng {
  const base64 = text.startsWith('data:') ? (text.startsWith(DATA_URL_HEAD) ? text.slice(DATA_URL_HEAD.length) : undefined) : text;
  if (base64 === undefined) throw new FrameError(`The frame is not a PNG data URL (it starts "${text.slice(0, 24)}").`);
  // A quarter more than the bytes, and checked before decoding: an oversized message costs nothing.
  if (base64.length > Math.ceil(maxBytes / 3) * 4) throw new FrameError(`The frame is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) throw new FrameError('The frame is not valid base64.');
  const bytes = Buffer.from(base64, 'base64');
  return { bytes, ...pngSize(bytes) };
}
