// Typed errors of the AI/ML API client. Each says, in words a person can act on, what
// happened and what to do; `kind` lets callers branch without instanceof chains, and
// `retryable` says whether polling again later can help (never used to re-POST a create).
import type { FieldIssue } from '../catalog/catalog';

export type ApiErrorKind =
  | 'auth'
  | 'quota'
  | 'notFound'
  | 'rateLimit'
  | 'service'
  | 'network'
  | 'timeout'
  | 'shape'
  | 'validation'
  | 'cancelled'
  | 'config'
  | 'keyStore';

export abstract class ApiError extends Error {
  abstract readonly kind: ApiErrorKind;
  /** Whether the same request may succeed if tried again later. */
  abstract readonly retryable: boolean;
  /** What the service itself said, when it said something. */
  readonly serviceMessage: string | undefined;
  /**
   * The response's headers, when an answer began to arrive (lower-case names). A create
   * whose body was lost may still name its generation here (`x-inference-id`).
   */
  headers?: ReadonlyMap<string, string>;

  constructor(message: string, serviceMessage?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.serviceMessage = serviceMessage;
  }
}

/** 401, or no key at all. */
export class AuthError extends ApiError {
  readonly kind = 'auth';
  readonly retryable = false;
  constructor(readonly reason: 'missing' | 'rejected', serviceMessage?: string, message?: string) {
    super(
      message ??
        (reason === 'missing'
          ? 'No AI/ML API key is set. Run "Veo Studio: Set API Key".'
          : 'The AI/ML API rejected the API key (401). Check it, then set it again with "Veo Studio: Set API Key".'),
      serviceMessage,
    );
  }
}

/** 403: out of credits, or a key without the video scope. */
export class QuotaError extends ApiError {
  readonly kind = 'quota';
  readonly retryable = false;
  constructor(serviceMessage?: string) {
    super(
      `The AI/ML API refused the request (403${serviceMessage ? `: ${serviceMessage}` : ''}). Top up your balance or check that the key may generate video.`,
      serviceMessage,
    );
  }
}

/** 404 on a generation id: the service no longer knows the job. */
export class NotFoundError extends ApiError {
  readonly kind = 'notFound';
  readonly retryable = false;
  constructor(what: string, serviceMessage?: string) {
    super(`The AI/ML API does not know ${what} (404). The job may have expired on the server.`, serviceMessage);
  }
}

/** 429: rate or concurrency limit. `retryAfterMs` when the service said how long to wait. */
export class RateLimitError extends ApiError {
  readonly kind = 'rateLimit';
  readonly retryable = true;
  constructor(readonly retryAfterMs: number | undefined, serviceMessage?: string) {
    super(
      `The AI/ML API is rate-limiting requests (429)${retryAfterMs !== undefined ? `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''}. Veo Studio will try again.`,
      serviceMessage,
    );
  }
}

/**
 * 5xx: passing trouble, retried while polling. A 504 is usually a proxy or gateway that gave
 * up waiting (the provider's page explains it both as "Generation timeout" and as "a
 * downstream service … returned an invalid response"): on a status check the job may well
 * still be generating, so it is retried like the others. On a create every 5xx is an
 * ambiguous outcome (createOutcome.ts), never a reason to send again.
 */
export class ServiceError extends ApiError {
  readonly kind = 'service';
  readonly retryable = true;
  constructor(readonly status: number, serviceMessage?: string) {
    super(
      status === 504
        ? `The AI/ML API did not answer in time (504${serviceMessage ? `: ${serviceMessage}` : ''}).`
        : `The AI/ML API had a problem (${status}${serviceMessage ? `: ${serviceMessage}` : ''}).`,
      serviceMessage,
    );
  }
}

/** The request never got an answer: refused connection, reset, DNS, dropped socket. */
export class NetworkError extends ApiError {
  readonly kind = 'network';
  readonly retryable = true;
  constructor(host: string, cause: unknown) {
    super(`Could not reach ${host}: ${cause instanceof Error ? cause.message : String(cause)}. Check your connection.`, undefined, { cause });
  }
}

/** No complete answer within the request's deadline. */
export class TimeoutError extends ApiError {
  readonly kind = 'timeout';
  readonly retryable = true;
  constructor(host: string, readonly timeoutMs: number) {
    super(`${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
}

/** The answer was not what the docs describe; `field` names the first bad field. */
export class ResponseShapeError extends ApiError {
  readonly kind = 'shape';
  readonly retryable = true;
  constructor(readonly field: string, detail: string) {
    super(`The AI/ML API sent an answer Veo Studio does not understand (${field}: ${detail}).`);
  }
}

/** 400: the service refused the body; `issues` carries its detail per field. */
export class ValidationError extends ApiError {
  readonly kind = 'validation';
  readonly retryable = false;
  constructor(readonly issues: readonly FieldIssue[], serviceMessage?: string) {
    super(
      issues.length
        ? issues.map((i) => (i.field && i.field !== 'request' ? `${i.field}: ${i.message}` : i.message)).join('; ')
        : (serviceMessage ?? 'The request is not valid.'),
      serviceMessage,
    );
  }
}

/** The caller aborted the request (the user cancelled); not a failure to report. */
export class CancelledError extends ApiError {
  readonly kind = 'cancelled';
  readonly retryable = false;
  constructor() {
    super('Cancelled.');
  }
}

/** A setting that cannot be used as it is (e.g. an http API URL on a remote host). */
export class ConfigurationError extends ApiError {
  readonly kind = 'config';
  readonly retryable = false;
}

/**
 * The key could not be read from where it is kept (VS Code's secret storage: the system
 * keychain, which may be locked, or missing on Linux without a keyring). No request left,
 * and none will until the person mends the keychain: not retried, and not an outage (a
 * job's deadline does not wait for it).
 */
export class KeyStoreError extends ApiError {
  readonly kind = 'keyStore';
  readonly retryable = false;
  constructor(cause: unknown) {
    super(
      `Veo Studio could not get to the API key in VS Code's secret storage (the system keychain): ${cause instanceof Error ? cause.message : String(cause)}. Unlock the keychain (on Linux, VS Code needs a keyring such as GNOME Keyring or KWallet) and try again; a job that was running goes on with Resume.`,
      undefined,
      { cause },
    );
  }
}

/**
 * Whether a request failed without reaching the service at all (no connection, no answer in
 * time): the network, not the service, is the trouble. A job's deadline waits while this
 * holds, and the first answer after it wakes up whatever waits for the network.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof TimeoutError;
}

/** Whether a failed request still got an answer from the service (an HTTP status it chose). */
export function isServiceAnswer(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    !isUnreachable(error) &&
    !(error instanceof CancelledError) &&
    !(error instanceof ConfigurationError) &&
    !(error instanceof ResponseShapeError) &&
    !(error instanceof KeyStoreError) &&
    !(error instanceof AuthError && error.reason === 'missing')
  );
}
