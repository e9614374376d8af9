// The documented API endpoints (shared/docs/aimlapi-veo.md, "Endpoints"). Faults and
// recording happen before this is reached; this module only behaves like the service.
import type { Exchange } from './exchange';
import { tryParseJson } from './exchange';
import { CREDITS_PER_USD, type JobStore, pollBody, roundUsd, usdToCredits } from './jobs';
import { findModel, MODELS, modelListing, pricePerSecond, validateCreateBody } from './models';
import type { FaultTarget } from './types';

export interface ApiContext {
  readonly jobs: JobStore;
  readonly apiKeys: readonly string[];
  readonly balanceUsd: number;
  readonly prices: Record<string, number> | undefined;
  readonly cdnUrl: string;
  now(): number;
}

const GENERATIONS = '/v2/video/generations';

/** Which fault queue a request draws from ('any' is always consulted too). */
export function faultTargetOf(method: string, pathname: string): FaultTarget | undefined {
  if (pathname === GENERATIONS) return method === 'POST' ? 'create' : method === 'GET' ? 'poll' : undefined;
  if (pathname === '/v2/billing' || pathname === '/v1/billing/balance') return 'billing';
  if (pathname === '/v1/models') return 'pricing';
  if (pathname === '/v1/key') return 'key';
  return undefined;
}

function authorized(ex: Exchange, keys: readonly string[]): boolean {
  const header = ex.req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m !== null && keys.includes(m[1] ?? '');
}

function spendHeaders(usd: number): Record<string, string> {
  return { 'x-aimlapi-usd-spent': String(usd), 'x-aimlapi-credits-used': String(usdToCredits(usd)) };
}

function remainingUsd(ctx: ApiContext): number {
  return roundUsd(ctx.balanceUsd - ctx.jobs.totalBilledUsd());
}

function createJob(ex: Exchange, ctx: ApiContext, bodyText: string): void {
  const parsed = tryParseJson(bodyText);
  if (!parsed.ok) {
    ex.error(400, 'Body validation error!', {
      errors: [{ code: 'invalid_type', expected: 'object', received: 'undefined', path: [], message: 'Request body is not valid JSON' }],
    });
    return;
  }
  const result = validateCreateBody(parsed.value);
  if (!result.ok) {
    ex.error(400, 'Body validation error!', { errors: result.issues });
    return;
  }
  const price = pricePerSecond(result.spec, result.resolution, ctx.prices);
  // Refuse up front when the balance cannot pay for the clip, as the service does with 403.
  if (remainingUsd(ctx) < price * result.duration) {
    ex.error(403, 'Insufficient credits');
    return;
  }
  const job = ctx.jobs.create(result.model, parsed.value, result.duration, price);
  ex.json(200, { id: job.id, status: ctx.jobs.status(job) }, spendHeaders(0));
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
  if (!job) {
    ex.error(404, `Generation with id '${id}' not found`);
    return;
  }
  ex.json(200, pollBody(ctx.jobs, job, ctx.cdnUrl), spendHeaders(ctx.jobs.billedUsd(job)));
}

function billing(ex: Exchange, ctx: ApiContext): void {
  ex.json(200, { current_balance: remainingUsd(ctx), currency: 'USD' });
}

function legacyBalance(ex: Exchange, ctx: ApiContext): void {
  const credits = Math.round(remainingUsd(ctx) * CREDITS_PER_USD);
  ex.json(200, {
    balance: credits,
    lowBalance: credits < 100_000,
    lowBalanceThreshold: 100_000,
    lastUpdated: new Date(ctx.now()).toISOString(),
    autoDebitStatus: 'disabled',
    status: 'current',
    statusExplanation: 'Balance is current and up to date',
  });
}

function keyInfo(ex: Exchange, ctx: ApiContext): void {
  ex.json(200, {
    name: 'Simulator key',
    scopes: ['video', 'chat'],
    spending_limit_usd: null,
    usage_usd: ctx.jobs.totalBilledUsd(),
    created_at: '2026-01-01T00:00:00.000Z',
  });
}

function models(ex: Exchange, ctx: ApiContext): void {
  const id = ex.url.searchParams.get('id');
  const withPricing = (ex.url.searchParams.get('include') ?? '').split(',').includes('pricing');
  const specs = id === null ? MODELS : [findModel(id)].filter((m) => m !== undefined);
  ex.json(200, { object: 'list', data: specs.map((m) => modelListing(m, withPricing, ctx.prices)) });
}

/** Routes one API request; returns after the answer was written. */
export function handleApiRequest(ex: Exchange, ctx: ApiContext, bodyText: string): void {
  const method = ex.req.method ?? 'GET';
  const { pathname } = ex.url;

  // Pricing is public: the extension may show prices before a key is set.
  if (method === 'GET' && pathname === '/v1/models') {
    models(ex, ctx);
    return;
  }

  const routes: Record<string, () => void> = {
    [`POST ${GENERATIONS}`]: () => createJob(ex, ctx, bodyText),
    [`GET ${GENERATIONS}`]: () => pollJob(ex, ctx),
    'GET /v2/billing': () => billing(ex, ctx),
    'GET /v1/billing/balance': () => legacyBalance(ex, ctx),
    'GET /v1/key': () => keyInfo(ex, ctx),
  };
  const route = routes[`${method} ${pathname}`];
  if (!route) {
    // NestJS wording for an unmatched route.
    ex.error(404, `Cannot ${method} ${pathname}`);
    return;
  }
  if (!authorized(ex, ctx.apiKeys)) {
    ex.error(401);
    return;
  }
  route();
}
