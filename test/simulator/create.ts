// POST /v2/video/generations: one create request from arrival to answer — its tracing
// headers, its usage-log row, and the faults that strike after the job already exists.
import type { PriceBook } from './catalog';
import type { Exchange } from './exchange';
import { tryParseJson } from './exchange';
import { applyFault } from './faults';
import { mintId } from './ids';
import { type JobStore, roundUsd, wireId } from './jobs';
import type { LogBook } from './logs';
import { findModel, type ModelSpec } from './models';
import { setTracing } from './tracing';
import type { FaultSpec } from './types';
import { validateCreateBody } from './validation';

export interface CreateContext {
  readonly jobs: JobStore;
  readonly prices: PriceBook;
  readonly logs: LogBook;
  /** USD left to spend. */
  remainingUsd(): number;
  /** The valid key the request carries, if any. */
  keyOf(ex: Exchange): string | undefined;
  /** The valid X-Client-Request-Id it carries, if any. */
  clientRequestIdOf(ex: Exchange): string | undefined;
}

export class CreateRequest {
  private readonly body: Record<string, unknown> | undefined;
  private readonly spec: ModelSpec | undefined;
  private readonly requestedModel: string;
  /** The id this request is answered under until (unless) a job gets another one. */
  private inferenceId: string;
  private logged = false;

  constructor(
    private readonly ex: Exchange,
    private readonly ctx: CreateContext,
    private readonly text: string,
  ) {
    const parsed = tryParseJson(text);
    this.body = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>) : undefined;
    const model = this.body?.['model'];
    this.requestedModel = typeof model === 'string' ? model : '';
    this.spec = findModel(this.requestedModel);
    // request-tracing-and-cost.md: `x-inference-id` | "Always". A create that makes no job
    // still gets an id (docs silent on which: we mint a fresh one in the model's shape, or a
    // nanoid — the shape of the page's example `V1StGXR8Z5jdHi6BmyT8k` — for an unknown model).
    this.inferenceId = mintId(this.spec?.idStyle ?? 'nanoid', this.spec?.id ?? '');
    // Docs silent on what an async create's `x-aimlapi-*` carry: we send 0, since "for async
    // video" the charge is recorded "after the generation reports `completed`".
    setTracing(ex, this.inferenceId, 0);
  }

  /**
   * usage-logs.md: "`GET /v2/logs` returns **one row per request**" and "lists **failed
   * requests too**". Every create made with a valid key gets one, with its inference id and
   * X-Client-Request-Id; docs silent on polls, which get none (they are free reads).
   */
  private log(jobId: string | undefined): void {
    if (this.logged) return;
    this.logged = true;
    const key = this.ctx.keyOf(this.ex);
    if (key === undefined) return;
    this.ctx.logs.record({
      at: this.ex.record?.at ?? 0,
      key,
      // logs-v2.json `model`: "Model the request was made to, as `source/alias`."
      model: this.spec?.id ?? this.requestedModel,
      requestId: this.ex.requestId,
      inferenceId: this.inferenceId,
      clientRequestId: this.ctx.clientRequestIdOf(this.ex) ?? null,
      jobId,
    });
  }

  /** A fault answered before the service saw the request: no job, a `failed` row. */
  refusedByFault(): void {
    this.log(undefined);
  }

  /** Refusals the service makes itself: 401 (no row: no key), 413, 400, 403. */
  private refuse(status: number, message?: string, extra?: Record<string, unknown>): void {
    this.log(undefined);
    this.ex.error(status, message, extra);
  }

  /** Handles the request; `fault` is a `created` fault to apply once the job exists. */
  async run(authorized: boolean, tooLarge: boolean, fault: FaultSpec | undefined, pendingWaits: Set<() => void>): Promise<void> {
    if (!authorized) return this.refuse(401);
    if (tooLarge) return this.refuse(413);
    const parsed = tryParseJson(this.text);
    if (!parsed.ok) {
      return this.refuse(400, 'Body validation error!', {
        errors: [{ code: 'invalid_type', expected: 'object', received: 'undefined', path: [], message: 'Request body is not valid JSON' }],
      });
    }
    const result = validateCreateBody(parsed.value);
    if (!result.ok) return this.refuse(400, 'Body validation error!', { errors: result.issues });
    const cost = roundUsd(this.ctx.prices.charge(result.spec, parsed.value as Record<string, unknown>, result.duration));
    // errors-with-status-code-4xx.md: "**403 Forbidden** — The request is authenticated but
    // not allowed (e.g., no credits)". Refused up front when the balance cannot pay for it.
    if (this.ctx.remainingUsd() < cost) return this.refuse(403, 'Insufficient credits');

    const job = this.ctx.jobs.create(result.spec.id, this.inferenceId, parsed.value, result.duration, cost);
    // "For an asynchronous generation it is the same id that submit returned as
    // `generation_id`, so a submit and its polls share one id." (The Veo create returns it as `id`.)
    this.inferenceId = job.id;
    setTracing(this.ex, job.id, 0);
    this.log(job.id);

    let truncateAt: number | undefined;
    if (fault) {
      const applied = await applyFault(this.ex, fault, pendingWaits, (status) => this.ex.error(status));
      if (applied.handled) return;
      truncateAt = applied.delivery.truncateAt;
    }
    const answer = this.answerBody(wireId(job), this.ctx.jobs.status(job), result.spec);
    if (truncateAt !== undefined) this.ex.truncatedJson(200, answer, truncateAt);
    else this.ex.json(200, answer);
  }

  /**
   * The create schemas' 200 (required `["id","status"]`). Models whose schema adds
   * `usd_spent` to `meta.usage` (ModelSpec.usdSpentOnCreate) carry both usage fields,
   * 0 at submit for the reason given in the constructor. Docs silent on `meta` in the others'
   * create answers: we leave it out.
   */
  private answerBody(id: string | number, status: string, spec: ModelSpec): Record<string, unknown> {
    if (!spec.usdSpentOnCreate) return { id, status };
    return { id, status, meta: { usage: { credits_used: 0, usd_spent: 0 } } };
  }
}
