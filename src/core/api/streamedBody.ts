// A JSON request body whose big string values are files, base64-encoded as they are sent.
// A 100 MB video to extend would otherwise be held five times over (the file, its base64,
// the data URI, the JSON text, the socket's buffer) on the extension host's one thread; as a
// stream it is read a few hundred kilobytes at a time, only as fast as the socket takes it,
// and its exact length is known up front (Content-Length, no chunking).
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** A file to send as a data URI string in the JSON. */
export interface FileValue {
  readonly path: string;
  /** `image/png`, `video/mp4`, … */
  readonly mime: string;
  /** Its size when it was checked: the stream refuses a file that changed since. */
  readonly bytes: number;
}

/** Read this much at a time: a multiple of 3, so every piece's base64 joins the next without padding. */
const CHUNK = 3 * 64 * 1024;
const TOKEN = (i: number) => `@@veo-studio-file-${i}@@`;

type Piece = { readonly text: Buffer } | { readonly file: FileValue };

export class StreamedJson {
  private readonly pieces: readonly Piece[];
  /** Exact bytes of the body. */
  readonly contentLength: number;

  /**
   * `value` is the body with each file's place held by a key of `files` (any string); the
   * JSON is written as usual, and each such string is replaced by the file's data URI.
   */
  constructor(value: Readonly<Record<string, unknown>>, files: ReadonlyMap<string, FileValue>) {
    const tokens = new Map<string, FileValue>();
    let n = 0;
    const withTokens = JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
      if (typeof v !== 'string') return v;
      const file = files.get(v);
      if (!file) return v;
      const token = TOKEN(n++);
      tokens.set(token, file);
      return token;
    }) as unknown;
    const json = JSON.stringify(withTokens);
    const pieces: Piece[] = [];
    let rest = json;
    for (const [token, file] of tokens) {
      const at = rest.indexOf(JSON.stringify(token));
      pieces.push({ text: Buffer.from(rest.slice(0, at), 'utf8') }, { file });
      rest = rest.slice(at + JSON.stringify(token).length);
    }
    pieces.push({ text: Buffer.from(rest, 'utf8') });
    this.pieces = pieces;
    this.contentLength = pieces.reduce((sum, p) => sum + ('text' in p ? p.text.length : uriLength(p.file)), 0);
  }

  /** The body for one request (a resend gets a fresh one). `onProgress` hears every piece handed to the socket. */
  stream(onProgress?: (sent: number) => void): Readable {
    const pieces = this.pieces;
    let sent = 0;
    const tell = (b: Buffer) => {
      sent += b.length;
      onProgress?.(sent);
      return b;
    };
    async function* generate(): AsyncGenerator<Buffer> {
      for (const piece of pieces) {
        if ('text' in piece) {
          yield tell(piece.text);
          continue;
        }
        yield tell(Buffer.from(`"data:${piece.file.mime};base64,`, 'ascii'));
        const handle = await open(piece.file.path, 'r');
        try {
          let read = 0;
          // Base64 turns every 3 bytes into 4 characters: bytes past a multiple of 3 wait for the next read.
          let carry = Buffer.alloc(0);
          const buffer = Buffer.alloc(CHUNK);
          for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, read);
            if (bytesRead === 0) break;
            read += bytesRead;
            if (read > piece.file.bytes) break;
            const bytes = carry.length ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
            const whole = bytes.length - (bytes.length % 3);
            carry = Buffer.from(bytes.subarray(whole));
            if (whole) yield tell(Buffer.from(bytes.subarray(0, whole).toString('base64'), 'ascii'));
          }
          if (carry.length) yield tell(Buffer.from(carry.toString('base64'), 'ascii'));
          // The length was promised in Content-Length: a file that changed meanwhile cannot be sent.
          if (read !== piece.file.bytes) throw new Error(`${piece.file.path} changed while it was being sent (${read} bytes instead of ${piece.file.bytes}).`);
        } finally {
          await handle.close();
        }
        yield tell(Buffer.from('"', 'ascii'));
      }
    }
    return Readable.from(generate(), { objectMode: false, highWaterMark: CHUNK });
  }

  /** The body as an object, files as data URIs (small bodies, and tests). */
  async toValue(): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream()) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }
}

/** `"data:<mime>;base64,<base64>"` with its quotes. */
function uriLength(file: FileValue): number {
  return 2 + `data:${file.mime};base64,`.length + 4 * Math.ceil(file.bytes / 3);
}
