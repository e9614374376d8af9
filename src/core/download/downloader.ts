// The only code that writes video files (docs/architecture.md). It fetches a finished video from the
// CDN URL the service returned and puts it in the output folder without ever exposing a
// partial file or replacing a person's file:
//
//   URL ─► hop checks (https, ≤ N redirects) ─► status + size checks ─► stream into
//   `.veo-<tag>.part` (bytes counted, cap enforced, stall timer) ─► length check ─► placeUnique
//
// The CDN is another host than the API, so nothing here ever sees the API key: the request
// carries no headers of ours beyond a User-Agent.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { checkTransport } from '../net/urlPolicy';
import { formatBytes } from '../util/format';
import { diskError, DownloadError, networkReason, statusError, tooLarge, truncated } from './downloadErrors';
import { DiskWriteError, writeBodyToFile } from './fileSink';
import { placeUnique } from './files';
import { httpGet, type GetResponse } from './httpGet';
import { cleanUp, tempFileName } from './tempFiles';

export interface DownloadOptions {
  url: string;
  folder: string;
  baseName: string;
  /** Default '.mp4'. */
  extension?: string;
  maxBytes: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Abort when no byte arrives for this long (also while waiting for headers). Default 60 s. */
  stallTimeoutMs?: number;
  /** Names the temp file `.veo-<tempTag>.part` in `folder`, so a resumed job reuses/cleans it. */
  tempTag?: string;
  /** Passed to placeUnique, e.g. ['.json']. */
  companions?: string[];
  /**
   * Keep the temp file as a second name of the placed video (DownloadResult.temp) until the
   * caller has recorded the file, so a crash in between can be told apart from a person's file.
   */
  keepTemp?: boolean;
  signal?: AbortSignal;
  /** Called at most every 100 ms while bytes arrive, and once with the final count. */
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  /** With `keepTemp`: the temp file, still there as a mark of the placed file. */
  temp?: string;
}

const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_STALL_MS = 60_000;
const PROGRESS_INTERVAL_MS = 100;
const USER_AGENT = 'VeoStudio (VS Code extension)';

// ------------------------------------------------------------------------------- helpers

