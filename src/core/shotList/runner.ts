// Submits the shots of a shot list with a cap on how many run on the service at once
// (veoStudio.maxConcurrentJobs): the first N are sent, the rest wait here and are sent one
// by one as earlier jobs end. It learns that a job ended from the store's events (the
// manager's single source of truth), never by polling. Stopping (the person cancels) sends
// nothing more; jobs already sent go on.
import { AuthError, QuotaError } from '../api/errors';
import { isFinished, type Job } from '../jobs/job';
import type { JobChange } from '../jobs/jobStore';
import type { Event } from '../util/events';

export interface RunnerJobs {
  get(id: string): Job | undefined;
  readonly onDidChange: Event<JobChange>;
}

export interface RunProgress {
  /** Shots handed to the service so far (accepted or refused). */
  readonly sent: number;
  /** Shots still waiting for a free slot. */
  readonly waiting: number;
  /** Jobs of this run still running on the service. */
  readonly running: number;
  readonly total: number;
}

export interface RunOptions<T> {
  /** Sends one shot; resolves with its job once the service accepted it. */
  readonly submit: (shot: T, position: number) => Promise<Job>;
  readonly jobs: RunnerJobs;
  /** How many of this run's jobs may be active at once; read again whenever a slot frees. */
  readonly limit: () => number;
  readonly signal?: AbortSignal;
  /** Jobs of this run sent before (a run carried on after a reload): they hold slots until they end. */
  readonly alreadyRunning?: readonly string[];
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface RunFailure {
  /** Position of the shot in the list given to the runner. */
  readonly position: number;
  readonly error: unknown;
}

export interface RunResult {
  /** Jobs created, by position (a job the service refused on POST is here too, as failed). */
  readonly jobs: ReadonlyArray<Job | undefined>;
  /** Shots whose submission threw. */
  readonly failures: readonly RunFailure[];
  /** Positions never sent: stopped by the person, or after a key/credit problem. */
  readonly notSent: readonly number[];
  /** Why the run stopped early, if it did. */
  readonly stopped?: 'cancelled' | 'fatal';
}

/** Errors after which sending the remaining shots can only fail the same way. */
function isFatal(error: unknown): boolean {
  return error instanceof AuthError || error instanceof QuotaError;
}

export function runShots<T>(shots: readonly T[], o: RunOptions<T>): Promise<RunResult> {
  return new Promise<RunResult>((resolve) => {
    const jobs: Array<Job | undefined> = new Array(shots.length).fill(undefined);
    const failures: RunFailure[] = [];
    const running = new Set<string>(
      (o.alreadyRunning ?? []).filter((id) => {
        const job = o.jobs.get(id);
        return job !== undefined && !isFinished(job);
      }),
    );
    let next = 0;
    let sending = 0;
    let stopped: RunResult['stopped'];
    let done = false;

    const report = () =>
      o.onProgress?.({ sent: next - sending, waiting: stopped ? 0 : shots.length - next, running: running.size + sending, total: shots.length });

    const finish = () => {
      if (done || sending > 0 || (next < shots.length && !stopped)) return;
      done = true;
      subscription.dispose();
      o.signal?.removeEventListener('abort', onAbort);
      const notSent = Array.from({ length: shots.length - next }, (_, i) => next + i);
      resolve({ jobs, failures, notSent, ...(stopped ? { stopped } : {}) });
    };

    const pump = () => {
      while (!stopped && next < shots.length && running.size + sending < Math.max(1, o.limit())) {
        const position = next++;
        sending++;
        void o.submit(shots[position]!, position).then(
          (job) => {
            sending--;
            jobs[position] = job;
            // The job may have ended while the POST's answer travelled: ask the store.
            const current = o.jobs.get(job.id);
            if (current && !isFinished(current)) running.add(job.id);
            after();
          },
          (error: unknown) => {
            sending--;
            failures.push({ position, error });
            if (isFatal(error)) stopped ??= 'fatal';
            after();
          },
        );
      }
      report();
    };

    const after = () => {
      pump();
      finish();
    };

    const subscription = o.jobs.onDidChange(({ job, removed }) => {
      if (!running.has(job.id) || (!removed && !isFinished(job))) return;
      running.delete(job.id);
      after();
    });

    const onAbort = () => {
      stopped ??= 'cancelled';
      report();
      finish();
    };
    if (o.signal?.aborted) stopped = 'cancelled';
    o.signal?.addEventListener('abort', onAbort);
    after();
  });
}
