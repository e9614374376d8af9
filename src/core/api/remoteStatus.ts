// What the service's status words mean: the one table the normaliser (is the job done?),
// the Poller (is it still queued, or generating?) and the views ("Queued", "Generating")
// all read, so they can never disagree about a word.
//
// The docs name `queued | generating | completed | error`; older samples use `waiting` and
// `active` for a running job. The provider's own code knows more (docs/service.md,
// "Statuses"): its n8n node ends a job on `succeeded success completed done ready finished`
// and on `failed error cancelled canceled timeout timed_out expired`, and its Python SDK's
// generic poller waits on `processing` too. Words of that kind that similar services use
// (`rejected`, `in_progress`, …) cost nothing to understand. A final word ends the job at
// once instead of leaving it to wait for the job timeout.
//
// A word that is not here is still running as far as we know, so a new word never fails a
// job: it stays pending (bounded by the job timeout) and the job says which word it met
// (isRecognisedStatus), so a person can tell a slow job from one the service reports in
// words Veo Studio does not know.

/**
 * Where a status word puts a job. `pending`: running, but the word does not say whether
 * it is still queued or already generating.
 */
export type RemotePhase = 'queued' | 'generating' | 'completed' | 'failed' | 'pending';

const WORDS: ReadonlyArray<readonly [RemotePhase, readonly string[]]> = [
  // Waiting for a worker.
  ['queued', ['queued', 'waiting', 'pending', 'created', 'submitted', 'in_queue', 'scheduled']],
  // A worker is making the video.
  ['generating', ['generating', 'active', 'processing', 'in_progress', 'running']],
  // Done: a video (or, when none came with it, a check again: see toGeneration).
  ['completed', ['completed', 'succeeded', 'success', 'done', 'ready', 'finished']],
  // Done without a video: the service's verdict.
  ['failed', ['error', 'failed', 'failure', 'cancelled', 'canceled', 'timeout', 'timed_out', 'expired', 'rejected']],
];

const PHASE_OF_WORD: ReadonlyMap<string, RemotePhase> = new Map(WORDS.flatMap(([phase, words]) => words.map((word) => [word, phase] as const)));

/** The phase a status word names, in any letter case; unknown words (and none) are `pending`. */
export function remotePhase(status: string | undefined): RemotePhase {
  return (status !== undefined && PHASE_OF_WORD.get(status.toLowerCase())) || 'pending';
}

/** Whether the table knows the word (in any letter case). */
export function isRecognisedStatus(status: string | undefined): boolean {
  return status !== undefined && PHASE_OF_WORD.has(status.toLowerCase());
}

/** What a job says while the service answers with a word the table does not know. */
export function unrecognisedStatusNotice(status: string): string {
  return `The service reports an unrecognised status "${status.slice(0, 60)}": still watching the job, until the job timeout`;
}
