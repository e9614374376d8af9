// GET /v2/logs: one row per request, from an "analytics pipeline" that lags behind. Quotes
// are from aimlapi/api-docs docs/api-references/service-endpoints/usage-logs.md (@c8810928)
// and logs-v2.json (@935b91ee).
import type { Exchange } from './exchange';
import { type JobStore, roundUsd, usdToCredits } from './jobs';

/** One create the service saw, as the pipeline will report it. */
export interface LogEntry {
  at: number;
  /** The key it was made with; requests without a valid key have no row (nobody to list them for). */
  key: string;
  model: string;
  requestId: string;
  inferenceId: string;
  clientRequestId: string | null;
  /** The job it created, if it created one. */
  jobId?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** logs-v2.json `end`: "the window must not exceed 92 days". */
const MAX_WINDOW_MS = 92 * DAY;
/** usage-logs.md: "`429` | Over 200 requests per 60 seconds". */
const RATE_LIMIT = 200;
const RATE_WINDOW_MS = 60_000;
/** logs-v2.json `model`: "up to 50 values". */
const MAX_MODELS = 50;

/** The first 8 characters of a key: key-get.json `prefix`: "This is the first 8 characters of your API key". */
export function keyPrefix(key: string): string {
  return key.slice(0, 8);
}

/**
 * logs-v2.json `start`: "Window start, ISO-8601. A value without a UTC offset is read as
 * UTC." Accepts a date, or a date and time with optional seconds, fraction and offset.
 */
export function parseIsoUtc(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, hh, mm, ss, zone] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Date.parse rolls 2026-02-30 over to March: refuse dates that do not exist.
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59)) return undefined;
  const ms = Date.parse(hh === undefined ? `${text.trim()}T00:00:00Z` : zone === undefined ? `${text.trim()}Z` : text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

type Window = { ok: true; from: number; to: number } | { ok: false; message: string };

/**
 * usage-logs.md, 400: "Neither `period` nor `start`+`end`, or both; a malformed date or
 * period; `end` earlier than `start`; window over 92 days". logs-v2.json `period`:
 * "Relative window: a positive integer followed by `h` or `d`". Docs silent on a `period`
 * over 92 days: we refuse it like a `start`+`end` window over 92 days.
 */
function windowOf(url: URL, now: number): Window {
  const period = url.searchParams.get('period');
  const start = url.searchParams.get('start');
  const end = url.searchParams.get('end');
  if (period !== null && (start !== null || end !== null)) return { ok: false, message: 'Provide either period or both start and end, never both' };
  if (period !== null) {
    const m = /^(\d+)([hd])$/.exec(period);
    const n = m ? Number(m[1]) : 0;
    if (!m || !Number.isSafeInteger(n) || n <= 0) return { ok: false, message: `Invalid period '${period}': expected a positive integer followed by h or d, e.g. 24h or 7d` };
    const span = n * (m[2] === 'h' ? HOUR : DAY);
    if (span > MAX_WINDOW_MS) return { ok: false, message: 'The window must not exceed 92 days' };
    return { ok: true, from: now - span, to: now };
  }
  if (start === null && end === null) return { ok: false, message: 'Provide either period or both start and end' };
  if (start === null || end === null) return { ok: false, message: 'start must be used together with end' };
  const from = parseIsoUtc(start);
  const to = parseIsoUtc(end);
  if (from === undefined) return { ok: false, message: `Invalid start '${start}': expected an ISO-8601 date` };
  if (to === undefined) return { ok: false, message: `Invalid end '${end}': expected an ISO-8601 date` };
  if (to < from) return { ok: false, message: 'end must not be earlier than start' };
  if (to - from > MAX_WINDOW_MS) return { ok: false, message: 'The window must not exceed 92 days' };
  return { ok: true, from, to };
}

/** A non-negative integer query value, or undefined when it is not one. */
function intParam(url: URL, name: string, fallback: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
}

export class LogBook {
  private entries: LogEntry[] = [];
  private readonly served = new Map<string, number[]>();

  constructor(
    private readonly jobs: JobStore,
    public delayMs: number,
  ) {}

  record(entry: LogEntry): void {
    this.entries.push(entry);
  }

  reset(delayMs: number): void {
    this.entries = [];
    this.served.clear();
    this.delayMs = delayMs;
  }

  /**
   * One row as the pipeline reports it at `now`. Docs silent on the lag: the pipeline sees
   * the world as it was `delayMs` ago, so a row appears `delayMs` after its request, and its
   * cost `delayMs` after the job completed. Docs silent on an unfinished async video: we
   * choose that its row exists at once, `succeeded` with zero cost, and turns `failed` if
   * the generation ends in `error` (usage-logs.md: "lists **failed requests too**, with a
   * zero `cost`") or gets its cost when it completes (request-tracing-and-cost.md: "for
   * async video, after the generation reports `completed`"). A create that made no job
   * (refused, or lost to a fault before the service) is `failed`.
   */
  private row(e: LogEntry, now: number): Record<string, unknown> {
    const seenAt = now - this.delayMs;
    const job = e.jobId === undefined ? undefined : this.jobs.get(e.jobId);
    let status = 'failed';
    let usd = 0;
    if (job) {
      const failed = job.outcome === 'failed' && this.jobs.phase(job, seenAt) === 'done';
      status = failed ? 'failed' : 'succeeded';
      usd = roundUsd(this.jobs.billedUsd(job, seenAt));
    }
    return {
      created: new Date(e.at).toISOString(),
      status,
      origin: 'api',
      model: e.model,
      cost: { usd, credits: usdToCredits(usd) },
      // logs-v2.json: "Zero for models that are not billed per token."
      tokens: { input: 0, output: 0, total: 0 },
      request_id: e.requestId,
      inference_id: e.inferenceId,
      client_request_id: e.clientRequestId,
    };
  }

  /** GET /v2/logs for an authenticated `key`. */
  handle(ex: Exchange, key: string, now: number): void {
    const url = ex.url;
    // Docs silent on how the window counts: every request answered (not the refused ones)
    // counts, per key, over the last 60 s. Docs silent on Retry-After: we send the seconds
    // until the oldest counted request leaves the window.
    const recent = (this.served.get(key) ?? []).filter((t) => t > now - RATE_WINDOW_MS);
    this.served.set(key, recent);
    if (recent.length >= RATE_LIMIT) {
      const wait = Math.max(1, Math.ceil(((recent[0] ?? now) + RATE_WINDOW_MS - now) / 1000));
      ex.error(429, 'Too Many Requests', {}, { 'retry-after': String(wait) });
      return;
    }
    recent.push(now);

    const window = windowOf(url, now);
    if (!window.ok) return ex.error(400, window.message);
    // logs-v2.json `key_prefix`: "Listing the requests of a different key requires a
    // management key." usage-logs.md: "`403` | A regular key naming another key's prefix".
    const prefix = url.searchParams.get('key_prefix');
    if (prefix !== null && prefix !== keyPrefix(key)) return ex.error(403, 'Listing the requests of a different key requires a management key');
    // "The `model` and `status` filters do **not** split on commas — repeat the parameter instead"
    const models = url.searchParams.getAll('model');
    if (models.length > MAX_MODELS) return ex.error(400, `At most ${MAX_MODELS} model values`);
    const statuses = url.searchParams.getAll('status');
    // "`?status=succeeded,failed` is not a valid status at all and returns `400`."
    const badStatus = statuses.find((s) => s !== 'succeeded' && s !== 'failed');
    if (badStatus !== undefined) return ex.error(400, `Invalid status '${badStatus}': expected succeeded or failed`);
    // logs-v2.json `limit`: "Rows per page, 1-100." default 50; `offset` default 0.
    const limit = intParam(url, 'limit', 50);
    if (limit === undefined || limit < 1 || limit > 100) return ex.error(400, 'limit must be an integer from 1 to 100');
    const offset = intParam(url, 'offset', 0);
    if (offset === undefined) return ex.error(400, 'offset must be a non-negative integer');

    const visible = this.entries
      .filter((e) => e.key === key && e.at + this.delayMs <= now && e.at >= window.from && e.at <= window.to)
      // "Accepts `source/alias` (`openai/gpt-5`) or a bare alias (`gpt-5`), matched exactly."
      .filter((e) => models.length === 0 || models.some((m) => m === e.model || m === e.model.slice(e.model.indexOf('/') + 1)))
      .map((e) => this.row(e, now))
      .filter((r) => statuses.length === 0 || statuses.includes(r['status'] as string))
      // "One row per request made in the window, newest first." (stable for equal times: later first)
      .reverse()
      .sort((a, b) => Date.parse(b['created'] as string) - Date.parse(a['created'] as string));
    const data = visible.slice(offset, offset + limit);
    ex.json(200, { data, pagination: { limit, offset, total: visible.length, has_more: offset + data.length < visible.length } });
  }
}
