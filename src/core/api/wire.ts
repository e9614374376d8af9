// What the AI/ML API sends, as zod schemas, next to the normalisers that turn it into
// the domain records the rest of Veo Studio uses. Schemas accept what the docs allow
// (and the older shapes they mention); extra fields are ignored.
import * as z from 'zod/mini';
import type { FieldIssue } from '../catalog/catalog';
import type { ModelPrice, Pricing, Rate } from '../money/pricing';
import { remotePhase } from './remoteStatus';

// ---- domain records -------------------------------------------------------------------

/** 1 USD = 2,000,000 credits (the service's billing unit). */
export const CREDITS_PER_USD = 2_000_000;

/**
 * Where a job stands, as far as the extension is concerned. `completedWithoutVideo`: the
 * service says it finished but sent no video URL (not covered by the docs): the URL may
 * still come, or the video was withheld (a safety filter, say).
 */
export type GenerationState = 'pending' | 'completed' | 'completedWithoutVideo' | 'failed';

export interface Usage {
  readonly usd?: number;
  readonly credits?: number;
}

export interface Generation {
  readonly id: string;
  /** The status word the service used (`queued`, `generating`, `waiting`, …). */
  readonly status: string;
  readonly state: GenerationState;
  readonly videoUrl?: string;
  /** For a failed job (or one completed without a video): the service's reason, as text. */
  readonly error?: string;
  readonly usage?: Usage;
}

export interface CreatedGeneration {
  readonly id: string;
  readonly status: string;
}

/** One row of the usage logs (GET /v2/logs): one request, failed ones too. */
export interface LogRow {
  readonly created: string;
  readonly status: string;
  readonly model: string;
  readonly usd: number;
  readonly credits: number;
  /** The generation's id, for an asynchronous generation (= x-inference-id). */
  readonly inferenceId?: string;
  /** The X-Client-Request-Id the request carried (ours: the local job id). */
  readonly clientRequestId?: string;
}

export interface LogPage {
  readonly rows: readonly LogRow[];
  readonly hasMore: boolean;
  readonly total: number;
}

export interface Balance {
  readonly amount: number;
  readonly currency: string;
}

export interface KeyInfo {
  readonly name?: string;
  /** `model:video`, `model:image`, … (empty when the service does not say). */
  readonly scopes: readonly string[];
  readonly disabled: boolean;
}

// ---- wire schemas ---------------------------------------------------------------------

const nonEmpty = z.string().check(z.minLength(1));
/** Numbers sometimes arrive as numeric strings. */
const numeric = z.union([z.number(), z.pipe(z.string().check(z.regex(/^-?\d+(\.\d+)?$/)), z.transform(Number))]);
/**
 * A generation id: opaque, kept as a string wherever it travels (the job, the poll's query,
 * logs, sidecars). Older routes answered numbers; one shape everywhere means a create and
 * its polls can never disagree about what an id is.
 */
export const opaqueId = z.union([nonEmpty, z.pipe(z.number(), z.transform(String))]);

export const createResponse = z.object({
  id: opaqueId,
  status: z.optional(z.nullable(z.string())),
});

const errorField = z.optional(
  z.nullable(
    z.union([
      z.string(),
      z.object({ name: z.optional(z.nullable(z.string())), message: z.optional(z.nullable(z.string())) }),
    ]),
  ),
);

export const generationResponse = z.object({
  id: z.optional(z.nullable(z.union([opaqueId, z.literal('')]))),
  status: z.string(),
  video: z.optional(z.nullable(z.object({ url: z.optional(z.nullable(z.string())) }))),
  error: errorField,
  meta: z.optional(
    z.nullable(
      z.object({
        usage: z.optional(
          z.nullable(z.object({ credits_used: z.optional(z.nullable(numeric)), usd_spent: z.optional(z.nullable(numeric)) })),
        ),
      }),
    ),
  ),
});

export const billingResponse = z.object({
  current_balance: numeric,
  currency: z.optional(z.nullable(z.string())),
});

