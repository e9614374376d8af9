// The account's rate limit, shared by everything that asks the service: the Poller, the
// creates and the usage-log searches. A 429 limits the account, not one job, so one
// Retry-After holds every request back. A Retry-After of 0 or one that does not parse
// must not become a 429 loop: below FLOOR_MS the gate backs off as if none was given.
import type { Clock } from '../util/clock';
import { Emitter } from '../util/events';
import type { RateLimitError } from './errors';

/** The least wait after a 429, whatever Retry-After says. */
export const FLOOR_MS = 1_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 120_000;

export class RateGate {
  private until = Number.NEGATIVE_INFINITY;
  /** 429s in a row without a usable Retry-After. */
  private streak = 0;
  private readonly _onDidChange = new Emitter<number>();
  /** Fires with the new `blockedUntil` whenever it moves later. */
  readonly onDidChange = this._onDidChange.event;

  constructor(
    private readonly clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>,
    private readonly random: () => number = Math.random,
  ) {}

  /** No request should leave before this (clock ms). */
  get blockedUntil(): number {
    return this.until;
  }

  isBlocked(): boolean {
    return this.clock.now() < this.until;
  }

  /** Takes a 429 in; returns how long the account now waits (ms). */
  rateLimited(error: Pick<RateLimitError, 'retryAfterMs'>): number {
    const now = this.clock.now();
    const asked = error.retryAfterMs;
    const wait = asked !== undefined && asked >= FLOOR_MS ? asked : Math.max(FLOOR_MS, this.backoff(++this.streak));
    if (asked !== undefined && asked >= FLOOR_MS) this.streak = 0;
    if (now + wait > this.until) {
      this.until = now + wait;
      this._onDidChange.fire(this.until);
    }
    return this.until - now;
  }

  /** An answer that was not a 429: the next one without Retry-After starts the backoff afresh. */
  answered(): void {
    this.streak = 0;
  }

  /** Resolves once requests may leave again (at once when they may now). */
  async wait(signal?: AbortSignal): Promise<void> {
    while (this.isBlocked()) {
      if (signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const finish = () => {
          this.clock.clearTimeout(handle);
          signal?.removeEventListener('abort', finish);
          resolve();
        };
        const handle = this.clock.setTimeout(finish, Math.max(0, this.until - this.clock.now()));
        signal?.addEventListener('abort', finish, { once: true });
      });
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
    return Math.round(Math.min(BACKOFF_MAX_MS, base * (1 + 0.2 * (2 * this.random() - 1))));
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
