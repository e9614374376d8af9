// What the service's status words mean: the one table the normaliser (is the job done?),
// the Poller (is it still queued, or generating?) and the views ("Queued", "Generating")
// all read, so they can never disagree about a word.
//
// The docs name `queued | generating | completed | error`; older samples and the
// provider's own plugin also use `waiting` and `active` for a running job, and some
// clients see `failed`. The other words are ones similar services use; they cost nothing
// to understand. A word that is not here is still running as far as we know: the job
// timeout bounds it, so a new word from the service never fails a job.

/**
 * Where a status word puts a job. `pending`: running, but the word does not say whether
 * it is still queued or already generating.
 */
export type RemotePhase = 'queued' | 'generating' | 'completed' | 'failed' | 'pending';

const WORDS: ReadonlyArray<readonly [RemotePhase, readonly string[]]> = [
  // Waiting for a worker.
  ['queued', ['queued', 'waiting', 'pending', 'created', 'submitted', 'in_queue', 'scheduled']],
  // A worker is making the video.
  ['generating', ['generating', 'active']],
  // Done: a video (or, when none came with it, a failure: see toGeneration).
  ['completed', ['completed', 'succeeded', 'success']],
  // Done without a video.
  ['failed', ['error', 'failed', 'failure', 'cancelled', 'canceled']],
];

const PHASE_OF_WORD: ReadonlyMap<string, RemotePhase> = new Map(WORDS.flatMap(([phase, words]) => words.map((word) => [word, phase] as const)));

/** The phase a status word names, in any letter case; unknown words (and none) are `pending`. */
export function remotePhase(status: string | undefined): RemotePhase {
  return (status !== undefined && PHASE_OF_WORD.get(status.toLowerCase())) || 'pending';
}
