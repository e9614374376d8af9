// The AI/ML API's video endpoints, as typed calls. No `vscode` here: the key comes from a
// function and the base URL from another, so the client runs in unit tests and the
// benchmark exactly as it does in the extension.
import type { RequestBody } from '../catalog/catalog';
import { ApiTransport, type CallOptions, type TransportOptions } from './http';
import {
  billingResponse,
  createResponse,
  generationResponse,
  keyResponse,
  modelsResponse,
  toGeneration,
  toModelPrices,
  type Balance,
  type CreatedGeneration,
  type Generation,
  type KeyInfo,
  type ModelPrice,
} from './wire';

export const DEFAULT_API_BASE_URL = 'https://api.aimlapi.com';

/** Creating carries images as data URIs (megabytes), so it gets a longer deadline. */
const CREATE_TIMEOUT_MS = 120_000;

/** The service echoes it back; 1–128 characters of [A-Za-z0-9._:-]. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CreateOptions extends CallOptions {
  /** Lets the service's logs and ours name the same request. */
  readonly clientRequestId?: string;
}

export class VeoClient {
  private readonly http: ApiTransport;

  constructor(options: TransportOptions) {
    this.http = new ApiTransport(options);
  }

  /** POSTs one job. Any 2xx is success. Never retried here: a second POST could bill twice. */
  async createGeneration(body: RequestBody, options: CreateOptions = {}): Promise<CreatedGeneration> {
    const headers: Record<string, string> = {};
    if (options.clientRequestId && CLIENT_REQUEST_ID.test(options.clientRequestId)) {
      headers['X-Client-Request-Id'] = options.clientRequestId;
    }
    const wire = await this.http.call({
      method: 'POST',
      path: '/v2/video/generations',
      auth: true,
      body,
      headers,
      schema: createResponse,
      timeoutMs: options.timeoutMs ?? CREATE_TIMEOUT_MS,
      signal: options.signal,
    });
    return { id: wire.id, status: wire.status ?? 'queued' };
  }

  /** Where a job stands. The id is opaque (it may hold ':' and '/') and is URL-encoded. */
  async getGeneration(id: string, options: CallOptions = {}): Promise<Generation> {
    const wire = await this.http.call({
      method: 'GET',
      path: `/v2/video/generations?generation_id=${encodeURIComponent(id)}`,
      auth: true,
      schema: generationResponse,
      notFound: `the generation ${id}`,
      ...options,
    });
    return toGeneration(id, wire);
  }

  /** The account balance in USD. Also the cheapest authenticated call, used to check a key. */
  async getBalance(options: CallOptions = {}): Promise<Balance> {
    const wire = await this.http.call({ method: 'GET', path: '/v2/billing', auth: true, schema: billingResponse, ...options });
    return { amount: wire.current_balance, currency: wire.currency || 'USD' };
  }

  /** Live per-second prices; needs no key. Without a model, all models. */
  async getPricing(model?: string, options: CallOptions = {}): Promise<ModelPrice[]> {
    const query = model ? `id=${encodeURIComponent(model)}&include=pricing` : 'include=pricing';
    const wire = await this.http.call({ method: 'GET', path: `/v1/models?${query}`, auth: false, schema: modelsResponse, ...options });
    return toModelPrices(wire);
  }

  /** The key's name and scopes. */
  async getKeyInfo(options: CallOptions = {}): Promise<KeyInfo> {
    const wire = await this.http.call({ method: 'GET', path: '/v1/key', auth: true, schema: keyResponse, ...options });
    return { ...(wire.name ? { name: wire.name } : {}), scopes: wire.scopes ?? [] };
  }
}