// Prices: an object read by `kind` first (docs/service.md, "Prices"). Loose on purpose: a
// kind or field this version does not know becomes "no quote", never a failed list.
const rateFields = {
  price: numeric,
  unit: z.optional(z.nullable(z.string())),
  per: z.optional(z.nullable(numeric)),
};
const whenValue = z.union([z.string(), z.number(), z.boolean()]);
const pricingWire = z.object({
  kind: z.string(),
  currency: z.optional(z.nullable(z.string())),
  units: z.optional(z.nullable(z.array(z.object({ name: z.optional(z.nullable(z.string())), ...rateFields })))),
  dimensions: z.optional(z.nullable(z.array(z.string()))),
  variants: z.optional(z.nullable(z.array(z.object({ when: z.optional(z.nullable(z.record(z.string(), whenValue))), ...rateFields })))),
});

export const modelsResponse = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      aliases: z.optional(z.nullable(z.array(z.string()))),
      pricing: z.optional(z.nullable(z.unknown())),
    }),
  ),
});

/** GET /v1/key: the key's parameters, wrapped in `data` (docs/service.md, "Balance, credits and the key"). */
export const keyResponse = z.object({
  data: z.object({
    name: z.optional(z.nullable(z.string())),
    disabled: z.optional(z.nullable(z.boolean())),
    scopes: z.optional(z.nullable(z.array(z.string()))),
  }),
});

const logRow = z.object({
  created: z.optional(z.nullable(z.string())),
  status: z.optional(z.nullable(z.string())),
  model: z.optional(z.nullable(z.string())),
  cost: z.optional(z.nullable(z.object({ usd: z.optional(z.nullable(numeric)), credits: z.optional(z.nullable(numeric)) }))),
  inference_id: z.optional(z.nullable(z.union([opaqueId, z.literal('')]))),
  client_request_id: z.optional(z.nullable(z.string())),
});

export const logsResponse = z.object({
  data: z.array(logRow),
  pagination: z.optional(z.nullable(z.object({ total: z.optional(z.nullable(numeric)), has_more: z.optional(z.nullable(z.boolean())) }))),
});

export function toLogPage(wire: z.infer<typeof logsResponse>): LogPage {
  return {
    rows: wire.data.map((r) => ({
      created: r.created ?? '',
      status: r.status ?? '',
      model: r.model ?? '',
      usd: r.cost?.usd ?? 0,
      credits: r.cost?.credits ?? 0,
      ...(r.inference_id ? { inferenceId: r.inference_id } : {}),
      ...(r.client_request_id ? { clientRequestId: r.client_request_id } : {}),
    })),
    hasMore: wire.pagination?.has_more ?? false,
    total: wire.pagination?.total ?? wire.data.length,
  };
}

/** The documented error body; every field may be missing. */
export const errorBody = z.object({
  message: z.optional(z.unknown()),
  statusCode: z.optional(z.unknown()),
  errors: z.optional(z.unknown()),
  issues: z.optional(z.unknown()),
  details: z.optional(z.unknown()),
  detail: z.optional(z.unknown()),
});

// ---- normalisers ----------------------------------------------------------------------

export function toGeneration(id: string, wire: z.infer<typeof generationResponse>): Generation {
  const phase = remotePhase(wire.status);
  // The universal poll documents credits only (lite's create schemas add usd_spent): the
  // dollars follow from the credits when the service does not say them.
  const credits = wire.meta?.usage?.credits_used ?? undefined;
  const usd = wire.meta?.usage?.usd_spent ?? (credits !== undefined ? credits / CREDITS_PER_USD : undefined);
  const usage = usd !== undefined || credits !== undefined ? { ...(usd !== undefined ? { usd } : {}), ...(credits !== undefined ? { credits } : {}) } : undefined;
  const base = { id: wire.id || id, status: wire.status, ...(usage ? { usage } : {}) };
  if (phase === 'completed') {
    const url = wire.video?.url;
    if (url) return { ...base, state: 'completed', videoUrl: url };
    // The URL can come late: the Poller asks again for a while before it gives up.
    return {
      ...base,
      state: 'completedWithoutVideo',
      error: describeError(wire.error) ?? 'The service finished the job but sent no video (it may still be publishing it, or removed it with a safety filter).',
    };
  }
  if (phase === 'failed') {
    return { ...base, state: 'failed', error: describeError(wire.error) ?? `The service reported the job as "${wire.status}" without a reason.` };
  }
  // Queued, generating, or a word the docs do not name: pending (see remoteStatus.ts).
  return { ...base, state: 'pending' };
}

