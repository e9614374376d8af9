// What a window finds when it starts — after a reload, a crash, or hours with VS Code
// closed — and what becomes of each job. Nothing is ever sent again by itself:
//   submitting   cut off mid-POST: it may exist, so it is looked for in the usage logs;
//   unconfirmed  still looked for;
//   pending      watched again; the time since its last answered check does not count
//                towards its timeout (nobody could ask while VS Code was closed);
//   downloading  saved (a file placed before the crash is found again, not fetched twice).
// Then the temp files no save of this window will finish are swept (see tempFiles.ts for
// which ones may go while another window could be writing its own).
import type { Job } from './job';
import type { JobStore } from './jobStore';
import { restartPatch } from './jobUpdates';

export interface RestartContext {
  readonly store: JobStore;
  readonly now: () => number;
  /** Looks for a job that may exist in the usage logs. */
  lookFor(job: Job): void;
  watch(job: Job): void;
  save(job: Job): void;
  /** Removes the temp files no job of `jobs` (the whole list, as found) will finish. */
  sweepTemps(jobs: readonly Job[]): Promise<void>;
}

export async function restartJobs(ctx: RestartContext): Promise<void> {
  const jobs = ctx.store.all();
  // Oldest first: saves resumed together queue in the order their jobs were made.
  for (const job of [...jobs].reverse()) {
    if (job.status === 'submitting' || job.status === 'unconfirmed') {
      if (job.status === 'submitting') {
        ctx.store.update(job.id, { status: 'unconfirmed', notice: 'VS Code closed while this job was being sent: looking for it in the usage logs, and not sending it again' });
      }
      ctx.lookFor(job);
    } else if (job.status === 'pending') {
      const patch = restartPatch(job, ctx.now());
      ctx.watch(patch ? (ctx.store.update(job.id, patch) ?? job) : job);
    } else if (job.status === 'downloading') {
      ctx.save(job);
    }
  }
  await ctx.sweepTemps(jobs);
}
