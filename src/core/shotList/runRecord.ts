// A shot-list run as it is kept on disk, so a reload (or a crash) does not lose the shots
// still waiting for a slot. One record per shot-list file: each entry is one job the run
// sends (a shot, and which take), with a fingerprint of what the shot asked for when the
// run began. An entry is
//   waiting  not sent yet;
//   sending  about to be handed to the JobManager (written before it is: the manager stores
//            its job before the POST leaves, so after a crash the job is found in the
//            JobStore, or nothing was sent);
//   sent     its job exists (the JobStore and the poller follow it from here);
//   refused  the service refused it: nothing to carry on;
//   dropped  not carried on after a reload (its shot changed, or the file went): told once.
// After a reload only waiting entries (and sending ones with no job to be found) are sent,
// and only when their shot still says the same thing. Pure: the store is runRecords.ts.
import { createHash } from 'node:crypto';
import { isFinished, type Job, type JobRequest } from '../jobs/job';
import type { PlannedShot } from './validate';

export type EntryState = 'waiting' | 'sending' | 'sent' | 'refused' | 'dropped';

export interface RecordEntry {
  /** 0-based position of the shot in the file. */
  readonly index: number;
  readonly take?: number;
  /** What the shot asked for when the run began (requestFingerprint). */
  readonly fingerprint: string;
  readonly state: EntryState;
  readonly jobId?: string;
  /** When it was handed to the manager (epoch ms): a job of the shot made since then is its. */
  readonly sendingAt?: number;
}

/** Which window carries the run: its extension host process, and the run inside it. */
export interface RunOwner {
  readonly pid: number;
  readonly token: string;
}

export interface RunRecord {
  /** Absolute path of the shot-list file. */
  readonly file: string;
  readonly startedAt: number;
  readonly owner: RunOwner;
  readonly entries: readonly RecordEntry[];
}

/** JSON with sorted keys: the same request written in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short digest of everything a shot's request sends: a changed shot gets another one. */
export function requestFingerprint(request: Pick<JobRequest, 'model' | 'prompt' | 'media' | 'options'>): string {
  const text = canonical({ model: request.model, prompt: request.prompt, media: request.media, options: request.options });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** A new record: every entry waiting. */
export function newRecord(file: string, entries: ReadonlyArray<{ readonly shot: PlannedShot; readonly take?: number }>, owner: RunOwner, now: number): RunRecord {
  return {
    file,
    startedAt: now,
    owner,
    entries: entries.map(({ shot, take }) => ({ index: shot.index, ...(take !== undefined ? { take } : {}), fingerprint: requestFingerprint(shot.request), state: 'waiting' as const })),
  };
}

/** The record with one entry changed (by position in the record). */
export function withEntry(record: RunRecord, position: number, change: Partial<Omit<RecordEntry, 'index' | 'take' | 'fingerprint'>>): RunRecord {
  return { ...record, entries: record.entries.map((e, i) => (i === position ? { ...e, ...change } : e)) };
}

/** Whether the run still has entries to send. */
export function isUnfinished(record: RunRecord): boolean {
  return record.entries.some((e) => e.state === 'waiting' || (e.state === 'sending' && !e.jobId));
}

/**
 * Whether this window may carry the run on: no live window has it. `alive` says whether an
 * owner still runs (another window's process, or a run of this one still going).
 */
export function mayClaim(record: RunRecord, alive: (owner: RunOwner) => boolean): boolean {
  return !alive(record.owner);
}

/** Why a waiting entry is not carried on. */
export type DropReason =
  /** What the shot asks for differs from when the run began. */
  | 'changed'
  /** The shot no longer passes its checks (an image went, a field is wrong). */
  | 'invalid'
  /** The file has fewer shots now. */
  | 'removed'
  /** The file was deleted. */
  | 'deleted'
  /** The file cannot be read, or is no shot list any more. */
  | 'unreadable';

/** The shot-list file as it is now: its valid shots and how many it has, or why there are none. */
export type FileNow = { readonly shots: readonly PlannedShot[]; readonly total: number } | 'deleted' | 'unreadable';

export interface ResumePlan {
  /** Entries to send now, with the shot as the file says it (position in the record). */
  readonly send: ReadonlyArray<{ readonly position: number; readonly shot: PlannedShot; readonly take?: number }>;
  /** Entries marked sending whose job was found in the JobStore: sent, never again. */
  readonly found: ReadonlyArray<{ readonly position: number; readonly jobId: string }>;
  /** Entries not sent, and why. */
  readonly dropped: ReadonlyArray<{ readonly position: number; readonly index: number; readonly reason: DropReason }>;
  /** Jobs of the run already sent that are still running (they hold slots). */
  readonly running: readonly string[];
}

/**
 * What carrying a run on after a reload does with each entry, given the file as it is now
 * and the JobStore's jobs. An entry with a job is never sent again; one marked sending whose
 * job is in the store is that job (one that is not never left: the manager stores a job
 * before its POST); the others are sent only when their shot's fingerprint is the same.
 */
export function resumePlan(record: RunRecord, file: FileNow, jobs: readonly Job[]): ResumePlan {
  const byIndex = new Map(typeof file === 'string' ? [] : file.shots.map((s) => [s.index, s]));
  const send: Array<ResumePlan['send'][number]> = [];
  const found: Array<ResumePlan['found'][number]> = [];
  const dropped: Array<ResumePlan['dropped'][number]> = [];
  const running: string[] = [];
  // As the runner counts them: a job holds its slot until it ends.
  const holdsSlot = (id: string) => {
    const job = jobs.find((j) => j.id === id);
    return job !== undefined && !isFinished(job);
  };
  record.entries.forEach((entry, position) => {
    if (entry.state === 'sent' || entry.jobId) {
      if (entry.jobId && holdsSlot(entry.jobId)) running.push(entry.jobId);
      return;
    }
    if (entry.state === 'refused' || entry.state === 'dropped') return;
    if (entry.state === 'sending') {
      const job = jobOfEntry(record.file, entry, jobs);
      if (job) {
        found.push({ position, jobId: job.id });
        if (holdsSlot(job.id)) running.push(job.id);
        return;
      }
    }
    const drop = (reason: DropReason) => dropped.push({ position, index: entry.index, reason });
    if (typeof file === 'string') return drop(file);
    const shot = byIndex.get(entry.index);
    if (!shot) drop(entry.index < file.total ? 'invalid' : 'removed');
    else if (requestFingerprint(shot.request) !== entry.fingerprint) drop('changed');
    else send.push({ position, shot, ...(entry.take !== undefined ? { take: entry.take } : {}) });
  });
  return { send, found, dropped, running };
}

/** The job made for an entry that was being sent: same file, shot and take, made since. */
function jobOfEntry(file: string, entry: RecordEntry, jobs: readonly Job[]): Job | undefined {
  const since = entry.sendingAt ?? 0;
  return jobs.find((j) => j.shotList?.file === file && j.shotList.index === entry.index && j.shotList.take === entry.take && j.createdAt >= since);
}
