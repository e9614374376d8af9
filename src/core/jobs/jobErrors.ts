// How a failure reads on a job: the typed errors of the client, the downloader and the
// media loader turned into the plain JobError the store keeps (and the tree shows), and
// the short words for a passing problem the job is riding out.
import { ApiError, CancelledError } from '../api/errors';
import { DownloadError } from '../download/downloadErrors';
import { MediaError } from '../media/mediaLoader';
import type { JobError } from './job';

export function toJobError(error: unknown): JobError {
  if (error instanceof CancelledError) return { kind: 'cancelled', message: 'Cancelled.' };
  if (error instanceof ApiError) return { kind: error.kind, message: error.message };
  if (error instanceof DownloadError) return { kind: 'download', message: error.message };
  if (error instanceof MediaError) return { kind: 'media', message: error.message };
  return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
}

/** The cause of a failed check, in a few words, for the job's notice ("Service busy; trying again in 20 s"). */
export function shortReason(error: ApiError): string {
  switch (error.kind) {
    case 'rateLimit':
      return 'Rate-limited by the service';
    case 'service':
      return 'Service busy';
    case 'network':
      return 'Network problem';
    case 'timeout':
      return 'The service is slow to answer';
    default:
      return 'Unexpected answer';
  }
}
