// The public contract of the Veo API simulator. Kept in its own module so the pieces
// (jobs, faults, CDN) can share it without importing the composition root; simulator.ts
// re-exports every name, and callers should import from there.

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
   * Price overrides in USD per second of video. A key is either a model id (every
   * resolution of that model) or `<model id>@<resolution>` (one variant, e.g.
   * 'google/veo-3.1-t2v@720p'). Other models keep the built-in prices.
   */
  pricePerSecondUsd?: Record<string, number>;
}

/** Applies to the next created job (FIFO queue of scenarios). */
export interface JobScenario {
  /** Force the generation id (e.g. a short one '99yQK3XQ6vTZyO9_kHzfS'). */
  id?: string;
  queueMs?: number;
  generateMs?: number;
  outcome?: 'completed' | 'failed' | 'completedWithoutUrl' | 'neverFinishes';
  /** How `error` is sent for outcome 'failed' (default object {name, message}). */
  errorFormat?: 'object' | 'string';
  errorMessage?: string;
  /** Names used instead of ['queued', 'generating'], e.g. ['waiting', 'active']. */
  pendingStatuses?: [string, string];
  /** Serve a generated body of this many bytes instead of the fixture. */
  videoBytes?: number;
  /** The CDN answers 403 for this video after that long past completion. */
  urlExpiresAfterMs?: number;
  usdSpent?: number;
}

export type FaultTarget = 'create' | 'poll' | 'billing' | 'pricing' | 'key' | 'cdn' | 'any';

/** FIFO per target; each fault is used `times` times (default 1). */
export interface FaultSpec {
  on: FaultTarget;
  /** Answer with this status and a documented error body. */
  status?: number;
  /** Raw Retry-After header value ('7' or an HTTP date). Without `status`, implies 429. */
  retryAfter?: string;
  /** Override the JSON body of the error. Without `status`, implies 500. */
  body?: unknown;
  /** 200 with a body that is not JSON. */
  malformed?: boolean;
  /** 200 with this JSON instead of the real answer. */
  wrongShape?: unknown;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Answer (normally, or with the fault above) only after this long (real ms). */
  delayMs?: number;
  /** cdn only: declare the full Content-Length but send only this many bytes, then end the socket. */
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
  nextJob(s: JobScenario): void;
  fault(f: FaultSpec): void;
  jobs(): SimJobInfo[];
  /** Forget jobs, scenarios, faults, requests. */
  reset(): void;
  close(): Promise<void>;
}
