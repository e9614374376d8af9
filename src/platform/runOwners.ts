// Which shot-list runs are alive, so a run is carried on by one window only. A run's record
// names its owner: the extension host's process and a token for the run. A run of another
// window is alive while that process is (a reload or a crash ends it: the next window may
// take the run); a run of this process is alive until it ends here. The in-host tests
// "reload" through detachAll: every run stops where it is, leaving its record as a process
// that ended would.
import { randomUUID } from 'node:crypto';
import type { RunOwner } from '../core/shotList/runRecord';

export interface LiveRun {
  readonly owner: RunOwner;
  /** Aborted when the run must stop sending: the person stopped it, or a (simulated) reload. */
  readonly signal: AbortSignal;
  /** Whether the run was cut off by a reload: it leaves its record for the next window. */
  readonly detached: boolean;
  /** The person stopped it. */
  stop(): void;
  /** The run ended here. */
  close(): void;
}

export class RunOwners {
  private readonly live = new Map<string, { controller: AbortController; detached: boolean; closed: Promise<void> }>();

  open(): LiveRun {
    const token = randomUUID();
    let closed!: () => void;
    const entry = { controller: new AbortController(), detached: false, closed: new Promise<void>((resolve) => (closed = resolve)) };
    this.live.set(token, entry);
    return {
      owner: { pid: process.pid, token },
      signal: entry.controller.signal,
      get detached() {
        return entry.detached;
      },
      stop: () => entry.controller.abort(),
      close: () => {
        this.live.delete(token);
        closed();
      },
    };
  }

  isAlive(owner: RunOwner): boolean {
    if (owner.pid === process.pid) return this.live.has(owner.token);
    return processRuns(owner.pid);
  }

  /**
   * As a reload: every run of this window stops sending and keeps its record. Resolves once
   * they have ended (a shot already handed to the manager is a job by then, as it would be
   * in the JobStore after a real reload).
   */
  async detachAll(): Promise<void> {
    const ending = [...this.live.values()];
    for (const entry of ending) {
      entry.detached = true;
      entry.controller.abort();
    }
    await Promise.all(ending.map((e) => e.closed));
  }
}

function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: another user's process, so not a window of ours.
    return false;
  }
}
