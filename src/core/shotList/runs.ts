// Shot lists being sent right now: how many shots each run has and how many still wait for a
// free slot. Shots that wait are not jobs yet, so the Jobs view learns about them here to
// show "1/3 saved · 1 waiting" on the shot list's row.
import { isActive, type Job } from '../jobs/job';
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
  /** Shots whose latest job saved its video. */
  readonly saved: number;
  /** Shots whose latest job is still running. */
  readonly running: number;
  /** Shots whose latest job failed, timed out or was cancelled. */
  readonly ended: number;
  /** Shots not sent yet. */
  readonly waiting: number;
  readonly total: number;
}

/**
 * Progress of a shot list from its jobs (the newest job of each shot counts: a retry
 * replaces its earlier attempt) and, while it is being sent, from its run.
 */
export function shotListProgress(jobs: readonly Job[], run?: ShotListRunState): ShotListProgress {
  const latest = new Map<number, Job>();
  for (const job of jobs) {
    const index = job.shotList?.index ?? -1;
    const seen = latest.get(index);
    if (!seen || job.createdAt > seen.createdAt) latest.set(index, job);
  }
  let saved = 0;
  let running = 0;
  let ended = 0;
  for (const job of latest.values()) {
    if (job.status === 'completed') saved++;
    else if (isActive(job)) running++;
    else ended++;
  }
  const waiting = run?.waiting ?? 0;
  // While a run sends, its size is the total (a shot may already have a job from an earlier run).
  const total = run ? Math.max(run.total, latest.size) : latest.size;
  return { saved, running, ended, waiting, total };
}
