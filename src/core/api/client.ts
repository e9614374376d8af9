// The AI/ML API's video endpoints, as typed calls. No `vscode` here: the key comes from a
// function and the base URL from another, so the client runs in unit tests and the
// benchmark exactly as it does in the extension.
import type { RequestBody } from '../catalog/catalog';
import type { StreamedJson } from './streamedBody';

/** A create's body: small ones as an object, ones that carry workspace files as a stream. */
export type CreateBody = RequestBody | StreamedJson;
import { ApiTransport, type CallOptions, type TransportOptions } from './http';
import {
  billingResponse,
  createResponse,
  generationResponse,
  keyResponse,
  logsResponse,
  modelsResponse,
  toLogPage,
  toGeneration,
  toModelPrices,
  type Balance,
  type CreatedGeneration,
  type Generation,
  type KeyInfo,
  type LogPage,
} from './wire';
import type { ResponseHeaders } from './http';
import type { ModelPrice } from '../money/pricing';

/** A price list as fetched: the prices and the ETag to ask with next time, or "unchanged" (304). */
export type PriceList = { readonly changed: true; readonly prices: ModelPrice[]; readonly etag?: string } | { readonly changed: false };

export const DEFAULT_API_BASE_URL = 'https://api.aimlapi.com';

/**
 * Creating carries images and videos as data URIs (up to ~130 MB of JSON). For a streamed
 * body this is an idle time — it starts over as each piece leaves — so a slow line that keeps
 * moving is never cut off; an answer that does not come within it after the upload is lost.
 */
const CREATE_TIMEOUT_MS = 120_000;

/** The service echoes it back; 1–128 characters of [A-Za-z0-9._:-]. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CreateOptions extends CallOptions {
  /** Lets the service's logs and ours name the same request. */
  readonly clientRequestId?: string;
}

/** Which usage logs to read (GET /v2/logs): a window, and optionally one model and a page. */
export interface LogQuery {
  /** `1h`, `24h`, `7d`, … or a window by start and end. */
  readonly period?: string;
  readonly start?: Date;
  readonly end?: Date;
  readonly model?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** Whether a string is a valid X-Client-Request-Id (anything else is silently dropped by the service). */
export function isClientRequestId(value: string): boolean {
  return CLIENT_REQUEST_ID.test(value);
}

/**
 * The generation a response names in its tracing header. For an asynchronous generation
 * x-inference-id is the create's id (docs/service.md, "Never paying twice"), so a create
 * whose body was lost can still be identified by it.
 */
export function inferenceIdOf(headers: ResponseHeaders | undefined): string | undefined {
  const id = headers?.get('x-inference-id')?.trim();
  return id ? id : undefined;
}

/** A cost header as a number, when it is one. */
function costHeader(headers: ResponseHeaders, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return undefined;
  return Number(raw);
}

export class VeoClient {
  private readonly http: ApiTransport;

  constructor(options: TransportOptions) {
    this.http = new ApiTransport(options);
  }

  /** POSTs one job. Any 2xx is success. Never retried here: a second POST could bill twice. */
  async createGeneration(body: CreateBody, options: CreateOptions = {}): Promise<CreatedGeneration> {
    const headers: Record<string, string> = {};
    if (options.clientRequestId && CLIENT_REQUEST_ID.test(options.clientRequestId)) {
      headers['X-Client-Request-Id'] = options.clientRequestId;
    }
    const answer = await this.http.exchange({
      method: 'POST',
      path: '/v2/video/generations',
      auth: true,
      body,
      headers,
      schema: createResponse,
      timeoutMs: options.timeoutMs ?? CREATE_TIMEOUT_MS,
      signal: options.signal,
    });
    if (!('data' in answer)) throw new Error('unreachable: a create never asks for 304');
    return { id: answer.data.id, status: answer.data.status ?? 'queued' };
  }

  /** Where a job stands. The id is opaque (it may hold ':' and '/') and is URL-encoded. */
  async getGeneration(id: string, options: CallOptions = {}): Promise<Generation> {
    const answer = await this.http.exchange({
      method: 'GET',
      path: `/v2/video/generations?generation_id=${encodeURIComponent(id)}`,
      auth: true,
      schema: generationResponse,
      notFound: `the generation ${id}`,
      ...options,
    });
    if (!('data' in answer)) throw new Error('unreachable: a poll never asks for 304');
    const generation = toGeneration(id, answer.data);
    // The actual cost: x-aimlapi-usd-spent when it says something, else credits ÷ 2,000,000
    // (toGeneration). A zero header beside credits is the poll's own price, not the video's.
    const usd = costHeader(answer.headers, 'x-aimlapi-usd-spent');
    if (usd === undefined || usd <= 0) return generation;
    return { ...generation, usage: { ...generation.usage, usd } };
  }

  /** One page of the account's usage logs, newest first (key required; 200 requests per minute). */
  async getLogs(query: LogQuery, options: CallOptions = {}): Promise<LogPage> {
    const params = new URLSearchParams();
    if (query.start && query.end) {
      params.set('start', query.start.toISOString());
      params.set('end', query.end.toISOString());
    } else {
      params.set('period', query.period ?? '24h');
    }
    if (query.model) params.append('model', query.model);
    params.set('limit', String(query.limit ?? 100));
    if (query.offset) params.set('offset', String(query.offset));
    const wire = await this.http.call({ method: 'GET', path: `/v2/logs?${params.toString()}`, auth: true, schema: logsResponse, ...options });
    return toLogPage(wire);
  }

  /** The account balance in USD. Also the cheapest authenticated call, used to check a key. */
  async getBalance(options: CallOptions = {}): Promise<Balance> {
    const wire = await this.http.call({ method: 'GET', path: '/v2/billing', auth: true, schema: billingResponse, ...options });
    return { amount: wire.current_balance, currency: wire.currency || 'USD' };
  }

  /**
   * Live prices; needs no key. `id` matches a model's id or one of its aliases; without
   * one, every model. With the ETag of an earlier answer, an unchanged list costs a 304.
   */
  async getPricing(model?: string, options: CallOptions & { readonly etag?: string } = {}): Promise<PriceList> {
    const query = model ? `id=${encodeURIComponent(model)}&include=pricing` : 'include=pricing';
    const { etag, ...call } = options;
    const answer = await this.http.exchange({
      method: 'GET',
      path: `/v1/models?${query}`,
      auth: false,
      schema: modelsResponse,
      ...(etag ? { headers: { 'If-None-Match': etag }, notModifiedOk: true } : {}),
      ...call,
    });
    if (!('data' in answer)) return { changed: false };
    const newTag = answer.headers.get('etag');
    return { changed: true, prices: toModelPrices(answer.data), ...(newTag ? { etag: newTag } : {}) };
  }

  /** The key's name and scopes. */
  async getKeyInfo(options: CallOptions = {}): Promise<KeyInfo> {
    const wire = await this.http.call({ method: 'GET', path: '/v1/key', auth: true, schema: keyResponse, ...options });
    return { ...(wire.data.name ? { name: wire.data.name } : {}), scopes: wire.data.scopes ?? [], disabled: wire.data.disabled === true };
  }
}
