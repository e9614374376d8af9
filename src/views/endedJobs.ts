// What the notifications say when jobs end, as pure rules (unit-tested under plain Node):
// which endings a person is told about at all, and what a batch of endings adds up to.
// notifications.ts turns these into words and buttons.
import { isActive, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';

/**
 * Whether this change is a job ending that gets a notification. Not a cancelled job (the
 * person did it), and not a create the service refused (`submitting` → `failed`): that
 * refusal is thrown to the route that sent it, which reports it — the command's error, the
 * generator's status line, the shot list's summary — so it is told once, not twice.
 */
export function reportsEnd({ job, previous, removed }: Pick<JobChange, 'job' | 'previous' | 'removed'>): boolean {
  if (removed || !previous || !isActive(previous) || isActive(job)) return false;
  if (previous.status === 'submitting' && job.status === 'failed') return false;
  return job.status !== 'cancelled';
}

/** Jobs that ended together, counted for one summary. */
export interface EndSummary {
  readonly saved: number;
  readonly failed: number;
  readonly timedOut: number;
  /**
   * Why every failed job failed, when they share one cause: a rejected (or missing) key, or
   * the same reason word for word.
   */
  readonly cause?: { readonly kind: 'auth' } | { readonly kind: 'same'; readonly message: string };
  /** How many failed because of the key: "Set API Key" is offered when there are any. */
  readonly keyFailures: number;
}

export function summarizeEnded(jobs: readonly Job[]): EndSummary {
  const failures = jobs.filter((j) => j.status === 'failed');
  const keyFailures = failures.filter((j) => j.error?.kind === 'auth').length;
  const messages = new Set(failures.map((j) => j.error?.message ?? ''));
  const cause: EndSummary['cause'] =
    failures.length === 0
      ? undefined
      : keyFailures === failures.length
        ? { kind: 'auth' }
        : messages.size === 1 && [...messages][0]
          ? { kind: 'same', message: [...messages][0]! }
          : undefined;
  return {
    saved: jobs.filter((j) => j.status === 'completed').length,
    failed: failures.length,
    timedOut: jobs.filter((j) => j.status === 'timedOut').length,
    ...(cause ? { cause } : {}),
    keyFailures,
  };
}
