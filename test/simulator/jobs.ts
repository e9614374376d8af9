// Generation jobs. A job never runs anything: its status is a pure function of the clock
// (created → queueMs → generateMs → outcome), so a test with a fake clock can jump to any
// phase without waiting, and a test with the real clock sees realistic progress.
import type { JobScenario, JobTiming, SimClock, SimJobInfo } from './types';

/** docs/faq/how-can-i-track-my-funds.md: "**Conversion Rate:** $1 USD = 2,000,000 credits". */
export const CREDITS_PER_USD = 2_000_000;

export type Outcome = NonNullable<JobScenario['outcome']>;

export interface Job {
  id: string;
  model: string;
  body: unknown;
  createdAt: number;
  queueMs: number;
  generateMs: number;
  outcome: Outcome;
  errorFormat: NonNullable<JobScenario['errorFormat']>;
  errorMessage: string;
  pendingStatuses: [string, string];
  /** Seconds of video asked for (or the model's default). */
  duration: number;
  /** What a completed job costs (scenario override or price × duration). */
  costUsd: number;
  videoBytes?: number;
  videoFixture?: string;
  urlExpiresAfterMs?: number;
  videoUrlAfterMs?: number;
  /** `id` goes on the wire as a JSON number (JobScenario.idAsNumber). */
  idAsNumber: boolean;
}

/** The id as the answers carry it: a string, or a number for a numeric-id scenario. */
export function wireId(job: Pick<Job, 'id' | 'idAsNumber'>): string | number {
  return job.idAsNumber ? Number(job.id) : job.id;
}

export type Phase = 'queued' | 'generating' | 'done';

export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

export function usdToCredits(usd: number): number {
  return Math.round(usd * CREDITS_PER_USD);
}

export class JobStore {
  private readonly byId = new Map<string, Job>();
  private scenarios: JobScenario[] = [];
  private created = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly timing: (model: string, jobIndex: number) => JobTiming,
  ) {}

  queueScenario(s: JobScenario): void {
    this.scenarios.push({ ...s });
  }

  /**
   * `id` is the one the create minted (a scenario may force another); `costUsd` is what the
   * job will be billed once completed (the price table's charge).
   */
  create(model: string, id: string, body: unknown, duration: number, costUsd: number): Job {
    const scenario = this.scenarios.shift() ?? {};
    const timing = this.timing(model, this.created++);
    const job: Job = {
      id: scenario.id ?? (scenario.idAsNumber ? String(1_000_000 + this.created * 7919) : id),
      idAsNumber: scenario.idAsNumber === true,
      model,
      body,
      createdAt: this.clock.now(),
      queueMs: scenario.queueMs ?? timing.queueMs,
      generateMs: scenario.generateMs ?? timing.generateMs,
      outcome: scenario.outcome ?? 'completed',
      errorFormat: scenario.errorFormat ?? 'object',
      errorMessage: scenario.errorMessage ?? 'Video generation failed: the request was blocked by the content policy',
      pendingStatuses: scenario.pendingStatuses ?? ['queued', 'generating'],
      duration,
      costUsd: roundUsd(scenario.usdSpent ?? (scenario.outcome === 'completedWithoutUrl' ? 0 : costUsd)),
      videoBytes: scenario.videoBytes,
      videoFixture: scenario.videoFixture,
      urlExpiresAfterMs: scenario.urlExpiresAfterMs,
      videoUrlAfterMs: scenario.videoUrlAfterMs,
    };
    this.byId.set(job.id, job);
    return job;
  }

  get(id: string): Job | undefined {
    return this.byId.get(id);
  }

  all(): Job[] {
    return [...this.byId.values()];
  }

  phase(job: Job, now = this.clock.now()): Phase {
    const elapsed = now - job.createdAt;
    if (elapsed < job.queueMs) return 'queued';
    if (elapsed < job.queueMs + job.generateMs || job.outcome === 'neverFinishes') return 'generating';
    return 'done';
  }

  /** The status string the poll endpoint reports right now. */
  status(job: Job, now = this.clock.now()): string {
    const phase = this.phase(job, now);
    if (phase === 'queued') return job.pendingStatuses[0];
    if (phase === 'generating') return job.pendingStatuses[1];
    return job.outcome === 'failed' ? 'error' : 'completed';
  }

  completedAt(job: Job): number {
    return job.createdAt + job.queueMs + job.generateMs;
  }

  /** Whether a completed job's poll answer carries its URL yet (JobScenario.videoUrlAfterMs). */
  videoUrlPublished(job: Job, now = this.clock.now()): boolean {
    return job.videoUrlAfterMs === undefined || now - this.completedAt(job) >= job.videoUrlAfterMs;
  }

  /**
   * request-tracing-and-cost.md: "The charge is recorded after your response was delivered
   * — and, for async video, after the generation reports `completed`." usage-logs.md: "A
   * failed request is billed nothing — the hold is rolled back".
   */
  billedUsd(job: Job, now = this.clock.now()): number {
    if (this.phase(job, now) !== 'done' || job.outcome === 'failed') return 0;
    return job.costUsd;
  }

  /** What every job billed so far cost; with `since`, only jobs completed from then on. */
  totalBilledUsd(now = this.clock.now(), since = -Infinity): number {
    return roundUsd(this.all().reduce((sum, job) => sum + (this.completedAt(job) >= since ? this.billedUsd(job, now) : 0), 0));
  }

  info(): SimJobInfo[] {
    return this.all().map((j) => ({ id: j.id, model: j.model, body: j.body, createdAt: j.createdAt, status: this.status(j) }));
  }

  reset(): void {
    this.byId.clear();
    this.scenarios = [];
    this.created = 0;
  }
}

