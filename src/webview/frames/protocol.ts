// A frame of a video as a page sends it: where in the video (seconds), the size of the
// picture, and the PNG a canvas made of it, as a data URL. Every page that decodes frames
// (the preview, the compare panel, the decoder the commands use) sends this shape, and the
// extension decodes and checks the PNG itself (core/frames/png.ts) before it writes a byte.
// Also the decoder page's own small protocol: the extension asks for a frame, the page
// answers with it or says why it could not.
import * as z from 'zod/mini';

/** The longest data URL of a frame: 40 MB of PNG, as base64, and its head. */
export const MAX_FRAME_DATA_URL = Math.ceil((40 * 1024 * 1024) / 3) * 4 + 32;
/** Canvases (and so frames) are at most this wide or high in Chromium. */
export const MAX_FRAME_SIDE = 16_384;

const side = z.int().check(z.gte(1), z.lte(MAX_FRAME_SIDE));

export const frameSchema = z.strictObject({
  /** Seconds into the video. */
  at: z.number().check(z.gte(0), z.lte(24 * 3600)),
  width: side,
  height: side,
  png: z.string().check(z.maxLength(MAX_FRAME_DATA_URL), z.startsWith('data:image/png;base64,')),
});
export type FrameData = z.infer<typeof frameSchema>;

/** Which frame: seconds into the video, its first, its last, or (in a player) the one on screen. */
export const frameAtSchema = z.union([z.number().check(z.gte(0), z.lte(24 * 3600)), z.enum(['first', 'last', 'current'])]);
export type FrameAt = z.infer<typeof frameAtSchema>;

/**
 * Why a page could not give a frame: the browser cannot decode the video (or load it), it
 * has no picture, it took too long, the canvas refused its pixels, or there was no canvas.
 */
export const FRAME_FAILURES = ['decode', 'noPicture', 'timeout', 'tainted', 'noCanvas'] as const;
export type FrameFailure = (typeof FRAME_FAILURES)[number];
export const frameFailureSchema = z.strictObject({ reason: z.enum(FRAME_FAILURES), detail: z.string().check(z.maxLength(500)) });

const requestNumber = z.int().check(z.gte(0));

/** Extension → decoder page: decode `src` and send the frame at `at` (scaled to `maxWidth` when given). */
export const decoderToPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('grab'), id: requestNumber, src: z.string().check(z.minLength(1), z.maxLength(4000)), at: frameAtSchema, maxWidth: z.optional(side) }),
]);
export type DecoderToPage = z.infer<typeof decoderToPageSchema>;

/** Decoder page → extension. */
export const decoderFromPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('grabbed'), id: requestNumber, frame: frameSchema }),
  z.strictObject({ type: z.literal('grabFailed'), id: requestNumber, failure: frameFailureSchema }),
]);
export type DecoderFromPage = z.infer<typeof decoderFromPageSchema>;
