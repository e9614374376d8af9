// What can go wrong while saving a video, as one typed error with words a person can act
// on: expired links, refused redirects, sizes over the cap, cut connections, full disks.
import { errorCode } from '../util/errorCode';
import { formatBytes } from '../util/format';

export type DownloadErrorKind = 'insecure' | 'redirects' | 'http' | 'expired' | 'tooLarge' | 'truncated' | 'stalled' | 'network' | 'cancelled' | 'disk';

export class DownloadError extends Error {
  override readonly name = 'DownloadError';

  constructor(
    readonly kind: DownloadErrorKind,
    message: string,
    /** True when trying again later (or, for 'expired', with a fresh URL) may succeed. */
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function tooLarge(maxBytes: number, declared?: number): DownloadError {
  const size = declared === undefined ? 'The video is larger than' : `The video is ${formatBytes(declared)}, larger than`;
  return new DownloadError('tooLarge', `${size} the ${formatBytes(maxBytes)} limit (veoStudio.maxDownloadMB). Nothing was saved.`, false);
}

/** Words for the system errors a person can act on; the code stays in the message for searching. */
export function networkReason(error: unknown): string {
  const code = errorCode(error) ?? errorCode(typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined);
  switch (code) {
    case 'ECONNREFUSED':
      return 'the server refused the connection (ECONNREFUSED)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the server's name could not be resolved (${code}); check the internet connection`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the connection was cut (${code})`;
    case 'ETIMEDOUT':
      return 'the connection timed out (ETIMEDOUT)';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server's TLS certificate was not accepted (${code})`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function diskReason(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the folder is on a read-only drive';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of the folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export function diskError(folder: string, error: unknown): DownloadError {
  return new DownloadError('disk', `The video could not be saved in ${folder}: ${diskReason(error)}.`, false, undefined, { cause: error });
}

export function statusError(status: number, statusText: string, host: string): DownloadError {
  const what = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 403 || status === 404 || status === 410) {
    // Signed CDN links expire; the job's poll answer carries a fresh one.
    return new DownloadError('expired', `The video link has expired or is no longer valid (${what} from ${host}). A fresh link can be requested from the service.`, true, status);
  }
  const retryable = status >= 500 || status === 408 || status === 429;
  const hint = retryable ? ' This is usually temporary.' : '';
  return new DownloadError('http', `The video server answered ${what} (${host}).${hint}`, retryable, status);
}


export function truncated(received: number, declared: number, host: string, cause?: unknown): DownloadError {
  return new DownloadError(
    'truncated',
    `The download from ${host} ended after ${formatBytes(received)} of ${formatBytes(declared)}: the connection closed before the whole video arrived. Nothing was saved.`,
    true,
    undefined,
    { cause },
  );
}
