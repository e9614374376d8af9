// Shot lists being sent right now: how many shots each run has and how many still wait for a
// free slot. Shots that wait are not jobs yet, so the Jobs view learns about them here to
// show "1/3 saved · 1 waiting" on the shot list's row.
import { isActive, type Job } from '../jobs/job';
import type { ShotState } from './takes';
import { Emitter, type Disposable } from '../util/events';

export interface ShotListRunState {
  /** Shots in the run. */
  readonly total: number;
  /** Shots not sent yet. */
  readonly waiting: number;
  /** The shots not sent yet (position in the file, prompt), to show them as rows. */
  readonly waitingShots?: ReadonlyArray<{ readonly index: number; readonly prompt: string; readonly take?: number }>;
}

export class ShotListRuns implements Disposable {
  private readonly runs = new Map<string, ShotListRunState>();
  private readonly _onDidChange = new Emitter<string>();
  /** Fires with the shot list's file when its run state changes. */
  readonly onDidChange = this._onDidChange.event;

  get(file: string): ShotListRunState | undefined {
    return this.runs.get(file);
  }

  /** Records a run's state; undefined when the run has sent everything (or stopped). */
  set(file: string, state: ShotListRunState | undefined): void {
    const before = this.runs.get(file);
    if (before?.total === state?.total && before?.waiting === state?.waiting) return;
    if (state) this.runs.set(file, state);
    else this.runs.delete(file);
    this._onDidChange.fire(file);
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}

export interface ShotListProgress {
  /** Shots whose latest job saved its video, or whose chosen take still matches the shot. */
  readonly saved: number;
  /** Shots whose latest job is still running. */
  readonly running: number;
  /** Shots whose latest job failed, timed out or was cancelled. */
  readonly ended: number;
  /** Shots not sent yet by the run that sends them now. */
  readonly waiting: number;
  /** Shots changed since their take (known once the list's takes are worked out). */
  readonly stale: number;
  /** Shots with no take and no job, that no run is sending (known once the takes are). */
  readonly unsent: number;
  readonly total: number;
}

/**
 * Progress of a shot list from its jobs (the newest job of each shot counts: a retry
 * replaces its earlier attempt) and, while it is being sent, from its run. With `states`
 * (each shot of the file, as its takes were last worked out) every shot of the file
 * counts, not only those with jobs: a shot never sent, or changed since its take, is
 * neither saved nor running. A job's own status is newer than a state worked out a moment
 * ago, so it wins where it says more (running, or just saved).
 */
export function shotListProgress(jobs: readonly Job[], run?: ShotListRunState, states?: readonly ShotState[]): ShotListProgress {
  const latest = new Map<number, Job>();
  for (const job of jobs) {
    const index = job.shotList?.index ?? -1;
    const seen = latest.get(index);
    if (!seen || job.createdAt > seen.createdAt) latest.set(index, job);
  }
  const waiting = run?.waiting ?? 0;
  const counts = { saved: 0, running: 0, ended: 0, stale: 0, unsent: 0 };
  if (!states) {
    for (const job of latest.values()) counts[job.status === 'completed' ? 'saved' : isActive(job) ? 'running' : 'ended']++;
    // While a run sends, its size is the total (a shot may already have a job from an earlier run).
    return { ...counts, waiting, total: run ? Math.max(run.total, latest.size) : latest.size };
  }
  states.forEach((state, index) => {
    const job = latest.get(index);
    if (job && isActive(job)) counts.running++;
    else if (state === 'stale') counts.stale++;
    else if (job?.status === 'completed' || state === 'saved') counts.saved++;
    else if (job) counts.ended++;
    else counts.unsent++;
  });
  // The shots a run still holds back have no job yet: they are waiting, not unsent.
  counts.unsent = Math.max(0, counts.unsent - waiting);
  return { ...counts, waiting, total: Math.max(states.length, run?.total ?? 0) };
}