function parseContentLength(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Refuses the hop before any connection is made: not https (or loopback http), or a downgrade. */
function checkHop(raw: string, from: URL | undefined): URL {
  const checked = checkTransport(raw);
  if (!checked.ok) {
    const where = from ? 'The video server redirected to a link that was refused' : 'The video link was refused';
    throw new DownloadError('insecure', `${where}: ${checked.reason}.`, false);
  }
  // Loopback http is allowed for local tools, but a CDN on https must not be able to send
  // us to plain http anywhere, this machine included.
  if (from?.protocol === 'https:' && checked.url.protocol !== 'https:') {
    throw new DownloadError('insecure', `The video server redirected from https to plain http (${checked.url.host}); the download was refused.`, false);
  }
  return checked.url;
}

/** Discards a response body we will not read, so its socket is released. */
function discard(response: GetResponse): void {
  response.body.destroy();
}

/** A stem and an extension that cannot name a file outside `folder`. */
function checkNameParts(baseName: string, extension: string): void {
  if (baseName === '' || baseName === '.' || baseName === '..' || /[\\/]/.test(baseName) || baseName.includes('\0')) {
    throw new RangeError(`downloadToFile: baseName must be a plain file name (see sanitiseBaseName), got ${JSON.stringify(baseName)}`);
  }
  if (!/^\.[A-Za-z0-9]{1,10}$/.test(extension)) {
    throw new RangeError(`downloadToFile: extension must look like ".mp4", got ${JSON.stringify(extension)}`);
  }
}

// ------------------------------------------------------------------------------- download

export async function downloadToFile(o: DownloadOptions): Promise<DownloadResult> {
  if (!(o.maxBytes > 0)) throw new RangeError('downloadToFile: maxBytes must be a positive number');
  const extension = o.extension ?? '.mp4';
  checkNameParts(o.baseName, extension);
  const maxRedirects = o.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const stallMs = o.stallTimeoutMs ?? DEFAULT_STALL_MS;
  const cancelled = (): DownloadError => new DownloadError('cancelled', 'The download was cancelled.', false);
  if (o.signal?.aborted) throw cancelled();

  // Checked before touching the disk, so a refused URL leaves no trace at all.
  let url = checkHop(o.url, undefined);

  // One controller ends the request whatever the reason; `abortCause` remembers the reason
  // so the error says "cancelled" or "stalled" rather than a generic AbortError.
  const controller = new AbortController();
  let abortCause: 'cancelled' | 'stalled' | undefined;
  const onCallerAbort = (): void => {
    abortCause ??= 'cancelled';
    controller.abort();
  };
  o.signal?.addEventListener('abort', onCallerAbort, { once: true });

  // One timer that re-arms itself for the time left, rather than a fresh timer per chunk:
  // a 500 MB body arrives in ~8,000 chunks, and each chunk then costs one clock read only.
  let lastActivity = Date.now();
  let stallTimer: NodeJS.Timeout | undefined;
  const watchForStall = (): void => {
    const idle = Date.now() - lastActivity;
    if (idle >= stallMs) {
      abortCause ??= 'stalled';
      controller.abort();
      return;
    }
    stallTimer = setTimeout(watchForStall, stallMs - idle);
  };

  const temp = path.join(o.folder, tempFileName(o.tempTag ?? randomBytes(8).toString('hex')));
  let handle: FileHandle | undefined;
  let received = 0;
  let declared: number | undefined;

  try {
    try {
      await fsp.mkdir(o.folder, { recursive: true });
      // A resumed job's leftover is removed, then the temp file is created afresh with
      // O_EXCL: opening an existing name with 'w' would follow a symlink planted under
      // that name (in a cloned repository, say) and truncate whatever it points to.
      // Opened before any request, so an unwritable folder fails fast without a download.
      await fsp.rm(temp, { force: true });
      handle = await fsp.open(temp, 'wx');
    } catch (error) {
      throw diskError(o.folder, error);
    }

    // ---- request, following redirects ourselves so every hop is checked.
    lastActivity = Date.now();
    watchForStall();
    let response: GetResponse;
    for (let hops = 0; ; hops++) {
      try {
        // No headers of ours but a User-Agent: the CDN never sees the key. Node's client
        // asks for no compression, so the byte count matches Content-Length.
        response = await httpGet(url, { 'User-Agent': USER_AGENT }, controller.signal);
        lastActivity = Date.now();
      } catch (error) {
        throw abortCause ? error : new DownloadError('network', `The video could not be downloaded from ${url.host}: ${networkReason(error)}.`, true, undefined, { cause: error });
      }
      const location = response.header('location') ?? null;
      if (response.status < 300 || response.status >= 400 || location === null) break;
      discard(response);
      if (hops >= maxRedirects) {
        throw new DownloadError('redirects', `The video server redirected more than ${maxRedirects} times; the download was stopped.`, false, response.status);
      }
      let next: string;
      try {
        next = new URL(location, url).href;
      } catch {
        throw new DownloadError('http', `The video server redirected to an invalid address (${location.slice(0, 200)}).`, false, response.status);
      }
      url = checkHop(next, url);
    }

    if (response.status < 200 || response.status >= 300) {
      discard(response);
      throw statusError(response.status, response.statusText, url.host);
    }
    const body = response.body;

    // ---- size checks before reading a byte of the body.
    declared = parseContentLength(response.header('content-length') ?? null);
    if (declared !== undefined && declared > o.maxBytes) {
      discard(response);
      throw tooLarge(o.maxBytes, declared);
    }
    if (declared !== undefined) {
      const free = await freeSpace(o.folder);
      if (free !== undefined && declared > free) {
        discard(response);
        throw new DownloadError('disk', `The video needs ${formatBytes(declared)} but only ${formatBytes(free)} is free in ${o.folder}.`, false);
      }
    }

    // ---- stream to the temp file.
    const total = declared;
    let lastProgress = 0;
    const report = (now: number, force: boolean): void => {
      if (!o.onProgress) return;
      if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      try {
        o.onProgress(received, total);
      } catch {
        // A broken progress view must not fail the download it reports on.
      }
    };
    try {
      await writeBodyToFile(body, handle, (piece) => {
        received += piece.length;
        lastActivity = Date.now();
        // Without a Content-Length this is the only guard; stop at the first byte over.
        if (received > o.maxBytes) throw tooLarge(o.maxBytes);
        report(lastActivity, false);
      });
      await handle.close();
      handle = undefined;
    } catch (error) {
      if (error instanceof DiskWriteError) throw diskError(o.folder, error.cause);
      if (error instanceof DownloadError || abortCause) throw error;
      if (declared !== undefined && received < declared) throw truncated(received, declared, url.host, error);
      throw new DownloadError('network', `The download from ${url.host} failed after ${formatBytes(received)}: ${networkReason(error)}.`, true, undefined, { cause: error });
    }
    clearTimeout(stallTimer);
    if (declared !== undefined && received !== declared) throw truncated(received, declared, url.host);
    if (received === 0) throw new DownloadError('http', `The video server (${url.host}) sent an empty file.`, true, response.status);
    // A cancel that lands after the last byte still wins: the person asked for nothing.
    if (o.signal?.aborted) throw cancelled();
    report(Date.now(), true);

    try {
      const file = await placeUnique(temp, o.folder, o.baseName, extension, o.companions, { keepSource: o.keepTemp === true });
      return { file, bytes: received, ...(o.keepTemp ? { temp } : {}) };
    } catch (error) {
      throw diskError(o.folder, error);
    }
  } catch (error) {
    await cleanUp(temp, handle);
    if (error instanceof DownloadError) throw error;
    if (abortCause === 'cancelled') throw cancelled();
    if (abortCause === 'stalled') {
      throw new DownloadError('stalled', `The download from ${url.host} stalled: no data arrived for ${Math.round(stallMs / 100) / 10} s (after ${formatBytes(received)}).`, true);
    }
    throw new DownloadError('network', `The video could not be downloaded from ${url.host}: ${networkReason(error)}.`, true, undefined, { cause: error });
  } finally {
    clearTimeout(stallTimer);
    o.signal?.removeEventListener('abort', onCallerAbort);
    // Whatever happened, no request of ours outlives this call.
    controller.abort();
  }
}

/** Free bytes for this process in `folder`, or undefined when the platform cannot tell. */
async function freeSpace(folder: string): Promise<number | undefined> {
  try {
    const s = await fsp.statfs(folder);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