function describeError(error: z.infer<typeof errorField>): string | undefined {
  if (!error) return undefined;
  if (typeof error === 'string') return error || undefined;
  const parts = [error.name, error.message].filter((p): p is string => !!p);
  if (parts.length === 2 && parts[0] === 'Error') return parts[1];
  return parts.length ? parts.join(': ') : undefined;
}

export function toModelPrices(wire: z.infer<typeof modelsResponse>): ModelPrice[] {
  return wire.data.map((m) => ({ model: m.id, aliases: m.aliases ?? [], pricing: toPricing(m.pricing) }));
}

function toRate(r: { price: number; unit?: string | null; per?: number | null; name?: string | null }): Rate {
  return { price: r.price, unit: r.unit || r.name || 'request', per: r.per ?? 1 };
}

/** One model's `pricing` object as the domain reads it; anything unreadable is `unknown`, never a guess. */
export function toPricing(raw: unknown): Pricing {
  if (raw === undefined || raw === null) return { kind: 'unknown', name: 'none' };
  const parsed = pricingWire.safeParse(raw);
  if (!parsed.success) return { kind: 'unknown', name: Array.isArray(raw) ? 'list' : typeof raw };
  const p = parsed.data;
  const currency = p.currency || 'USD';
  switch (p.kind) {
    case 'fixed':
      return p.units?.length ? { kind: 'fixed', currency, units: p.units.map(toRate) } : { kind: 'unknown', name: 'fixed without units' };
    case 'variants':
      return p.variants?.length
        ? { kind: 'variants', currency, dimensions: p.dimensions ?? [], variants: p.variants.map((v) => ({ ...toRate(v), when: v.when ?? {} })) }
        : { kind: 'unknown', name: 'variants without variants' };
    case 'variable':
      return { kind: 'variable' };
    default:
      return { kind: 'unknown', name: p.kind };
  }
}

/** The message of an error body, if it has one. */
export function errorMessage(body: unknown): string | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : undefined;
  const m = parsed.data.message;
  if (typeof m === 'string') return m;
  if (Array.isArray(m) && m.every((x) => typeof x === 'string')) return m.join('; ');
  return undefined;
}

/**
 * The per-field detail of a 400. The service answers "Body validation error!" with
 * zod-style issues; where exactly they sit is not documented, so look in the usual places
 * (`errors`, `issues`, `details`, `detail`, or a JSON string in `message`).
 */
export function validationIssues(body: unknown): FieldIssue[] {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return [];
  const { errors, issues, details, detail, message } = parsed.data;
  let candidates: unknown = errors ?? issues ?? details ?? detail;
  if (candidates === undefined && typeof message === 'string' && message.trim().startsWith('[')) {
    try {
      candidates = JSON.parse(message);
    } catch {
      candidates = undefined;
    }
  }
  if (!Array.isArray(candidates)) return [];
  const out: FieldIssue[] = [];
  for (const item of candidates) {
    if (typeof item === 'string') {
      out.push({ field: 'request', message: item });
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const path = rec['path'];
    const field = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : typeof rec['field'] === 'string' ? rec['field'] : '';
    const msg = typeof rec['message'] === 'string' ? rec['message'] : undefined;
    if (msg) out.push({ field: field.split('.')[0] || 'request', message: msg });
  }
  return out;
}

/** The dotted path of zod's first issue, for ResponseShapeError. */
export function firstIssuePath(error: z.core.$ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return {
    field: issue && issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue?.message ?? 'unexpected shape',
  };
}
