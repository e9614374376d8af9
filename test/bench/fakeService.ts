// The Veo service, faked for the polling benchmark: no HTTP, no sockets, only the fake
// clock. It answers getGeneration() the way the real service does (queued, generating,
// completed with a URL), hides a job's queue wait inside `generating` when the plan says
// so, answers 429 with Retry-After during the plan's bursts, and counts every request.
import { RateLimitError } from '../../src/core/api/errors';
import type { Generation } from '../../src/core/api/wire';
import type { Clock } from '../../src/core/util/clock';
import type { Burst, PlannedJob } from './scenarios';

interface Submitted {
  readonly job: PlannedJob;
  readonly submittedAt: number;
  requests: number;
}

export class FakeService {
  private readonly jobs = new Map<string, Submitted>();
  /** Every 429 served: no request was allowed from `at` until `until`. */
  readonly refusals: Array<{ readonly at: number; readonly until: number }> = [];

  constructor(
    private readonly clock: Clock,
    private readonly bursts: readonly Burst[],
    /** The run's start: bursts are relative to it. */
    private readonly startedAt: number,
  ) {}

  /** Accepts a job now; returns its generation id. */
  submit(job: PlannedJob): string {
    const id = `gen-${job.index}`;
    this.jobs.set(id, { job, submittedAt: this.clock.now(), requests: 0 });
    return id;
  }

  getGeneration(id: string): Promise<Generation> {
    const entry = this.jobs.get(id);
    if (!entry) return Promise.reject(new Error(`unknown generation ${id}`));
    entry.requests++;
    const now = this.clock.now();
    const burst = this.bursts.find((b) => now - this.startedAt >= b.from && now - this.startedAt < b.to);
    if (burst) {
      this.refusals.push({ at: now, until: now + burst.retryAfterMs });
      return Promise.reject(new RateLimitError(burst.retryAfterMs));
    }
    const elapsed = now - entry.submittedAt;
    const { queueMs, generateMs, hiddenQueue } = entry.job;
    if (elapsed >= queueMs + generateMs) return Promise.resolve({ id, status: 'completed', state: 'completed', videoUrl: `https://cdn.example/${id}.mp4` });
    const status = elapsed < queueMs && !hiddenQueue ? 'queued' : 'generating';
    return Promise.resolve({ id, status, state: 'pending' });
  }

  /** When the job finished (clock ms). */
  completesAt(id: string): number {
    const entry = this.jobs.get(id);
    if (!entry) throw new Error(`unknown generation ${id}`);
    return entry.submittedAt + entry.job.queueMs + entry.job.generateMs;
  }

  /** How much of [from, to) the service's Retry-After forbade asking (ms). */
  blockedWithin(from: number, to: number): number {
    let blocked = 0;
    let covered = from;
    for (const r of [...this.refusals].sort((a, b) => a.at - b.at)) {
      const start = Math.max(r.at, covered);
      const end = Math.min(r.until, to);
      if (end > start) blocked += end - start;
      covered = Math.max(covered, Math.min(r.until, to));
    }
    return blocked;
  }

  requests(id: string): number {
    return this.jobs.get(id)?.requests ?? 0;
  }
}
