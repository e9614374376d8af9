// The one place the extension speaks HTTP to the AI/ML API: builds the request, puts a
// deadline on the whole exchange (headers and body), turns HTTP failures into typed
// errors, and parses every answer with a zod schema into a domain shape.
import fetch, { type RequestInit } from 'node-fetch';
import type * as z from 'zod/mini';
import { checkTransport } from '../net/urlPolicy';
import { StreamedJson } from './streamedBody';
import { redact } from '../util/redact';
import {
  ApiError,
  AuthError,
  CancelledError,
  ConfigurationError,
  KeyStoreError,
  NetworkError,
  NotFoundError,
  QuotaError,
  RateLimitError,
  ResponseShapeError,
  ServiceError,
  TimeoutError,
  ValidationError,
} from './errors';
import { errorMessage, firstIssuePath, validationIssues } from './wire';

/**
 * A line for the log. Never contains the key: the transport is the only holder, never logs
 * headers, and redacts error bodies that echo the key before any error is made from them.
 */
export type ApiLog = (line: string) => void;

export interface TransportOptions {
  /** Read on every request, so a settings change takes effect at once. */
  readonly baseUrl: () => string;
  /** Supplies the key only when a request needs one; undefined means none is set. */
  readonly apiKey: () => Promise<string | undefined>;
  readonly timeoutMs?: number;
  readonly log?: ApiLog;
  readonly now?: () => number;
  readonly userAgent?: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface ApiCall<S extends z.ZodMiniType> extends CallOptions {
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. `/v2/billing`. */
  readonly path: string;
  readonly schema: S;
  readonly auth: boolean;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** What a 404 means here, for the message ("generation abc"). */
  readonly notFound?: string;
  /** Treat 304 Not Modified as an answer (a conditional GET with If-None-Match). */
  readonly notModifiedOk?: boolean;
}

/** Response headers, by lower-case name. */
export type ResponseHeaders = ReadonlyMap<string, string>;

/** An answer with its headers: the parsed body, or nothing new (304). */
export type Exchange<T> = { readonly status: 304; readonly headers: ResponseHeaders } | { readonly status: number; readonly data: T; readonly headers: ResponseHeaders };

const DEFAULT_TIMEOUT_MS = 30_000;

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class ApiTransport {
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TransportOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** The base URL currently configured, checked: https, or http only on loopback. */
  base(): URL {
    const raw = this.options.baseUrl().trim();
    const checked = checkTransport(raw);
    if (!checked.ok) throw new ConfigurationError(`The setting veoStudio.apiBaseUrl cannot be used: ${checked.reason}.`);
    return checked.url;
  }

  async call<S extends z.ZodMiniType>(call: ApiCall<S>): Promise<z.infer<S>> {
    const answer = await this.exchange(call);
    if (!('data' in answer)) throw new ServiceError(answer.status, 'Not Modified');
    return answer.data;
  }

  /** Like call(), with the response headers, and 304 as an answer when asked for. */
  async exchange<S extends z.ZodMiniType>(call: ApiCall<S>): Promise<Exchange<z.infer<S>>> {
    const base = this.base();
    const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}${call.path}`;
    const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
    if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;
    // The key this request carries: whatever the answer echoes of it is cut out here, where
    // the error is made, so no error (and no job, tooltip or toast built from one) holds it.
    let sentKey: string | undefined;
    if (call.auth) {
      try {
        sentKey = await this.options.apiKey();
      } catch (error) {
        // The keychain, not the network: said as such, and never mistaken for an outage.
        throw error instanceof KeyStoreError ? error : new KeyStoreError(error);
      }
      if (!sentKey) throw new AuthError('missing');
      headers['Authorization'] = `Bearer ${sentKey}`;
    }
    const scrub = (raw: string): string => redact(raw, sentKey ? [sentKey] : []);
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const deadline = new AbortController();
    // The deadline is an idle time: it starts over whenever a piece of a streamed body leaves,
    // so a big upload on a slow line is given the time it needs while it moves, and a stalled
    // one still ends. A request without a streamed body has the whole time once.
    let timer = setTimeout(() => deadline.abort(), timeoutMs);
    const stillMoving = () => {
      clearTimeout(timer);
      timer = setTimeout(() => deadline.abort(), timeoutMs);
    };
    let body: string | NodeJS.ReadableStream | undefined;
    if (call.body instanceof StreamedJson) {
      body = call.body.stream(stillMoving);
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(call.body.contentLength);
    } else if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['Content-Type'] = 'application/json';
    }
    const onCallerAbort = () => deadline.abort();
    call.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const started = this.now();
    const where = `${call.method} ${call.path.split('?')[0]}`;
    try {
      if (call.signal?.aborted) throw new CancelledError();
      let status: number;
      let text: string;
      let retryAfter: string | null;
      let responseHeaders: Map<string, string> | undefined;
      try {
        // Redirects are not followed: the API has no reason to send one, and following
        // it would carry the key to wherever it points.
        const init: RequestInit = { method: call.method, headers, body: body as RequestInit['body'], signal: deadline.signal, redirect: 'manual' };
        const response = await fetch(url, init);
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        responseHeaders = new Map([...response.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
        text = await response.text();
      } catch (error) {
        // Headers that arrived before the body was lost still tell which request it was.
        const lost = call.signal?.aborted ? new CancelledError() : deadline.signal.aborted ? new TimeoutError(base.host, timeoutMs) : new NetworkError(base.host, error);
        if (responseHeaders) lost.headers = responseHeaders;
        throw lost;
      }
      this.options.log?.(`${where} → ${status} (${this.now() - started} ms)`);
      try {
        if (status >= 200 && status < 300) return { status, data: this.parse(call.schema, text, scrub), headers: responseHeaders };
        if (status === 304 && call.notModifiedOk) return { status: 304, headers: responseHeaders };
        throw this.failure(status, scrub(text), retryAfter, call.notFound ?? call.path);
      } catch (error) {
        if (error instanceof ApiError) error.headers = responseHeaders;
        throw error;
      }
    } catch (error) {
      if (error instanceof CancelledError || error instanceof NetworkError || error instanceof TimeoutError || error instanceof ResponseShapeError) {
        this.options.log?.(`${where} failed: ${error.message}`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private parse<S extends z.ZodMiniType>(schema: S, text: string, scrub: (raw: string) => string): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ResponseShapeError('(body)', `not JSON: ${JSON.stringify(scrub(text).slice(0, 80))}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const { field, message } = firstIssuePath(parsed.error);
      throw new ResponseShapeError(field, message);
    }
    return parsed.data;
  }

  private failure(status: number, text: string, retryAfter: string | null, what: string): Error {
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // keep the text: errorMessage() reads plain-text bodies too
    }
    const message = errorMessage(json);
    if (status === 400 || status === 422) return new ValidationError(validationIssues(json), message);
    if (status === 401) return new AuthError('rejected', message);
    if (status === 403) return new QuotaError(message);
    if (status === 404) return new NotFoundError(what, message);
    if (status === 413) return new ValidationError([{ field: 'request', message: 'The request is too large for the service: use smaller images or image URLs.' }], message);
    if (status === 429) return new RateLimitError(parseRetryAfter(retryAfter, this.now()), message);
    if (status >= 300 && status < 400) {
      // Not a passing fault: the configured address is wrong, and retrying cannot help.
      return new ConfigurationError(
        `The AI/ML API at ${this.options.baseUrl()} answered with a redirect (${status}), which Veo Studio does not follow so the key stays with the API host. Check the setting veoStudio.apiBaseUrl.`,
      );
    }
    return new ServiceError(status, message);
  }
}
