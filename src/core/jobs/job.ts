// A job: one request to generate a video, from submission until its file is in the
// workspace (or it ends otherwise). Jobs are plain JSON so the store can persist them and
// a window reload can pick them up exactly where they were.
import type { MediaOf } from '../catalog/media';
import type { OptionValue } from '../catalog/types';
import type { ApiErrorKind } from '../api/errors';
import type { Usage } from '../api/wire';

/** Where a request's image or video comes from. Files are read (again) when sending. */
export type MediaRef =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'file'; readonly path: string };

/** A request's media by service field (see catalog/media.ts for the shapes). */
export type RequestMedia = MediaOf<MediaRef>;

/** Everything needed to send a request again with the same parameters. */
export interface JobRequest {
  readonly model: string;
  readonly prompt: string;
  readonly media: RequestMedia;
  /** Normalised option values by service field name (duration as a number, …). */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** File name (without extension) wished for the video; from a shot list's `output`. */
  readonly outputName?: string;
  /** Output folder relative to the workspace folder, overriding the setting. */
  readonly outputFolder?: string;
}

export type JobStatus =
  /** The POST is on its way (or waits for the rate limit); no generation id yet. */
  | 'submitting'
  /**
   * The create's answer was lost (timeout, reset, 5xx, unreadable): the service may have
   * made the job and will bill it. It is looked for in the usage logs, never sent again by itself.
   */
  | 'unconfirmed'
  /** The service has it (queued, generating, waiting, active, …: see `remoteStatus`). */
  | 'pending'
  /** The service finished; the video is being saved into the workspace. */
  | 'downloading'
  /** The video and its sidecar are in the workspace. */
  | 'completed'
  | 'failed'
  /** Pending for longer than veoStudio.jobTimeoutMinutes; can be resumed. */
  | 'timedOut'
  /** The user stopped watching it. The service may still finish (and bill) it. */
  | 'cancelled';

/** The settings a job runs under, read afresh each time they matter. */
export interface JobSettings {
  /** A job still pending this long after it was accepted (or resumed) times out. */
  readonly jobTimeoutMs: number;
  /** A video larger than this is not saved. */
  readonly maxDownloadBytes: number;
}

export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set(['submitting', 'unconfirmed', 'pending', 'downloading']);
export const FINISHED_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'timedOut', 'cancelled']);

export interface JobError {
  /**
   * What went wrong. Besides the client's kinds: `download` (the video was made; saving it
   * failed), `interrupted` (VS Code closed mid-POST), `media`, `generation` (the service
   * failed the job), `unconfirmed` (a create with a lost answer, not found in the usage
   * logs: it may still have run and bill), `notCreated` (the person said it never ran),
   * `noVideo` (the service said finished but sent no video URL in a few minutes of asking:
   * it still has the job, so Resume asks again).
   */
  readonly kind: ApiErrorKind | 'download' | 'interrupted' | 'media' | 'generation' | 'unconfirmed' | 'notCreated' | 'noVideo';
  readonly message: string;
}

/** What the price list said the job would cost, when it was sent. */
export interface JobEstimate {
  readonly usd: number;
  /** "8 s × $0.40/s · 1080p · with audio" */
  readonly basis: string;
}

/**
 * Who asked for a job when it was not the person's own click or keystroke: `agent` — the
 * chat agent, through Veo Studio's language model tools (after the person confirmed).
 */
export type JobOrigin = 'agent';

export interface JobOutput {
  /** Absolute path of the saved mp4. */
  readonly file: string;
  /** Absolute path of the JSON sidecar beside it; absent when it could not be written. */
  readonly sidecar?: string;
  readonly bytes: number;
}

export interface Job {
  /** Local id, stable from the first moment; also sent as X-Client-Request-Id. */
  readonly id: string;
  /** The service's id, once the create succeeded. Opaque. */
  readonly generationId?: string;
  readonly request: JobRequest;
  readonly status: JobStatus;
  /** The last status word the service used. */
  readonly remoteStatus?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When the create POST last left (the usage logs are searched from here). */
  readonly sentAt?: number;
  /**
   * How the service's id was learnt when the create's answer was not: from the lost answer's
   * headers, or from the usage logs. A header id the service does not know (404) sends the
   * job back to the logs, since a failed request is named by a header too.
   */
  readonly identifiedBy?: 'headers' | 'logs';
  /** When the service accepted the job; the timeout counts from here (or from a resume). */
  readonly submittedAt?: number;
  readonly timeoutFrom?: number;
  /**
   * When a check last got an answer about the job (kept to the minute): after a restart, the
   * time since then — VS Code closed, say — does not count towards the timeout.
   */
  readonly checkedAt?: number;
  readonly finishedAt?: number;
  readonly videoUrl?: string;
  readonly videoUrlAt?: number;
  readonly error?: JobError;
  /** A passing problem the job is riding out ("Service busy (503); trying again in 20 s"). */
  readonly notice?: string;
  readonly output?: JobOutput;
  /** What the service said it cost (actual). */
  readonly usage?: Usage;
  /** What it was estimated to cost when it was sent. */
  readonly estimate?: JobEstimate;
  /** The workspace folder the job came from: where its video goes. */
  readonly workspaceFolder?: string;
  /** The job this one extends (its video_url), or continues from a frame of (its start image). */
  readonly parentId?: string;
  /**
   * The shot list this job came from; `take` numbers the takes of a shot that asks for
   * several (saved as `<output>.take-N.mp4`), absent for a shot's single take.
   */
  readonly shotList?: { readonly file: string; readonly index: number; readonly take?: number };
  /** Who asked for it, when not the person directly (absent: the person). */
  readonly origin?: JobOrigin;
}

export function isActive(job: Job): boolean {
  return ACTIVE_STATUSES.has(job.status);
}

export function isFinished(job: Job): boolean {
  return FINISHED_STATUSES.has(job.status);
}

/** A job whose create may have run although its answer was lost: retrying it may bill twice. */
export function mayHaveRun(job: Job): boolean {
  return job.status === 'unconfirmed' || (job.status === 'failed' && (job.error?.kind === 'unconfirmed' || job.error?.kind === 'interrupted'));
}

/**
 * Whether watching a job again can still bring its video: the service knows it and did not
 * fail it (timed out, cancelled, finished without a video URL so far, or failed on our side
 * — a poll or the save).
 */
export function canResume(job: Job): boolean {
  if (!job.generationId) return false;
  if (job.status === 'timedOut' || job.status === 'cancelled') return true;
  return job.status === 'failed' && job.error?.kind !== 'generation';
}
