// The documented API endpoints. Faults and recording happen before this is reached (but for
// the create faults that strike after the job exists, see create.ts); this module only
// behaves like the service.
import { CATALOG_PATHS, listModels, oneModel, SINGLE_MODEL_PREFIX, type PriceBook } from './catalog';
import { CreateRequest, type CreateContext } from './create';
import type { Exchange } from './exchange';
import { looksIssued } from './ids';
import { CREDITS_PER_USD, type JobStore, pollBody, roundUsd } from './jobs';
import { keyPrefix, type LogBook } from './logs';
import { setTracing, validClientRequestId } from './tracing';
import type { FaultSpec, FaultTarget, KeyInfo } from './types';

export interface ApiContext extends CreateContext {
  readonly jobs: JobStore;
  readonly prices: PriceBook;
  readonly logs: LogBook;
  readonly apiKeys: readonly string[];
  readonly balanceUsd: number;
  readonly keyInfo: Partial<KeyInfo>;
  readonly cdnUrl: string;
  now(): number;
}

const GENERATIONS = '/v2/video/generations';

/** Which fault queue a request draws from ('any' is always consulted too). */
export function faultTargetOf(method: string, pathname: string): FaultTarget | undefined {
  if (pathname === GENERATIONS) return method === 'POST' ? 'create' : method === 'GET' ? 'poll' : undefined;
  if (pathname === '/v2/billing' || pathname === '/v1/billing/balance') return 'billing';
  if (CATALOG_PATHS.includes(pathname) || pathname.startsWith(SINGLE_MODEL_PREFIX)) return 'pricing';
  if (pathname === '/v1/key') return 'key';
  if (pathname === '/v2/logs') return 'logs';
  return undefined;
}

/** The valid key of `Authorization: Bearer <key>`, if any. */
export function bearerKey(ex: Exchange, keys: readonly string[]): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec((ex.req.headers.authorization ?? '').trim());
  const key = m?.[1] ?? '';
  return keys.includes(key) ? key : undefined;
}

export function createContext(base: Omit<ApiContext, 'remainingUsd' | 'keyOf' | 'clientRequestIdOf'>): ApiContext {
  return {
    ...base,
    // Declared with getters so `cdnUrl`, known only once the servers listen, stays live.
    get cdnUrl() {
      return base.cdnUrl;
    },
    remainingUsd: () => roundUsd(base.balanceUsd - base.jobs.totalBilledUsd()),
    keyOf: (ex) => bearerKey(ex, base.apiKeys),
    clientRequestIdOf: (ex) => validClientRequestId(ex.req.headers['x-client-request-id']),
  };
}

/**
 * Tracing for an inference request, set before any fault so fault answers carry it too.
 * Returns the create request to run, for a create.
 */
export function beginInference(ex: Exchange, ctx: ApiContext, target: FaultTarget | undefined, text: string): CreateRequest | undefined {
  if (target === 'create') return new CreateRequest(ex, ctx, text);
  if (target !== 'poll') return undefined;
  // "On the poll routes of an asynchronous generation, the inference id is a value **you**
  // supply as a query parameter. If it does not look like an id we could have issued, the
  // header is left out rather than the request failed". See ids.ts for "look like".
  const id = ex.url.searchParams.get('generation_id') ?? '';
  const job = ctx.jobs.get(id);
  // Docs silent on what a poll's `x-aimlapi-*` carry: we choose the job's charge as far as it
  // is known — 0 until it completed, then its cost (0 again if it failed).
  setTracing(ex, looksIssued(id, (x) => ctx.jobs.get(x) !== undefined) ? id : undefined, job ? ctx.jobs.billedUsd(job) : 0);
  return undefined;
}

