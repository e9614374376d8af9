// Injected faults. They are taken when a request arrives (FIFO per target) and applied
// before any normal handling, including auth, the way a proxy or an overloaded gateway in
// front of the real service would misbehave — except `created` faults on a create, which
// strike after the service made the job (see create.ts).
import type { Exchange } from './exchange';
import { waitUnlessClosed } from './exchange';
import type { FaultSpec, FaultTarget } from './types';

/** What the normal handler still has to do after a fault was applied. */
export type FaultResult = { handled: true } | { handled: false; delivery: Delivery };

/** How a CDN body is delivered when a fault shapes it rather than replacing it. */
export interface Delivery {
  readonly truncateAt?: number;
  readonly bytesPerSecond?: number;
}

export class FaultQueue {
  private readonly queues = new Map<FaultTarget, Array<{ spec: FaultSpec; left: number }>>();

  /** Throws for a spec that cannot mean anything (so a test's typo is not a silent no-op). */
  add(spec: FaultSpec): void {
    if (spec.created && spec.on !== 'create') throw new Error(`Veo simulator: 'created' faults apply to 'create' only, not '${spec.on}'`);
    if (spec.truncateAt !== undefined && spec.on !== 'cdn' && !spec.created) throw new Error("Veo simulator: 'truncateAt' needs on: 'cdn', or on: 'create' with created: true");
    const queue = this.queues.get(spec.on) ?? [];
    queue.push({ spec: { ...spec }, left: Math.max(1, spec.times ?? 1) });
    this.queues.set(spec.on, queue);
  }

  /**
   * The fault for a request of this target, if any: the target's own queue first, then
   * 'any' (which covers API requests only; pass includeAny=false for the CDN).
   */
  take(target: FaultTarget | undefined, includeAny: boolean): FaultSpec | undefined {
    const candidates: FaultTarget[] = [];
    if (target) candidates.push(target);
    if (includeAny) candidates.push('any');
    for (const t of candidates) {
      const queue = this.queues.get(t);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.left -= 1;
      if (head.left <= 0) queue.shift();
      return head.spec;
    }
    return undefined;
  }

  clear(): void {
    this.queues.clear();
  }
}

/** The error status a fault answers with, if any. */
function faultStatus(f: FaultSpec): number | undefined {
  if (f.status !== undefined) return f.status;
  if (f.retryAfter !== undefined) return 429;
  if (f.body !== undefined) return 500;
  return undefined;
}

// A gateway's HTML error page, declared as JSON: the worst case for a naive client.
const MALFORMED_BODY = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/**
 * Applies one fault. `errorFor` writes the origin's own error style (documented JSON for the
 * API, an XML storage error for the CDN).
 */
export async function applyFault(
  ex: Exchange,
  f: FaultSpec,
  pendingWaits: Set<() => void>,
  errorFor: (status: number) => void,
): Promise<FaultResult> {
  if (f.delayMs !== undefined && f.delayMs > 0) {
    await waitUnlessClosed(ex.res, f.delayMs, pendingWaits);
    if (ex.res.destroyed || ex.req.socket.destroyed) return { handled: true };
  }
  if (f.drop) {
    ex.drop();
    return { handled: true };
  }
  const retryHeaders = f.retryAfter !== undefined ? { 'retry-after': f.retryAfter } : {};
  if (f.malformed) {
    ex.text(200, 'application/json; charset=utf-8', MALFORMED_BODY, retryHeaders);
    return { handled: true };
  }
  if (f.wrongShape !== undefined) {
    ex.json(200, f.wrongShape, retryHeaders);
    return { handled: true };
  }
  const status = faultStatus(f);
  if (status !== undefined) {
    if (f.body !== undefined) {
      ex.json(status, f.body, retryHeaders);
    } else {
      Object.assign(ex.baseHeaders, retryHeaders);
      errorFor(status);
    }
    return { handled: true };
  }
  return { handled: false, delivery: { truncateAt: f.truncateAt, bytesPerSecond: f.bytesPerSecond } };
}
