// What the answer to one create POST means for the money. A create that was refused (400,
// 401, 403, 413, a missing key or one the key store could not give) made nothing and bills nothing; a 429 made nothing and is
// sent again after the wait; a create that timed out, was cut off, or answered 5xx or an
// unreadable 2xx may already have made — and will bill — the job. Then the job is never
// sent again by itself: it is adopted by the id in the response headers when they arrived,
// else looked for in the usage logs (logSearch.ts). docs/service.md, "Never paying twice".
import { inferenceIdOf } from '../api/client';
import { ApiError, AuthError, CancelledError, ConfigurationError, KeyStoreError, NetworkError, QuotaError, RateLimitError, ResponseShapeError, ServiceError, TimeoutError, ValidationError } from '../api/errors';
import type { CreatedGeneration } from '../api/wire';

export type CreateOutcome =
  | { readonly kind: 'accepted'; readonly created: CreatedGeneration }
  /** The service certainly made nothing: show why; nothing was billed. */
  | { readonly kind: 'refused'; readonly error: unknown }
  /** Rate-limited: nothing was made; send the same request again once the account may. */
  | { readonly kind: 'rateLimited'; readonly error: RateLimitError }
  /** The answer was lost, but its headers named the generation: watch it. */
  | { readonly kind: 'adopted'; readonly generationId: string; readonly error: ApiError }
  /** The answer was lost before it said anything: the job may exist. Look for it; never re-send. */
  | { readonly kind: 'unconfirmed'; readonly error: unknown };

export function createOutcome(result: { ok: true; created: CreatedGeneration } | { ok: false; error: unknown }): CreateOutcome {
  if (result.ok) return { kind: 'accepted', created: result.created };
  const { error } = result;
  if (error instanceof RateLimitError) return { kind: 'rateLimited', error };
  if (error instanceof ValidationError || error instanceof AuthError || error instanceof QuotaError || error instanceof ConfigurationError || error instanceof KeyStoreError) {
    return { kind: 'refused', error };
  }
  const ambiguous =
    error instanceof NetworkError || error instanceof TimeoutError || error instanceof ResponseShapeError || error instanceof CancelledError || (error instanceof ServiceError && error.status >= 500);
  // Anything else (a 404 on the create path, an error of our own): a clear no.
  if (!ambiguous) return { kind: 'refused', error };
  const generationId = error instanceof ApiError ? inferenceIdOf(error.headers) : undefined;
  if (generationId) return { kind: 'adopted', generationId, error: error as ApiError };
  return { kind: 'unconfirmed', error };
}
