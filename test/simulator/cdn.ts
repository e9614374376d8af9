// The CDN origin: a separate host (port) from the API, like cdn.aimlapi.com is from
// api.aimlapi.com, so tests can prove the extension never sends its key there. It serves
// the finished videos with Range support, arbitrary-size generated bodies for download
// benchmarks, and redirects.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import type { Exchange } from './exchange';
import type { Delivery } from './faults';

/**
 * A real H.264+AAC clip from test/fixtures: sample.mp4, which every completed job serves
 * unless a scenario asks for size or for another clip (colour-cuts.mp4: a yellow first
 * frame, red, blue, a green last frame; 320×180, 24 fps, 2 s).
 */
export function loadFixtureVideo(name = 'sample.mp4'): Buffer {
  if (!/^[\w.-]+\.mp4$/.test(name) || name.startsWith('.')) throw new Error(`Veo simulator: "${name}" is not an mp4 in test/fixtures`);
  return readFileSync(join(FIXTURES, name));
}

// ---------------------------------------------------------------------------------------
// Deterministic generated bodies. Byte i (after the optional MP4 prefix) is i % 251: a
// prime period, so chunk and range boundaries never line up with it and a misplaced or
// duplicated chunk changes the bytes. Nothing is held in memory beyond one chunk.

const PERIOD = 251;
const CHUNK = 64 * 1024;
const PATTERN = Buffer.from(Array.from({ length: PERIOD + CHUNK }, (_, i) => i % PERIOD));

/**
 * An `ftyp` box plus a `free` box covering the rest, so a generated "video" still starts
 * like an MP4 for clients that sniff the first bytes.
 */
function mp4Prefix(total: number): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isommp42', 16, 'latin1');
  const freeSize = total - 24;
  if (freeSize < 8 || freeSize > 0xffffffff) return ftyp.subarray(0, Math.min(24, total));
  const free = Buffer.alloc(8);
  free.writeUInt32BE(freeSize, 0);
  free.write('free', 4, 'latin1');
  return Buffer.concat([ftyp, free]);
}

export type GeneratedKind = 'video' | 'blob';

/** Chunks of the generated body of `total` bytes, for the byte range [start, end). */
export function* generatedChunks(total: number, kind: GeneratedKind, start = 0, end = total): Generator<Buffer> {
  const prefix = kind === 'video' ? mp4Prefix(total) : Buffer.alloc(0);
  let pos = start;
  if (pos < prefix.length) {
    const stop = Math.min(prefix.length, end);
    yield prefix.subarray(pos, stop);
    pos = stop;
  }
  while (pos < end) {
    const n = Math.min(CHUNK, end - pos);
    const offset = pos % PERIOD;
    yield PATTERN.subarray(offset, offset + n);
    pos += n;
  }
}

/** The same bytes in one buffer (for tests; keep `total` small). */
export function generatedBytes(total: number, kind: GeneratedKind, start = 0, end = total): Buffer {
  return Buffer.concat([...generatedChunks(total, kind, start, end)]);
}

// ---------------------------------------------------------------------------------------

export interface Body {
  size: number;
  etag: string;
  contentType: string;
  chunks(start: number, end: number): Iterable<Buffer>;
}

export function bufferBody(buf: Buffer, contentType: string): Body {
  const etag = `"${createHash('sha1').update(buf).digest('hex').slice(0, 16)}"`;
  return { size: buf.length, etag, contentType, chunks: (start, end) => [buf.subarray(start, end)] };
}

export function generatedBody(size: number, kind: GeneratedKind): Body {
  return {
    size,
    etag: `"gen-${kind}-${size}"`,
    contentType: kind === 'video' ? 'video/mp4' : 'application/octet-stream',
    chunks: (start, end) => generatedChunks(size, kind, start, end),
  };
}

export type VideoLookup = { kind: 'ok'; body: Body } | { kind: 'missing' } | { kind: 'expired' };

export interface CdnContext {
  readonly cdnUrl: string;
  lookupVideo(id: string): VideoLookup;
}

