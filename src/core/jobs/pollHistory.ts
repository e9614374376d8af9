// What the Poller has seen of one job's answers, kept as the phase boundaries the policy
// and the TimingModel need: when the job was last seen queued, when first seen generating,
// when last seen pending. Pure: each answer gives a new history.
import { remotePhase } from '../api/remoteStatus';
import type { PollPhase } from './pollPolicy';

export interface PollHistory {
  /** Pending answers so far. */
  readonly polls: number;
  readonly phase: PollPhase;
  /** Start of the last poll that saw the job queued. */
  readonly lastQueuedAt?: number;
  /** Start of the first poll that saw the job generating (since it last left the queue). */
  readonly generatingSeenAt?: number;
  /** Start of the latest poll that saw the job pending. */
  readonly lastPendingAt?: number;
}

/** A job no answer has come for yet. */
export const NEW_HISTORY: PollHistory = { polls: 0, phase: 'new' };

/** The history after a poll started at `at` answered "still running" with `status`. */
export function afterPending(history: PollHistory, status: string, at: number): PollHistory {
  const seen = { ...history, polls: history.polls + 1, lastPendingAt: at };
  if (remotePhase(status) === 'queued') {
    // Back in the queue after generating (the service restarted it): start over.
    return { ...seen, phase: 'queued', lastQueuedAt: at, generatingSeenAt: undefined };
  }
  // Any other pending word (generating, or one remoteStatus.ts does not know) counts as generating.
  if (history.phase === 'generating') return seen;
  return { ...seen, phase: 'generating', generatingSeenAt: at };
}

/**
 * A generating duration is learned only when the polls pin it down to this fraction of
 * itself (or 10 s): a job resumed after a restart, or seen through long backoffs, would
 * teach noise.
 */
const LEARN_MAX_UNCERTAINTY = 0.3;
const LEARN_MIN_UNCERTAINTY_MS = 10_000;

/**
 * How long the job generated, for the TimingModel: from the middle of (last queued, first
 * generating] to the middle of (last pending, completed]. Undefined when it was never seen
 * generating, or the polls were too far apart to tell.
 */
export function generatingDuration(history: PollHistory, submittedAt: number, completedAt: number): number | undefined {
  const seen = history.generatingSeenAt;
  if (seen === undefined) return undefined;
  const before = Math.min(history.lastQueuedAt ?? submittedAt, seen);
  const lastPending = history.lastPendingAt ?? seen;
  const duration = (lastPending + completedAt) / 2 - (before + seen) / 2;
  const uncertainty = seen - before + (completedAt - lastPending);
  if (duration <= 0 || uncertainty > Math.max(LEARN_MIN_UNCERTAINTY_MS, duration * LEARN_MAX_UNCERTAINTY)) return undefined;
  return duration;
}
