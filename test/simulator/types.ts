// The public contract of the Veo API simulator. Kept in its own module so the pieces
// (jobs, faults, CDN) can share it without importing the composition root; simulator.ts
// re-exports every name, and callers should import from there.
import type { PricingOverride } from './pricing';

export type { PricingOverride } from './pricing';

/** Time source in ms. Tests pass a fake one to walk jobs through their phases instantly. */
export interface SimClock {
  now(): number;
}

/** How long a job stays in each pending phase. */
export interface JobTiming {
  queueMs: number;
  generateMs: number;
}

export interface SimulatorOptions {
  /** Valid Bearer keys; default ['sim-test-key']. */
  apiKeys?: string[];
  /** 0/undefined = random free port; always bound to 127.0.0.1. */
  port?: number;
  cdnPort?: number;
  clock?: SimClock;
  /** Default { queueMs: 300, generateMs: 1200 } for every job. */
  timing?: (model: string, jobIndex: number) => JobTiming;
  /** Starting balance; completed jobs are billed against it. Default 25. */
  balanceUsd?: number;
  /**
   * Price overrides in USD per second of video, applied to the built-in price table (and so
   * to what a finished job is billed). A key is either a model id (every rate of that
   * model) or `<model id>@<resolution>` (the variants of one resolution, e.g.
   * 'google/veo-3.1-t2v@720p'). Other models keep the built-in prices.
   */
  pricePerSecondUsd?: Record<string, number>;
  /**
   * Replaces a model's whole `pricing` object (key: model id or alias, any case), e.g.
   * `{ 'google/veo-3.1-i2v': 'variable' }` or a `fixed` table, or any JSON value a test
   * wants the client to meet. Billing reads the same object; what it cannot read (a
   * `variable` price, a made-up shape) is billed at the model's built-in rate.
   */
  pricing?: Record<string, PricingOverride>;
  /**
   * How long after a request its `GET /v2/logs` row appears, and after a job completed its
   * cost does (default 3000 ms, on the simulator's clock). 0 = at once.
   */
  logsDelayMs?: number;
  /** Fields of `GET /v1/key`'s `data` to answer instead of the defaults (scopes, limit, …). */
  keyInfo?: Partial<KeyInfo>;
  /**
   * The clip completed jobs serve (a file name in test/fixtures, e.g. 'colour-cuts.mp4',
   * whose frames have known colours), instead of sample.mp4. A scenario may choose its own.
   */
  videoFixture?: string;
}

/** key-get.json's `data`. */
export interface KeyInfo {
  name: string | null;
  disabled: boolean;
  prefix: string;
  scopes: string[] | null;
  limit: { retention: 'no_reset' | 'day' | 'week' | 'month'; threshold: number } | null;
  created_at: string;
  updated_at: string;
  monthly_usage: number;
}

/** Applies to the next created job (FIFO queue of scenarios). */
export interface JobScenario {
  /** Force the generation id (e.g. a short one '99yQK3XQ6vTZyO9_kHzfS'). */
  id?: string;
  /**
   * Send `id` as a JSON number in the create and poll answers (the id is then digits: the
   * forced `id`, or a fresh one). docs/service.md, "Ids": older video routes of the provider
   * answered numeric ids; the Veo schemas say string. A client must treat ids as opaque.
   */
  idAsNumber?: boolean;
  queueMs?: number;
  generateMs?: number;
  outcome?: 'completed' | 'failed' | 'completedWithoutUrl' | 'neverFinishes';
  /**
   * How `error` is sent for outcome 'failed': 'object' {name, message} (the schema, default),
   * 'string' (not documented), 'detail' (the Kling sample's `{detail: [{loc, msg, type, input}]}`).
   */
  errorFormat?: 'object' | 'string' | 'detail';
  errorMessage?: string;
  /** Names used instead of ['queued', 'generating'], e.g. ['waiting', 'active']. */
  pendingStatuses?: [string, string];
  /** Serve a generated body of this many bytes instead of the fixture. */
  videoBytes?: number;
  /** Serve this clip from test/fixtures (e.g. 'colour-cuts.mp4') instead of the default one. */
  videoFixture?: string;
  /** The CDN answers 403 for this video after that long past completion. */
  urlExpiresAfterMs?: number;
  /**
   * A `completed` job whose poll answers carry `video: null` for this long after completion,
   * and the URL only then (a video still being published). Docs silent on `completed`
   * without a video: the schema allows `video: null`, and a client must not read it as final.
   */
  videoUrlAfterMs?: number;
  /** What the job is billed once completed, instead of the price table's charge. */
  usdSpent?: number;
}