type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=` range (inclusive end in the header, exclusive here). Multi-range is ignored. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  if (b === '') return { start, end: size };
  const last = Number(b);
  if (last < start) return undefined;
  return { start, end: Math.min(last, size - 1) + 1 };
}

/** An object-storage style error (XML), which is what a real CDN sends, not the API's JSON. */
export function cdnError(ex: Exchange, status: number): void {
  const code = status === 403 ? 'AccessDenied' : status === 404 ? 'NoSuchKey' : status === 416 ? 'InvalidRange' : 'InternalError';
  const message =
    status === 403 ? 'Request has expired' : status === 404 ? 'The specified key does not exist.' : status === 416 ? 'The requested range is not satisfiable' : 'We encountered an internal error. Please try again.';
  ex.text(status, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

function waitDrainOrClose(ex: Exchange): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      ex.res.off('drain', done);
      ex.res.off('close', done);
      resolve();
    };
    ex.res.once('drain', done);
    ex.res.once('close', done);
  });
}

/**
 * Streams [start, end) of a body with backpressure. With `truncateAt`, only that many bytes
 * go out (the declared Content-Length stays the full one) and then the socket is closed.
 */
async function streamBody(ex: Exchange, body: Body, start: number, end: number, delivery: Delivery): Promise<void> {
  const { truncateAt, bytesPerSecond } = delivery;
  const limit = truncateAt === undefined ? end - start : Math.max(0, Math.min(truncateAt, end - start));
  const began = Date.now();
  let sent = 0;
  for (const chunk of body.chunks(start, end)) {
    if (ex.res.destroyed) return;
    const piece = sent + chunk.length > limit ? chunk.subarray(0, limit - sent) : chunk;
    if (bytesPerSecond) {
      // Throttle: a piece leaves only when the rate allows all bytes up to its end.
      const due = began + ((sent + piece.length) / bytesPerSecond) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (ex.res.destroyed) return;
    }
    sent += piece.length;
    if (piece.length > 0 && !ex.res.write(piece)) await waitDrainOrClose(ex);
    if (sent >= limit) break;
  }
  if (ex.res.destroyed) return;
  if (truncateAt !== undefined && sent < end - start) {
    // Cut the connection mid-body: headers and the bytes so far are flushed, then FIN,
    // so the client sees fewer bytes than the Content-Length it was promised.
    ex.res.flushHeaders();
    await new Promise<void>((resolve) => setImmediate(resolve));
    ex.res.socket?.end();
    return;
  }
  ex.res.end();
}

export async function serveBody(ex: Exchange, body: Body, delivery: Delivery = {}): Promise<void> {
  const range = parseRange(ex.req.headers.range, body.size);
  if (range === 'unsatisfiable') {
    ex.text(416, 'application/xml', '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRange</Code></Error>', {
      'content-range': `bytes */${body.size}`,
    });
    return;
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : body.size;
  const headers: Record<string, string | number> = {
    'content-type': body.contentType,
    'content-length': end - start,
    'accept-ranges': 'bytes',
    etag: body.etag,
  };
  if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${body.size}`;
  ex.head(range ? 206 : 200, headers);
  if (ex.req.method === 'HEAD') {
    ex.res.end();
    return;
  }
  await streamBody(ex, body, start, end, delivery);
}

const MAX_BLOB = 16 * 1024 * 1024 * 1024;

/** Routes one CDN request. */
export async function handleCdnRequest(ex: Exchange, ctx: CdnContext, delivery: Delivery = {}): Promise<void> {
  const { pathname } = ex.url;
  if (ex.req.method !== 'GET' && ex.req.method !== 'HEAD') {
    ex.text(405, 'text/plain; charset=utf-8', 'Method Not Allowed', { allow: 'GET, HEAD' });
    return;
  }

  const video = /^\/videos\/([^/]+)\.mp4$/.exec(pathname);
  if (video) {
    let id: string;
    try {
      id = decodeURIComponent(video[1] ?? '');
    } catch {
      cdnError(ex, 404);
      return;
    }
    const found = ctx.lookupVideo(id);
    if (found.kind === 'missing') cdnError(ex, 404);
    else if (found.kind === 'expired') cdnError(ex, 403);
    else await serveBody(ex, found.body, delivery);
    return;
  }

  const blob = /^\/blob\/(\d+)$/.exec(pathname);
  if (blob) {
    const size = Number(blob[1]);
    if (!Number.isSafeInteger(size) || size > MAX_BLOB) {
      cdnError(ex, 404);
      return;
    }
    await serveBody(ex, generatedBody(size, 'blob'), delivery);
    return;
  }

  if (pathname === '/redirect') {
    const to = ex.url.searchParams.get('to');
    if (!to) {
      ex.text(400, 'text/plain; charset=utf-8', 'missing ?to=');
      return;
    }
    ex.text(302, 'text/plain; charset=utf-8', `Found. Redirecting to ${to}`, { location: to });
    return;
  }

  // /redirect-chain/<n>/<rest>: n hops, each to the chain with n-1, the last to /<rest>.
  const chain = /^\/redirect-chain\/(\d+)\/(.*)$/.exec(pathname);
  if (chain) {
    const hops = Number(chain[1]);
    const rest = chain[2] ?? '';
    // n = 0 still answers one hop, straight to /<rest>.
    const target = hops <= 1 ? `/${rest}` : `/redirect-chain/${hops - 1}/${rest}`;
    const location = `${ctx.cdnUrl}${target}${ex.url.search}`;
    ex.text(302, 'text/plain; charset=utf-8', `Found. Redirecting to ${location}`, { location });
    return;
  }

  cdnError(ex, 404);
}
