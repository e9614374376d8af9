// The one fake clock of the unit tests: core's Clock, whose time moves only when the test
// says so. Timers fire in order as time is advanced, and the promises they start get to
// run after each one, so hours of job time take milliseconds and "nothing happens" is
// proved by advancing time, not by sleeping. Real sockets still take real time:
// runUntil() waits for them without moving the fake time on.
import type { Clock, TimerHandle } from '../../src/core/util/clock';

/** Where every fake clock starts unless told otherwise. */
export const FAKE_EPOCH = Date.parse('2026-08-01T12:00:00Z');

/** Lets promise chains (and socket callbacks already queued) run to their next wait. No time passes. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface RunUntilOptions {
  /** Fail once this much fake time has passed without the condition holding (default 1 h). */
  readonly limitMs?: number;
  /** While this says true (a request on the wire), fake time stands still and real I/O is awaited. */
  readonly busy?: () => boolean;
  /** Fail after this much real time: a real socket that never answers (default 10 s). */
  readonly realTimeoutMs?: number;
}

interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, FakeTimer>();
  /** The most timers ever pending at once, for "never one timer per job" checks. */
  maxConcurrentTimers = 0;

  constructor(start = FAKE_EPOCH) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), callback });
    this.maxConcurrentTimers = Math.max(this.maxConcurrentTimers, this.timers.size);
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** When the next timer fires; undefined when none is pending. */
  nextAt(): number | undefined {
    return this.earliest()?.at;
  }

  /** Moves time on by `ms`, firing every timer due on the way, in order, settling after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (let next = this.earliest(); next && next.at <= end; next = this.earliest()) {
      this.timers.delete(next.id);
      this.time = Math.max(this.time, next.at);
      next.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }

  /**
   * Runs the world until `condition` returns something other than undefined, null or
   * false, and resolves with that: it lets promises settle, waits for real I/O while
   * nothing is scheduled (or `busy` says a request is out), and otherwise jumps to the
   * next timer. Fails, saying `what`, past `limitMs` of fake time or `realTimeoutMs` of real time.
   */
  async runUntil<T>(what: string | (() => string), condition: () => T | undefined | null | false, options: RunUntilOptions = {}): Promise<T> {
    const { limitMs = 60 * 60_000, busy, realTimeoutMs = 10_000 } = options;
    const start = this.time;
    const realEnd = Date.now() + realTimeoutMs;
    const describe = (): string => (typeof what === 'function' ? what() : what);
    for (;;) {
      await settle();
      const value = condition();
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > realEnd) throw new Error(`timed out after ${realTimeoutMs} ms (real) waiting for ${describe()}`);
      const at = this.nextAt();
      if (busy?.() || at === undefined) {
        // Something real is under way (a socket, a file): give the event loop a turn.
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
        continue;
      }
      if (at > start + limitMs) throw new Error(`still waiting for ${describe()} after ${limitMs} ms of fake time`);
      await this.advance(at - this.time);
    }
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers.values()) if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}
