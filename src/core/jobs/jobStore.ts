// The persisted list of jobs: the single source every view reads. Only the JobManager
// writes to it. Writes that change nothing are dropped, so views refresh only on real
// change, and writes reach storage in order.
import type { Clock } from '../util/clock';
import { Emitter } from '../util/events';
import type { KeyValueStorage } from '../util/storage';
import { isFinished, type Job } from './job';

export const JOBS_KEY = 'veoStudio.jobs';

/** Finished jobs beyond this many (oldest first) are forgotten; their files stay. */
const MAX_FINISHED_KEPT = 500;

export interface JobChange {
  readonly job: Job;
  /** The job before this change; undefined when it was just added. */
  readonly previous?: Job;
  readonly removed?: boolean;
}

/** What an update may change; a key set to undefined is removed. */
export type JobPatch = Partial<Omit<Job, 'id' | 'createdAt' | 'updatedAt'>>;

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private writing: Promise<void> = Promise.resolve();
  private readonly _onDidChange = new Emitter<JobChange>();
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly clock: Pick<Clock, 'now'>,
    /** Where a failed save is reported (the extension's log), so lost jobs leave a trace. */
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    const saved = storage.get<Job[]>(JOBS_KEY) ?? [];
    for (const job of saved) {
      if (job && typeof job.id === 'string' && job.request) this.jobs.set(job.id, withOpaqueId(job));
    }
  }

  /** Newest first. */
  all(): readonly Job[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  add(job: Job): Job {
    if (this.jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
    this.jobs.set(job.id, job);
    this.prune();
    this.persist();
    this._onDidChange.fire({ job });
    return job;
  }

  /**
   * Merges a patch into a job. A patch that changes nothing is not written and fires
   * nothing; `updatedAt` moves only with a real change. Keys set to undefined are removed.
   */
  update(id: string, patch: JobPatch): Job | undefined {
    const previous = this.jobs.get(id);
    if (!previous) return undefined;
    const merged = { ...previous, ...patch } as Record<string, unknown>;
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    const candidate = merged as unknown as Job;
    if (sameJob(previous, candidate)) return previous;
    const job = { ...candidate, updatedAt: this.clock.now() };
    this.jobs.set(id, job);
    this.persist();
    this._onDidChange.fire({ job, previous });
    return job;
  }

  remove(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    this.jobs.delete(id);
    this.persist();
    this._onDidChange.fire({ job, previous: job, removed: true });
    return true;
  }

  /** Resolves when every write so far has reached storage. */
  flush(): Promise<void> {
    return this.writing;
  }

  private prune(): void {
    const finished = this.all().filter(isFinished);
    for (const job of finished.slice(MAX_FINISHED_KEPT)) this.jobs.delete(job.id);
  }

  private persist(): void {
    const snapshot = [...this.jobs.values()];
    this.writing = this.writing
      .then(() => this.storage.update(JOBS_KEY, snapshot))
      .catch((error: unknown) => this.log(`could not save the job list: ${error instanceof Error ? error.message : String(error)}`));
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}

/** Generation ids are opaque strings; a number stored by an older version becomes one. */
function withOpaqueId(job: Job): Job {
  const id: unknown = job.generationId;
  if (id === undefined || typeof id === 'string') return job;
  if (typeof id === 'number' && Number.isFinite(id)) return { ...job, generationId: String(id) };
  const { generationId: _dropped, ...rest } = job;
  return rest;
}

function sameJob(a: Job, b: Job): boolean {
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });
}
