// What each thing that happens to a job does to it, as pure functions: given the job (or
// the event) and the time, the patch the JobManager writes into the store and what it
// does next. No store, no timer, no network: every rule is testable with plain values.
import { isUnreachable } from '../api/errors';
import { isRecognisedStatus, unrecognisedStatusNotice } from '../api/remoteStatus';
import type { Usage } from '../api/wire';
import type { Job, JobError, JobSettings } from './job';
import { shortReason, toJobError } from './jobErrors';
import type { JobPatch } from './jobStore';
import type { PollEvent } from './pollEvents';
import { NO_VIDEO_GRACE_MS } from './pollEntry';
import type { SaveEvent } from './videoSaver';

export interface JobUpdate {
  readonly patch: JobPatch;
  /**
   * What follows the patch. `save`: the service made the video, save it now. `watch`: poll
   * the job again. `fail`: the job failed, so nothing else may go on for it (polling,
   * saving) before the patch is written. Nothing: the patch is all.
   */
  readonly then?: 'save' | 'watch' | 'fail';
}

/** checkedAt moves at most this often: each move is a write of the job list. */
const CHECKED_EVERY_MS = 60_000;

/** A check of a pending job got an answer at `now`: note it when the last note is old. */
function checkedPatch(job: Job, now: number): Pick<Job, 'checkedAt'> {
  return job.checkedAt === undefined || now - job.checkedAt >= CHECKED_EVERY_MS ? { checkedAt: now } : {};
}

/**
 * A pending job found after a restart: its timeout counts only time the service could be
 * asked, so the time since its last answered check (VS Code closed, or crashed) moves its
 * start on. Undefined when nothing moves.
 */
export function restartPatch(job: Job, now: number): JobPatch | undefined {
  const from = job.timeoutFrom ?? job.submittedAt ?? job.createdAt;
  const lastAsked = Math.max(from, job.checkedAt ?? from);
  const away = now - lastAsked;
  return away > 0 ? { timeoutFrom: from + away } : undefined;
}

/** The patch of a job that failed: why, when, and what the service billed if it said. */
export function failedPatch(error: JobError, at: number, usage?: Usage): JobPatch {
  return { status: 'failed', error, finishedAt: at, notice: undefined, ...(usage ? { usage } : {}) };
}

/**
 * What a poll event means for the job. Undefined when it means nothing: the job is gone,
 * or no longer waits for the service (cancelled, or already saving, while the answer travelled).
 */
export function pollUpdate(job: Job | undefined, event: PollEvent, now: number, settings: Pick<JobSettings, 'jobTimeoutMs'>): JobUpdate | undefined {
  if (!job || job.status !== 'pending') return undefined;
  switch (event.kind) {
    case 'pending': {
      const { status } = event.generation;
      // A word nobody knows: the job keeps waiting, and says so rather than look merely slow.
      const notice = isRecognisedStatus(status) ? undefined : unrecognisedStatusNotice(status);
      return { patch: { remoteStatus: status, notice, ...usageOf(event.generation.usage), ...checkedPatch(job, now) } };
    }
    case 'retrying': {
      // Nobody could ask the service: say the timeout is not running out meanwhile.
      const waits = isUnreachable(event.error) ? '; the job timeout waits until the service can be reached' : '';
      return { patch: { notice: `${shortReason(event.error)}; trying again in ${Math.max(1, Math.round(event.delayMs / 1000))} s${waits}` } };
    }
    case 'completed':
      return {
        patch: {
          status: 'downloading',
          remoteStatus: event.generation.status,
          videoUrl: event.generation.videoUrl,
          videoUrlAt: now,
          notice: undefined,
          ...usageOf(event.generation.usage),
        },
        then: 'save',
      };
    case 'failed': {
      const error: JobError = event.error
        ? toJobError(event.error)
        : { kind: 'generation', message: event.generation?.error ?? 'The service reported the job as failed.' };
      return { patch: failedPatch(error, now, event.generation?.usage), then: 'fail' };
    }
    case 'noVideo': {
      const { generation } = event;
      if (!event.final) {
        return {
          patch: {
            remoteStatus: generation.status,
            notice: `The service says it finished, but sent no video yet; asking again in ${Math.max(1, Math.round(event.delayMs / 1000))} s`,
            ...usageOf(generation.usage),
          },
        };
      }
      // The service still has the job: Resume asks again for nothing; Retry would pay again.
      const minutes = Math.round(NO_VIDEO_GRACE_MS / 60_000);
      const message = `${generation.error ?? 'The service finished the job but sent no video.'} No video came in ${minutes} min of asking. Resume asks again at no cost; Retry would generate (and bill) it again.`;
      return { patch: { ...failedPatch({ kind: 'noVideo', message }, now, generation.usage), remoteStatus: generation.status }, then: 'fail' };
    }
    case 'timedOut': {
      const minutes = Math.round(settings.jobTimeoutMs / 60_000);
      // When the last checks failed, the cause is the connection or the service, not a slow job.
      const why = event.lastError ? ` The last checks failed: ${event.lastError.message}` : '';
      return {
        patch: {
          status: 'timedOut',
          finishedAt: now,
          notice: undefined,
          error: { kind: 'timeout', message: `Still not finished after ${minutes} min.${why} Resume to keep waiting, or retry.` },
        },
      };
    }
  }
}

/** What a save event means for the job (the VideoSaver reports only for jobs it still saves). */
export function saveUpdate(event: SaveEvent, now: number): JobUpdate {
  switch (event.kind) {
    case 'queued':
      return { patch: { notice: 'Waiting for another video to finish saving' } };
    case 'attempt':
      return { patch: { notice: undefined } };
    case 'progress':
      return { patch: { notice: `${event.percent} % saved` } };
    case 'retrying':
      return {
        patch: {
          notice: event.offline
            ? `Could not reach the video server; trying again in ${Math.round(event.delayMs / 1000)} s, or as soon as the connection is back`
            : `Download interrupted; trying again in ${event.delayMs / 1000} s`,
        },
      };
    case 'saved':
      return { patch: { status: 'completed', finishedAt: event.savedAt, notice: undefined, output: event.output } };
    case 'linkExpired':
      return { patch: { status: 'pending', videoUrl: undefined, timeoutFrom: now, notice: 'The video link expired; asking the service for a fresh one' }, then: 'watch' };
    case 'failed':
      return { patch: failedPatch(event.error, now), then: 'fail' };
  }
}

function usageOf(usage: Usage | undefined): Pick<Job, 'usage'> {
  return usage ? { usage } : {};
}
