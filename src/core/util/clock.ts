// Time, as an interface: the poller and the job timeout run on it, so unit tests and the
// benchmark can run hours of job time in seconds.

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending poll must never keep a process (a test, the benchmark) alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle),
};

/**
 * Virtual time that runs `speed` times faster than real time, starting at `start`.
 * Real network round trips still take real milliseconds (so they look `speed` times
 * longer in virtual time): keep `speed` modest (≤ 100) when latency matters.
 */
export function scaledClock(speed: number, start = Date.now()): Clock {
  const realStart = performance.now();
  return {
    now: () => start + (performance.now() - realStart) * speed,
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, Math.max(0, ms / speed));
      handle.unref?.();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle),
  };
}
