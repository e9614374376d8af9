// One watched job as the Poller holds it: its target, when it is next due, what its answers
// said (PollHistory), its run of failures — and its deadline, which counts only the time
// the service could be asked. While the checks cannot reach the service at all (the
// network is down, a VPN still connecting: NetworkError, TimeoutError) the deadline waits;
// once the service answers anything again (a status, or an error status) it runs on from
// where it stood. A job is never reported "still not finished after 20 min" for minutes in
// which nobody could ask.
import { ApiError, isUnreachable, NetworkError } from '../api/errors';
import type { PollEvent, PollTarget } from './pollEvents';
import { NEW_HISTORY, type PollHistory } from './pollHistory';
import type { PollContext } from './pollPolicy';
import type { GenerationWindow } from './timing';

/**
 * A job the service calls finished but whose video URL has not come is asked again every
 * NO_VIDEO_RECHECK_MS for NO_VIDEO_GRACE_MS (docs/service.md, "The poll answer"): a URL
 * that is published late is still saved, and a video that never comes is not polled forever.
 */
export const NO_VIDEO_GRACE_MS = 3 * 60_000;
export const NO_VIDEO_RECHECK_MS = 15_000;

export interface PollEntry {
  target: PollTarget;
  dueAt: number;
  history: PollHistory;
  /** Consecutive transient failures (not 429s: those are the account's). */
  failures: number;
  /** The fault behind the latest failed check, until an answer comes again. */
  lastError?: ApiError;
  inFlight?: AbortController;
  /** When the service first said finished without sending the video URL (see NO_VIDEO_GRACE_MS). */
  noVideoSince?: number;
  /** Since when the checks could not reach the service: the deadline waits meanwhile. */
  unreachableSince?: number;
  /** How long the deadline has waited for the service so far. */
  pausedMs: number;
}

export function newEntry(target: PollTarget): PollEntry {
  return { target, dueAt: 0, history: NEW_HISTORY, failures: 0, pausedMs: 0 };
}

/**
 * When a job still pending times out: the target's deadline (as the setting stands now),
 * moved on by the time nobody could ask. None while the service cannot be reached, and
 * none while the service has said finished and the video URL is awaited (the job is no
 * longer slow; that wait has its own end).
 */
export function deadlineOf(entry: PollEntry): number {
  if (entry.noVideoSince !== undefined || entry.unreachableSince !== undefined) return Number.POSITIVE_INFINITY;
  return (entry.target.deadline?.() ?? entry.target.deadlineAt) + entry.pausedMs;
}

/** A check that began at `startedAt` ended with `error` (undefined: an answer came). */
export function checked(entry: PollEntry, startedAt: number, now: number, error: ApiError | undefined): void {
  if (error && isUnreachable(error)) {
    // The deadline stops where the first check that could not get through began.
    entry.unreachableSince ??= startedAt;
    return;
  }
  if (entry.unreachableSince !== undefined) entry.pausedMs += Math.max(0, now - entry.unreachableSince);
  entry.unreachableSince = undefined;
}

export function timedOutEvent(entry: PollEntry): PollEvent {
  return { kind: 'timedOut', jobId: entry.target.jobId, ...(entry.lastError ? { lastError: entry.lastError } : {}) };
}

/** All the policy may know about the job (pollPolicy.ts), from the entry and the Poller's state. */
export function policyContext(entry: PollEntry, now: number, window: GenerationWindow, focused: boolean, random: () => number): PollContext {
  const { model, submittedAt } = entry.target;
  const { polls, phase, lastQueuedAt, generatingSeenAt } = entry.history;
  return { model, now, submittedAt, polls, phase, lastQueuedAt, generatingSeenAt, window, focused, random };
}

/** The client throws only ApiErrors (a key store failing is a KeyStoreError); anything else is treated as passing trouble. */
export function asPollError(error: unknown, log: ((line: string) => void) | undefined): ApiError {
  if (error instanceof ApiError) return error;
  log?.(`unexpected error while polling: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new NetworkError('the AI/ML API', error);
}