/** The video URL of a completed job, on the CDN origin (never the API host). */
export function videoUrl(cdnUrl: string, id: string): string {
  return `${cdnUrl}/videos/${encodeURIComponent(id)}.mp4`;
}

/** The poll answer's `error` for a failed job, in the scenario's format. */
function errorOf(job: Job): unknown {
  switch (job.errorFormat) {
    case 'string':
      // Not in the provider's docs; the provider's n8n node accepts it (`typeof candidate.error === 'string'`).
      return job.errorMessage;
    case 'detail':
      // kling-ai/v1.6-pro-effects.md's sample: `'error': {'detail': [{'loc': …, 'msg': …, 'type': …, 'input': …}]}`.
      return { detail: [{ loc: ['body', 'prompt'], msg: job.errorMessage, type: 'generation_error', input: null }] };
    case 'object':
      // universal-video-fetch.json: `error: nullable {name, message}`, both required.
      return { name: 'GenerationError', message: job.errorMessage };
  }
}

/**
 * The body of `GET /v2/video/generations` for one job at one moment, as
 * universal-video-fetch.json has it: `id`, `status`, `video: {url}`, `error`, `meta.usage`
 * with `credits_used` only (no `usd_spent`: that is in the lite create schemas alone).
 * Docs silent on which keys a pending or failed answer carries: we send the required `id`
 * and `status`, plus `video`/`error` once the job ended (no `meta`: nothing was charged).
 */
export function pollBody(store: JobStore, job: Job, cdnUrl: string): Record<string, unknown> {
  const status = store.status(job);
  const id = wireId(job);
  if (store.phase(job) !== 'done') return { id, status };
  switch (job.outcome) {
    case 'failed':
      return { id, status, video: null, error: errorOf(job) };
    case 'completedWithoutUrl':
      // Docs silent on `completed` with no `video` (the schema allows `video: null`).
      return { id, status, video: null, error: null };
    default:
      // Not published yet (a scenario's videoUrlAfterMs): completed, and no video so far.
      if (!store.videoUrlPublished(job)) return { id, status, video: null, error: null };
      return { id, status, video: { url: videoUrl(cdnUrl, job.id) }, error: null, meta: { usage: { credits_used: usdToCredits(job.costUsd) } } };
  }
}
