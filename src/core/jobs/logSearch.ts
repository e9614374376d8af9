// Finding out whether a create whose answer was lost made a job. Every create carries
// X-Client-Request-Id = the local job id, and the service's usage logs (GET /v2/logs)
// record it as `client_request_id` with the generation's id as `inference_id`. Rows come
// from an analytics pipeline and may appear late, so the search keeps looking — one
// request for every job looked for, with a growing gap, behind the account's rate limit —
// for up to WINDOW_MS after the POST. Found: the job is watched like any other. Not found:
// it is reported, never sent again by itself. Only a look that reached the service counts:
// while the logs cannot be reached at all (offline), the search goes on past the window,
// since "not in the logs" would be a guess.
import type { LogQuery, VeoClient } from '../api/client';
import { isUnreachable, RateLimitError } from '../api/errors';
import type { RateGate } from '../api/rateGate';
import type { LogRow } from '../api/wire';
import type { Clock, TimerHandle } from '../util/clock';

/** How long after the POST a job is looked for. */
export const WINDOW_MS = 15 * 60_000;
const FIRST_LOOK_MS = 5_000;
const MAX_GAP_MS = 60_000;
/** Pages of 100 rows read per look: enough for a busy account's last few minutes. */
const MAX_PAGES = 5;
/** Rows are timestamped by the service: allow for its clock and ours to differ. */
const CLOCK_SLACK_MS = 5 * 60_000;

export interface Sought {
  readonly jobId: string;
  /** When the create left (clock ms). */
  readonly sentAt: number;
}

export interface LogSearchOptions {
  readonly clock: Clock;
  readonly client: Pick<VeoClient, 'getLogs'>;
  readonly gate: RateGate;
  onFound(jobId: string, generationId: string, row: LogRow): void;
  onNotFound(jobId: string): void;
  readonly log?: (line: string) => void;
}

export class LogSearch {
  private readonly sought = new Map<string, Sought>();
  private timer: TimerHandle | undefined;
  private looks = 0;
  private busy = false;
  private disposed = false;

  constructor(private readonly o: LogSearchOptions) {}

  track(s: Sought): void {
    if (this.disposed) return;
    this.sought.set(s.jobId, s);
    this.looks = 0;
    this.schedule(FIRST_LOOK_MS);
  }

  untrack(jobId: string): void {
    this.sought.delete(jobId);
    if (!this.sought.size) this.clear();
  }

  isLooking(jobId: string): boolean {
    return this.sought.has(jobId);
  }

  /** The time a look is next due, for tests and the tree's notice. */
  get size(): number {
    return this.sought.size;
  }

  private clear(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    if (this.disposed || !this.sought.size || this.busy) return;
    this.clear();
    const at = Math.max(this.o.clock.now() + delay, this.o.gate.blockedUntil);
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      void this.look();
    }, at - this.o.clock.now());
  }

  private async look(): Promise<void> {
    if (this.disposed || !this.sought.size) return;
    this.busy = true;
    this.looks++;
    let reached = true;
    try {
      await this.readLogs();
    } catch (error) {
      reached = !isUnreachable(error);
      if (error instanceof RateLimitError) this.o.gate.rateLimited(error);
      this.o.log?.(`usage logs: could not look (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      this.busy = false;
    }
    const now = this.o.clock.now();
    for (const s of [...this.sought.values()]) {
      if (!reached || now - s.sentAt < WINDOW_MS) continue;
      this.sought.delete(s.jobId);
      this.o.log?.(`job ${s.jobId}: not in the usage logs ${Math.round(WINDOW_MS / 60_000)} min after it was sent`);
      this.o.onNotFound(s.jobId);
    }
    this.schedule(Math.min(MAX_GAP_MS, FIRST_LOOK_MS * 2 ** this.looks));
  }

  private async readLogs(): Promise<void> {
    const now = this.o.clock.now();
    const oldest = Math.min(...[...this.sought.values()].map((s) => s.sentAt)) - CLOCK_SLACK_MS;
    const window: LogQuery = now - oldest <= 60 * 60_000 ? { period: '1h' } : { start: new Date(oldest), end: new Date(now + CLOCK_SLACK_MS) };
    for (let page = 0; page < MAX_PAGES && this.sought.size; page++) {
      const result = await this.o.client.getLogs({ ...window, limit: 100, offset: page * 100 });
      this.o.gate.answered();
      for (const row of result.rows) {
        const s = row.clientRequestId ? this.sought.get(row.clientRequestId) : undefined;
        if (!s || !row.inferenceId) continue;
        this.sought.delete(s.jobId);
        this.o.log?.(`job ${s.jobId}: found in the usage logs as ${row.inferenceId}`);
        this.o.onFound(s.jobId, row.inferenceId, row);
      }
      // Newest first: once a page reaches back past the oldest job, older pages cannot hold it.
      const last = result.rows.at(-1);
      if (!result.hasMore || (last && Date.parse(last.created) < oldest)) break;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
    this.sought.clear();
  }
}