export type FaultTarget = 'create' | 'poll' | 'billing' | 'pricing' | 'key' | 'logs' | 'cdn' | 'any';

/** FIFO per target; each fault is used `times` times (default 1). */
export interface FaultSpec {
  on: FaultTarget;
  /** Answer with this status and a documented error body. */
  status?: number;
  /**
   * Raw Retry-After header value ('7' or an HTTP date). Without `status`, implies 429.
   * Docs silent: "Retry-After" appears nowhere in aimlapi/api-docs. The simulator sends it
   * because real gateways do, and the client must survive both with and without it.
   */
  retryAfter?: string;
  /** Override the JSON body of the error. Without `status`, implies 500. */
  body?: unknown;
  /** 200 with a body that is not JSON. */
  malformed?: boolean;
  /** 200 with this JSON instead of the real answer. */
  wrongShape?: unknown;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /**
   * create only: the service accepted the request first — the job exists, will complete
   * and bill, and has its usage-log row — and only then the fault shapes the answer:
   * with `drop`, the socket is destroyed before any byte; with `status` (e.g. 502), that
   * error answer, with the tracing headers; with `malformed` or `truncateAt`, a 200 whose
   * body cannot be read; with `delayMs` alone, the real answer, late. A create the service
   * would refuse (401, 400, 403) is refused as usual, and the fault is used up.
   */
  created?: boolean;
  /** Answer (normally, or with the fault above) only after this long (real ms). */
  delayMs?: number;
  /**
   * Declare the full Content-Length but send only this many bytes, then end the socket.
   * cdn: of the video; create with `created`: of the real JSON answer.
   */
  truncateAt?: number;
  /** cdn only: stream the body no faster than this (a slow network, to interrupt a download mid-way). */
  bytesPerSecond?: number;
  times?: number;
}

export interface RecordedRequest {
  origin: 'api' | 'cdn';
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as received. */
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else undefined. */
  body?: unknown;
  /** The text as received (truncated over 1 MB). */
  rawBody?: string;
  /** Clock time. */
  at: number;
  /** What the simulator answered (undefined if dropped). */
  status?: number;
  /** The fault this request drew, if any: tests count them (`requests.filter(r => r.fault)`). */
  fault?: FaultSpec;
  /** The `x-inference-id` it was answered with (or would have been, when dropped). */
  inferenceId?: string;
}

export interface SimJobInfo {
  id: string;
  model: string;
  body: unknown;
  createdAt: number;
  status: string;
}

export interface VeoSimulator {
  readonly apiUrl: string;
  readonly cdnUrl: string;
  readonly requests: RecordedRequest[];
  /** The recorded POST requests (job submissions), oldest first. */
  posts(): RecordedRequest[];
  /** True if any request to the CDN origin carried an Authorization header. */
  cdnAuthorizationSeen(): boolean;
  /** The most CDN requests that were open at the same time since the last reset. */
  cdnPeakConcurrency(): number;
  nextJob(s: JobScenario): void;
  fault(f: FaultSpec): void;
  /**
   * Drops every fault still queued, leaving jobs and requests as they are: the network (or
   * the gateway) is back. With `drop` faults queued `times: 10_000`, a test plays "offline".
   */
  clearFaults(): void;
  jobs(): SimJobInfo[];
  /**
   * Replaces one model's `pricing` object (see SimulatorOptions.pricing); `undefined`
   * restores the model's price from the options. Throws for an unknown model.
   */
  setPricing(model: string, pricing: PricingOverride | undefined): void;
  /** Changes SimulatorOptions.logsDelayMs from now on. */
  setLogsDelayMs(ms: number): void;
  /** Forget jobs, scenarios, faults, requests, log rows; prices and the logs delay go back to the options. */
  reset(): void;
  close(): Promise<void>;
}
