// HTTP plumbing shared by both origins: reading bodies, recording what came in and what
// went out, and writing responses in the service's style. Every answer goes through
// `Exchange.head`, so the recorded status is always the one the client saw.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { RecordedRequest } from './types';

export const JSON_TYPE = 'application/json; charset=utf-8';
const RAW_BODY_LIMIT = 1024 * 1024;
/** Data URIs make bodies large; beyond this the service would refuse them anyway. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Default message per status, as the docs' error table describes them. */
const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized: invalid or missing API key',
  403: 'Insufficient credits',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too many requests, please slow down',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Model under maintenance',
  504: 'Generation timeout',
};

export function defaultMessage(status: number): string {
  return STATUS_MESSAGES[status] ?? `HTTP ${status}`;
}

export interface ReadBody {
  text: string;
  tooLarge: boolean;
}

/** Reads the whole request body (API requests are small JSON, or data URIs up to the cap). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    const done = (): void => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge });
    req.on('end', done);
    req.on('error', done);
    req.on('aborted', done);
  });
}

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim().length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function queryOf(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

/** Builds the record of one request; `status` is filled in when the answer is written. */
export function recordRequest(origin: 'api' | 'cdn', req: IncomingMessage, url: URL, at: number, bodyText?: string): RecordedRequest {
  const record: RecordedRequest = {
    origin,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: queryOf(url),
    headers: flattenHeaders(req),
    at,
  };
  if (bodyText !== undefined && bodyText.length > 0) {
    record.rawBody = bodyText.length > RAW_BODY_LIMIT ? bodyText.slice(0, RAW_BODY_LIMIT) : bodyText;
    const parsed = tryParseJson(bodyText);
    if (parsed.ok) record.body = parsed.value;
  }
  return record;
}

/** One request/response pair. */
export class Exchange {
  /** The service's own id for this request, sent back as `x-request-id` and in error bodies. */
  readonly requestId = randomUUID();
  /** Headers added to every answer (request ids). */
  readonly baseHeaders: OutgoingHttpHeaders = {};

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly record: RecordedRequest | undefined,
    private readonly nowIso: () => string,
  ) {}

  get finished(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }

  head(status: number, headers: OutgoingHttpHeaders): void {
    if (this.record) this.record.status = status;
    this.res.writeHead(status, { ...this.baseHeaders, ...headers });
  }

  json(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
    if (this.res.destroyed) return;
    const text = JSON.stringify(body);
    this.head(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
    this.res.end(text);
  }

  text(status: number, contentType: string, text: string, headers: OutgoingHttpHeaders = {}): void {
    if (this.res.destroyed) return;
    this.head(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
    this.res.end(text);
  }

  /**
   * A JSON answer cut short: the full Content-Length is declared, only `keep` bytes are
   * sent, then the connection ends, so the client holds a body it cannot parse.
   */
  truncatedJson(status: number, body: unknown, keep: number, headers: OutgoingHttpHeaders = {}): void {
    if (this.res.destroyed) return;
    const bytes = Buffer.from(JSON.stringify(body));
    this.head(status, { 'content-type': JSON_TYPE, 'content-length': bytes.length, ...headers });
    this.res.write(bytes.subarray(0, Math.max(0, Math.min(keep, bytes.length - 1))));
    setImmediate(() => this.res.socket?.end());
  }

  /** The documented error body: {message, path, requestId, statusCode, timestamp}. */
  errorBody(status: number, message = defaultMessage(status), extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { statusCode: status, message, path: this.url.pathname, requestId: this.requestId, timestamp: this.nowIso(), ...extra };
  }

  error(status: number, message?: string, extra: Record<string, unknown> = {}, headers: OutgoingHttpHeaders = {}): void {
    this.json(status, this.errorBody(status, message, extra), headers);
  }

  /** Closes the connection without any answer (the record keeps `status` undefined). */
  drop(): void {
    this.req.socket.destroy();
  }
}

/**
 * Resolves after `ms` real milliseconds, or at once when the client goes away. `pending`
 * holds the finishers of every wait still running, so close() can end them all.
 */
export function waitUnlessClosed(res: ServerResponse, ms: number, pending: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      pending.delete(finish);
      res.off('close', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    pending.add(finish);
    res.once('close', finish);
  });
}
