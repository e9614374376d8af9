// What was spent, from the jobs themselves: per job, per shot list, today and this month.
// A job counts what the service said it cost; a video the service made but whose cost it
// has not reported yet counts its estimate (marked as such), so the month's figure never
// reads lower than what was spent. Jobs the service refused or failed cost nothing.
import { isActive, type Job } from '../jobs/job';

export interface JobSpend {
  readonly jobId: string;
  readonly usd: number;
  /** `actual`: the service said so; `estimated`: made, not reported yet; `pending`: may still bill. */
  readonly basis: 'actual' | 'estimated' | 'pending';
  /** When the money was (or will be) spent: the job's end, else its start. */
  readonly at: number;
}

export interface Spending {
  readonly today: number;
  readonly thisMonth: number;
  /** Estimates of jobs still running (not in today / this month until they end). */
  readonly running: number;
  readonly byJob: ReadonlyMap<string, JobSpend>;
  /** Sum per shot list file, this month and before. */
  readonly byShotList: ReadonlyMap<string, number>;
  /** Whether any figure counts an estimate instead of a reported cost. */
  readonly includesEstimates: boolean;
}

/** What one job costs as far as is known. Undefined: it costs nothing (refused, failed by the service, never created). */
export function jobSpend(job: Job): JobSpend | undefined {
  const at = job.finishedAt ?? job.submittedAt ?? job.createdAt;
  if (job.usage?.usd !== undefined) return { jobId: job.id, usd: job.usage.usd, basis: 'actual', at };
  const made = job.status === 'completed' || job.status === 'downloading' || (job.status === 'failed' && job.error?.kind === 'download');
  if (made) return job.estimate ? { jobId: job.id, usd: job.estimate.usd, basis: 'estimated', at } : undefined;
  if (isActive(job) && job.estimate) return { jobId: job.id, usd: job.estimate.usd, basis: 'pending', at };
  return undefined;
}

const startOfDay = (t: number) => new Date(new Date(t).setHours(0, 0, 0, 0)).getTime();
const startOfMonth = (t: number) => {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
};

/** The ledger of these jobs at `now` (local time: "today" is the person's day). */
export function spending(jobs: readonly Job[], now: number): Spending {
  const day = startOfDay(now);
  const month = startOfMonth(now);
  let today = 0;
  let thisMonth = 0;
  let running = 0;
  let includesEstimates = false;
  const byJob = new Map<string, JobSpend>();
  const byShotList = new Map<string, number>();
  for (const job of jobs) {
    const spend = jobSpend(job);
    if (!spend) continue;
    byJob.set(job.id, spend);
    if (spend.basis === 'pending') {
      running += spend.usd;
      continue;
    }
    if (spend.basis === 'estimated') includesEstimates = true;
    if (spend.at >= day) today += spend.usd;
    if (spend.at >= month) thisMonth += spend.usd;
    if (job.shotList) byShotList.set(job.shotList.file, (byShotList.get(job.shotList.file) ?? 0) + spend.usd);
  }
  return { today, thisMonth, running, byJob, byShotList, includesEstimates };
}
