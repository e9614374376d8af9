// What can be wrong with a video the sequence reads, as one typed error whose message
// names the file and says what to do.
import * as path from 'node:path';

export type Mp4ErrorKind =
  /** Not an ISO base media (MP4/MOV) file at all. */
  | 'not-mp4'
  /** An MP4 without its index (moov): cut short by a download, or still being written. */
  | 'no-moov'
  /** An MP4 with no video track (sound only). */
  | 'no-video'
  /** Box sizes or fields that contradict each other or the file's size. */
  | 'malformed'
  /** Valid, but a layout this reader does not handle (fragmented MP4, a huge index). */
  | 'unsupported'
  /** The file could not be opened or read. */
  | 'unreadable';

export class Mp4Error extends Error {
  override readonly name = 'Mp4Error';

  constructor(
    readonly kind: Mp4ErrorKind,
    /** The file as the caller named it. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The name a message uses for a file: its base name, which is what a person recognises. */
export function fileLabel(file: string): string {
  return path.basename(file) || file;
}

export function malformed(file: string, what: string): Mp4Error {
  return new Mp4Error('malformed', file, `${fileLabel(file)} is a damaged MP4 file: ${what}. Generate or download the video again.`);
}
