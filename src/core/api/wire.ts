// What the AI/ML API sends, as zod schemas, next to the normalisers that turn it into
// the domain records the rest of Veo Studio uses. Schemas accept what the docs allow
// (and the older shapes they mention); extra fields are ignored.
import * as z from 'zod/mini';
import type { FieldIssue } from '../catalog/catalog';
import { remotePhase } from './remoteStatus';

// ---- domain records -------------------------------------------------------------------

/** Where a job stands, as far as the extension is concerned. */
export type GenerationState = 'pending' | 'completed' | 'failed';

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
  /** For a failed job: the service's reason, as text. */
  readonly error?: string;
  readonly usage?: Usage;
}

export interface CreatedGeneration {
  readonly id: string;
  readonly status: string;
}

export interface Balance {
  readonly amount: number;
  readonly currency: string;
}

export interface PriceVariant {
  /** The resolution this price applies to, as the service spells it; undefined = any. */
  readonly resolution?: string;
  readonly usdPerSecond: number;
}

export interface ModelPrice {
  readonly model: string;
  readonly variants: readonly PriceVariant[];
}

export interface KeyInfo {
  readonly name?: string;
  readonly scopes: readonly string[];
}

// ---- wire schemas ---------------------------------------------------------------------

const nonEmpty = z.string().check(z.minLength(1));
/** Numbers sometimes arrive as numeric strings. */
const numeric = z.union([z.number(), z.pipe(z.string().check(z.regex(/^-?\d+(\.\d+)?$/)), z.transform(Number))]);

export const createResponse = z.object({
  id: z.union([nonEmpty, z.pipe(z.number(), z.transform(String))]),
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
  id: z.optional(z.nullable(z.string())),
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

const priceEntry = z.object({
  when: z.optional(z.nullable(z.object({ resolution: z.optional(z.nullable(z.string())) }))),
  price: numeric,
  unit: z.optional(z.nullable(z.string())),
  per: z.optional(z.nullable(numeric)),
});

export const modelsResponse = z.object({
  data: z.array(z.object({ id: z.string(), pricing: z.optional(z.nullable(z.array(priceEntry))) })),
});

export const keyResponse = z.object({
  name: z.optional(z.nullable(z.string())),
  scopes: z.optional(z.nullable(z.array(z.string()))),
});

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
  const usd = wire.meta?.usage?.usd_spent ?? undefined;
  const credits = wire.meta?.usage?.credits_used ?? undefined;
  const usage = usd !== undefined || credits !== undefined ? { usd, credits } : undefined;
  const base = { id: wire.id || id, status: wire.status, ...(usage ? { usage } : {}) };
  if (phase === 'completed') {
    const url = wire.video?.url;
    if (url) return { ...base, state: 'completed', videoUrl: url };
    return {
      ...base,
      state: 'failed',
      error: describeError(wire.error) ?? 'The service finished the job but sent no video (it may have been removed by a safety filter).',
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
  return wire.data.map((m) => ({
    model: m.id,
    variants: (m.pricing ?? [])
      .filter((p) => !p.unit || p.unit === 'second')
      .map((p) => ({
        ...(p.when?.resolution ? { resolution: p.when.resolution } : {}),
        usdPerSecond: p.price / (p.per || 1),
      })),
  }));
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
