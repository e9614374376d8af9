// What goes into the Poller (a job to watch) and what comes out of it (what the service
// said, or that asking failed). The JobManager turns each event into a job update
// (pollUpdate.ts); nothing else listens.
import type { ApiError } from '../api/errors';
import type { Generation } from '../api/wire';

export interface PollTarget {
  readonly jobId: string;
  readonly generationId: string;
  readonly model: string;
  /** When the service accepted the job (clock ms). */
  readonly submittedAt: number;
  /** A job still pending at this moment is reported `timedOut` and dropped. */
  readonly deadlineAt: number;
  /**
   * Read instead of `deadlineAt`, each time the deadline matters, when given: the JobManager's
   * follows the current veoStudio.jobTimeoutMinutes, so a changed setting reaches running jobs.
   */
  readonly deadline?: () => number;
}

export type PollEvent =
  /** Every successful answer that says the job is still running. */
  | { readonly kind: 'pending'; readonly jobId: string; readonly generation: Generation }
  /** The service finished the job with a video URL. */
  | { readonly kind: 'completed'; readonly jobId: string; readonly generation: Generation }
  /** The service said failed (`generation`), or the poll hit a terminal error (`error`). */
  | { readonly kind: 'failed'; readonly jobId: string; readonly generation?: Generation; readonly error?: ApiError }
  /**
   * The service says finished but sent no video URL. Not `final`: it is asked again after
   * `delayMs`. `final`: no URL came for a few minutes; the service still has the job, so
   * Resume can ask again at no cost.
   */
  | { readonly kind: 'noVideo'; readonly jobId: string; readonly generation: Generation; readonly final: boolean; readonly delayMs: number }
  /** Still pending at its deadline; `lastError` when the last checks failed rather than found it running. */
  | { readonly kind: 'timedOut'; readonly jobId: string; readonly lastError?: ApiError }
  /** A transient fault; the job keeps going and is polled again after `delayMs`. */
  | { readonly kind: 'retrying'; readonly jobId: string; readonly error: ApiError; readonly delayMs: number };
