// One GET to the video host with Node's own http/https. The API client uses node-fetch; the
// downloader does not, because node-fetch relays every body through an extra stream with a
// fixed 16 KB buffer, which cost a measured ~10 % of throughput on 500 MB downloads (see
// `npm run bench`). Redirects are not followed here: the downloader checks every hop.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';

export interface GetResponse {
  readonly status: number;
  readonly statusText: string;
  header(name: string): string | undefined;
  /** The body, not yet read. Errors on it are always listened to (see below). */
  readonly body: IncomingMessage;
}

export function httpGet(url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<GetResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { headers, signal }, (response) => {
      // An abort or a cut connection emits 'error' on the body. Between here and the
      // moment a reader listens (or after a body is discarded) nobody would hear it, and an
      // unheard 'error' would take the extension host down; the reader's own listener does
      // the real handling.
      response.on('error', () => undefined);
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        header: (name) => {
          const value = response.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        body: response,
      });
    });
    request.once('error', reject);
  });
}
