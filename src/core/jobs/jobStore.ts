// The persisted list of jobs: the single source every view reads. Only the JobManager
// writes to it. Writes that change nothing are dropped, so views refresh only on real
// change, and writes reach storage in order. What matters for money and files reaches
// storage at once — a new job (before its create leaves), a removed one, a changed status,
// generation id or saved file — while the chatter of a running job (notices, the service's
// status word, progress) is written together a moment later: the whole list is one value,
// and rewriting it at every poll of every job cost megabytes per job.
import type { Clock, TimerHandle } from '../util/clock';
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

/** How long the chatter of running jobs waits before it is written. */
export const COALESCE_MS = 2_000;

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  /** all()'s answer, kept until a job is added or removed (createdAt never changes). */
  private sorted: Job[] | undefined;
  private writing: Promise<void> = Promise.resolve();
  private later: TimerHandle | undefined;
  /** Bytes handed to storage so far (the bench's figure). */
  bytesWritten = 0;
  private readonly _onDidChange = new Emitter<JobChange>();
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly storage: KeyValueStorage,
    /** With timers, chatter is coalesced; with `now` alone (some tests), every change is written at once. */
    private readonly clock: Pick<Clock, 'now'> & Partial<Pick<Clock, 'setTimeout' | 'clearTimeout'>>,
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
    this.sorted ??= [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
    return this.sorted;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  add(job: Job): Job {
    if (this.jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
    this.jobs.set(job.id, job);
    this.sorted = undefined;
    this.prune();
    this.persist(true);
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
    if (this.sorted) this.sorted = this.sorted.map((j) => (j.id === id ? job : j));
    this.persist(matters(previous, job));
    this._onDidChange.fire({ job, previous });
    return job;
  }

  remove(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    this.jobs.delete(id);
    this.sorted = undefined;
    this.persist(true);
    this._onDidChange.fire({ job, previous: job, removed: true });
    return true;
  }

  /** Resolves when every change so far has reached storage (a coalesced one is written now). */
  flush(): Promise<void> {
    if (this.later !== undefined) this.persist(true);
    return this.writing;
  }

  private prune(): void {
    const finished = this.all().filter(isFinished);
    for (const job of finished.slice(MAX_FINISHED_KEPT)) this.jobs.delete(job.id);
    if (finished.length > MAX_FINISHED_KEPT) this.sorted = undefined;
  }

  private persist(now: boolean): void {
    const clock = this.clock;
    if (!now && clock.setTimeout) {
      this.later ??= clock.setTimeout(() => {
        this.later = undefined;
        this.write();
      }, COALESCE_MS);
      return;
    }
    if (this.later !== undefined) clock.clearTimeout?.(this.later);
    this.later = undefined;
    this.write();
  }

  private write(): void {
    const snapshot = [...this.jobs.values()];
    this.writing = this.writing
      .then(() => {
        this.bytesWritten += JSON.stringify(snapshot).length;
        return this.storage.update(JOBS_KEY, snapshot);
      })
      .catch((error: unknown) => this.log(`could not save the job list: ${error instanceof Error ? error.message : String(error)}`));
  }

  dispose(): void {
    // Nothing is lost at shutdown: what waited is written now.
    if (this.later !== undefined) this.persist(true);
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

/** Changes that must be on disk at once: where the job stands, what it cost, which files are its. */
function matters(before: Job, after: Job): boolean {
  return (
    before.status !== after.status ||
    before.generationId !== after.generationId ||
    before.output?.file !== after.output?.file ||
    before.sentAt !== after.sentAt ||
    before.usage?.usd !== after.usage?.usd
  );
}

function sameJob(a: Job, b: Job): boolean {
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });
}
