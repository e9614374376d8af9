// The one polling loop of the tests. Plain Node (no vscode, no Playwright), so the in-host
// bundles, the UI journeys and the unit tests can all import it.

export interface UntilOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Ask again after this long (default 100 ms). */
  readonly intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than `undefined`, `null` or `false`, and
 * resolves with that. After `timeoutMs` it rejects with "timed out … waiting for <what>";
 * `what` may be a function, to describe the state at that moment (what was seen instead).
 * An error thrown by `probe` ends the wait at once.
 */
export async function until<T>(
  what: string | (() => string | Promise<string>),
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, intervalMs = 100 }: UntilOptions = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? await what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
