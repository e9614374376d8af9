// What the notifications say when jobs end, as pure rules (unit-tested under plain Node):
// which endings a person is told about at all, and what a batch of endings adds up to.
// notifications.ts turns these into words and buttons.
import { isActive, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';

/** Whether this change is a job ending that gets a notification. */
export function reportsEnd({ job, previous, removed }: Pick<JobChange, 'job' | 'previous' | 'removed'>): boolean {
  if (removed || !previous || !isActive(previous) || isActive(job)) return false;
  return job.status !== 'cancelled';
}

/** Jobs that ended together, counted for one summary. */
export interface EndSummary {
  readonly saved: number;
  readonly failed: number;
  readonly timedOut: number;
}

export function summarizeEnded(jobs: readonly Job[]): EndSummary {
  return {
    saved: jobs.filter((j) => j.status === 'completed').length,
    failed: jobs.filter((j) => j.status === 'failed').length,
    timedOut: jobs.filter((j) => j.status === 'timedOut').length,
  };
}