function pollJob(ex: Exchange, ctx: ApiContext): void {
  // URLSearchParams has already decoded the id: '%3A' → ':' and '%2F' → '/'.
  const id = ex.url.searchParams.get('generation_id');
  if (id === null || id.length === 0) {
    ex.error(400, 'Query validation error!', {
      errors: [{ code: 'invalid_type', expected: 'string', received: 'undefined', path: ['generation_id'], message: 'Required' }],
    });
    return;
  }
  const job = ctx.jobs.get(id);
  // Docs silent on unknown ids (only "404 Not Found — The requested endpoint or resource
  // does not exist"): we answer 404, malformed or not; a malformed one just lacks x-inference-id.
  if (!job) return ex.error(404, `Generation with id '${id}' not found`);
  ex.json(200, pollBody(ctx.jobs, job, ctx.cdnUrl));
}

/** billing-v2.json: required `current_balance` ("current user balance in USD.") and `currency` ("always USD"). */
function billing(ex: Exchange, ctx: ApiContext): void {
  ex.json(200, { current_balance: ctx.remainingUsd(), currency: 'USD' });
}

/** billing-balance-v1.json (legacy): `balance`: "The total credits associated with the provided API key." */
function legacyBalance(ex: Exchange, ctx: ApiContext): void {
  const credits = Math.round(ctx.remainingUsd() * CREDITS_PER_USD);
  ex.json(200, {
    balance: credits,
    lowBalance: credits < 10_000,
    lowBalanceThreshold: 10_000,
    lastUpdated: new Date(ctx.now()).toISOString(),
    autoDebitStatus: 'disabled',
    status: 'current',
    statusExplanation: 'Balance is current and up to date',
  });
}

/**
 * key-get.json: 200 "Parameters of the latest API key", body `{ data: {...} }`. The page
 * says "the most recently used API key"; docs unclear which key that is: we describe the
 * key the request authenticates with (which is also the most recently used one).
 */
function keyInfo(ex: Exchange, ctx: ApiContext, key: string): void {
  const now = new Date(ctx.now());
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const data: KeyInfo = {
    name: 'Simulator key',
    disabled: false,
    // "Key prefix. This is the first 8 characters of your API key".
    prefix: keyPrefix(key),
    scopes: ['model:chat', 'model:image', 'model:video'],
    limit: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    // "Current monthly usage amount." Docs silent on the unit: USD billed this UTC month.
    monthly_usage: ctx.jobs.totalBilledUsd(ctx.now(), monthStart),
    ...ctx.keyInfo,
  };
  ex.json(200, { data });
}

export interface RunOptions {
  readonly create: CreateRequest | undefined;
  readonly tooLarge: boolean;
  /** A `created` fault for the create, applied once its job exists. */
  readonly createdFault: FaultSpec | undefined;
  readonly pendingWaits: Set<() => void>;
}

/** Routes one API request; resolves after the answer was written. */
export async function handleApiRequest(ex: Exchange, ctx: ApiContext, run: RunOptions): Promise<void> {
  const method = ex.req.method ?? 'GET';
  const { pathname } = ex.url;
  const key = bearerKey(ex, ctx.apiKeys);

  if (run.create) return run.create.run(key !== undefined, run.tooLarge, run.createdFault, run.pendingWaits);
  if (run.tooLarge) return ex.error(413);

  // complete-model-list.md: "No API key is required for this request."
  if (method === 'GET' && CATALOG_PATHS.includes(pathname)) return listModels(ex, ctx.prices);
  if (method === 'GET' && pathname.startsWith(SINGLE_MODEL_PREFIX)) return oneModel(ex, ctx.prices);

  const routes: Record<string, (k: string) => void> = {
    [`GET ${GENERATIONS}`]: () => pollJob(ex, ctx),
    'GET /v2/billing': () => billing(ex, ctx),
    'GET /v1/billing/balance': () => legacyBalance(ex, ctx),
    'GET /v1/key': (k) => keyInfo(ex, ctx, k),
    'GET /v2/logs': (k) => ctx.logs.handle(ex, k, ctx.now()),
  };
  const route = routes[`${method} ${pathname}`];
  // NestJS wording for an unmatched route.
  if (!route) return ex.error(404, `Cannot ${method} ${pathname}`);
  // usage-logs.md: "`401` | Missing or invalid key".
  if (key === undefined) return ex.error(401);
  route(key);
}
