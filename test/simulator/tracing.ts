// The tracing headers of inference responses (create and poll), per aimlapi/api-docs
// docs/capabilities/request-tracing-and-cost.md (@935b91ee):
//
//   | `x-inference-id`         | Always                                      |
//   | `x-client-request-id`    | When you sent a valid `X-Client-Request-Id` |
//   | `x-aimlapi-credits-used` | Non-streaming JSON responses                |
//   | `x-aimlapi-usd-spent`    | Non-streaming JSON responses                |
import type { Exchange } from './exchange';
import { usdToCredits } from './jobs';

/**
 * "The value must be **1–128 characters** from `A–Z`, `a–z`, `0–9`, `.`, `_`, `:` and `-`."
 * "A value outside that alphabet — or longer than 128 characters — is **silently dropped**.
 * Your request still runs".
 */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function validClientRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && CLIENT_REQUEST_ID.test(value) ? value : undefined;
}

/** "All four headers are listed in `Access-Control-Expose-Headers`". */
const EXPOSED = 'x-inference-id, x-client-request-id, x-aimlapi-credits-used, x-aimlapi-usd-spent';

/**
 * Sets the headers every answer to this inference request will carry (fault answers too).
 * Docs silent on which answers are "JSON": every answer on an inference route carries the
 * spend pair, the fault answers included (they are JSON but for the deliberately unreadable ones).
 * `inferenceId` undefined leaves `x-inference-id` out (a malformed poll id).
 */
export function setTracing(ex: Exchange, inferenceId: string | undefined, usd: number): void {
  if (inferenceId === undefined) delete ex.baseHeaders['x-inference-id'];
  else ex.baseHeaders['x-inference-id'] = inferenceId;
  if (ex.record) ex.record.inferenceId = inferenceId;
  // "`x-aimlapi-credits-used` is an integer count of credits; `x-aimlapi-usd-spent` is the
  // same amount in USD." Written like the page's example `0.001240000` (nine decimals).
  ex.baseHeaders['x-aimlapi-credits-used'] = String(usdToCredits(usd));
  ex.baseHeaders['x-aimlapi-usd-spent'] = usd.toFixed(9);
  ex.baseHeaders['access-control-expose-headers'] = EXPOSED;
}
