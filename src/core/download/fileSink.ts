// Writes a network body to a file in large batches. Socket reads arrive in ≤ 64 KB pieces;
// handing each to the disk separately (what a piped fs.WriteStream does) costs a thread-pool
// round trip per piece and falls well behind curl. Here pieces are gathered into ~1 MB
// batches and written with one writev each, while the next batch is being gathered: the
// network and the disk work at the same time, and memory stays bounded (the body is paused
// when ~4 MB wait for the disk).
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

const BATCH_BYTES = 1024 * 1024;
const PAUSE_AT_BYTES = 4 * BATCH_BYTES;

/** Thrown by the sink when the file system fails, so callers can tell disk from network. */
export class DiskWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'DiskWriteError';
  }
}

/**
 * Streams `body` into `handle` from offset 0. `inspect` sees every piece before it is
 * queued and may throw to stop the download (a size cap, say). Resolves when every byte is
 * on its way to the disk (written to the file); rejects on the first error of the body, the
 * inspector or the disk, after destroying the body.
 */
export function writeBodyToFile(body: Readable, handle: FileHandle, inspect: (piece: Buffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let queued: Buffer[] = [];
    let queuedBytes = 0;
    let position = 0;
    let writing = false;
    let ended = false;
    let settled = false;

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      body.destroy();
      reject(error);
    };

    const flush = (): void => {
      if (writing || settled) return;
      if (queuedBytes === 0) {
        if (ended) {
          settled = true;
          resolve();
        }
        return;
      }
      const buffers = queued;
      const bytes = queuedBytes;
      queued = [];
      queuedBytes = 0;
      writing = true;
      writeAll(handle, buffers, bytes, position).then(
        () => {
          position += bytes;
          writing = false;
          if (body.isPaused() && !ended) body.resume();
          if (queuedBytes >= BATCH_BYTES || ended) flush();
        },
        (error: unknown) => fail(new DiskWriteError(error)),
      );
    };

    body.on('data', (piece: Buffer) => {
      if (settled) return;
      try {
        inspect(piece);
      } catch (error) {
        fail(error);
        return;
      }
      queued.push(piece);
      queuedBytes += piece.length;
      if (queuedBytes >= BATCH_BYTES) flush();
      if (queuedBytes >= PAUSE_AT_BYTES) body.pause();
    });
    body.once('end', () => {
      ended = true;
      flush();
    });
    body.once('error', fail);
    // A body destroyed without an error (an abort by some paths) never ends: report it.
    body.once('close', () => {
      if (!ended) fail(new Error('the connection closed before the body ended'));
    });
  });
}

/** writev until every byte is written (a regular file may take a batch in parts). */
async function writeAll(handle: FileHandle, buffers: Buffer[], bytes: number, position: number): Promise<void> {
  let done = 0;
  let rest = buffers;
  while (done < bytes) {
    const { bytesWritten } = await handle.writev(rest, position + done);
    done += bytesWritten;
    if (done < bytes) rest = [Buffer.concat(rest).subarray(bytesWritten)];
  }
}
