// What the Poller has seen of one job's answers, kept as the phase boundaries the policy
// and the TimingModel need: when the job was last seen queued, when first seen generating,
// when last seen pending. Pure: each answer gives a new history.
import { remotePhase } from '../api/remoteStatus';
import type { PollPhase } from './pollPolicy';
import type { DurationBracket } from './timing';

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
 * How long the job generated, for the TimingModel, as the bracket the polls allow: it
 * started in (last queued, first generating] and finished in (last pending, completed],
 * so it took more than last pending − first generating and less than completed − last
 * queued. A wide bracket (polls far apart, a job resumed after a restart) still says
 * something: the TimingModel weighs it by its width. With it, what watching the job
 * cost (its polls, the completing one included, over how long), so the poller's spend
 * can be held to the reference poller's. Undefined when the job was never seen generating.
 */
export function generatingDuration(history: PollHistory, submittedAt: number, completedAt: number): DurationBracket | undefined {
  const seen = history.generatingSeenAt;
  if (seen === undefined) return undefined;
  const before = Math.min(history.lastQueuedAt ?? submittedAt, seen);
  const lastPending = Math.max(history.lastPendingAt ?? seen, seen);
  const maxMs = completedAt - before;
  if (!(maxMs > 0)) return undefined;
  return { minMs: Math.max(0, Math.min(maxMs, lastPending - seen)), maxMs, polls: history.polls + 1, watchedMs: completedAt - submittedAt };
}
