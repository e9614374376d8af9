// The temp files a download streams into (`.veo-<tag>.part` in the output folder): their
// names, clean-up after a failure, and removing the ones no job will finish.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { errorCode } from '../util/errorCode';

const TEMP_PREFIX = '.veo-';
const TEMP_SUFFIX = '.part';

/**
 * The temp file name for a tag. Tags are often job ids, which may hold `:` and `/`
 * (`uuid:google/veo-3.1-i2v`); those become `_` plus a short hash so distinct ids never
 * share a temp file and the name is valid everywhere.
 */
export function tempFileName(tag: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(tag)) return `${TEMP_PREFIX}${tag}${TEMP_SUFFIX}`;
  const readable = tag.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  const hash = createHash('sha256').update(tag).digest('hex').slice(0, 12);
  return `${TEMP_PREFIX}${readable}-${hash}${TEMP_SUFFIX}`;
}

/**
 * A temp file this old is nobody's live download: one that is being written changes every
 * few seconds (a download that stalls is stopped after a minute), and one that marks a
 * placed video lives only until the job is recorded.
 */
export const STALE_TEMP_MS = 10 * 60_000;

export interface SweepOptions {
  /** Tags of jobs this window knows have ended: their temp files go whatever their age. */
  readonly endedTags?: ReadonlySet<string>;
  /** Wall-clock now, for the files' ages (default Date.now(): file times are wall-clock). */
  readonly now?: number;
  readonly staleAfterMs?: number;
}

/**
 * Deletes the `.veo-*.part` files in `folder` no download will finish: never one whose tag
 * is in `keepTags` (this window's saves), and of the others only those whose tag names a job
 * that ended (`endedTags`) or that were not touched for STALE_TEMP_MS. Another window on
 * the same folder may be writing a temp file whose tag this window does not know: it is
 * fresh, so it stays. Returns how many were deleted.
 */
export async function removeStaleTemps(folder: string, keepTags: ReadonlySet<string>, options: SweepOptions = {}): Promise<number> {
  let entries: string[];
  try {
    entries = await fsp.readdir(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return 0;
    throw error;
  }
  const keep = new Set([...keepTags].map(tempFileName));
  const ended = new Set([...(options.endedTags ?? [])].map(tempFileName));
  const staleBefore = (options.now ?? Date.now()) - (options.staleAfterMs ?? STALE_TEMP_MS);
  let removed = 0;
  for (const name of entries) {
    if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX) || name.length <= TEMP_PREFIX.length + TEMP_SUFFIX.length) continue;
    if (keep.has(name)) continue;
    const file = path.join(folder, name);
    try {
      const stat = await fsp.lstat(file);
      // Only plain files: a folder of that name is not ours to delete.
      if (!stat.isFile()) continue;
      if (!ended.has(name) && stat.mtimeMs > staleBefore) continue;
      await fsp.unlink(file);
      removed++;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  return removed;
}

/** Closes the temp file (Windows cannot delete an open file) and deletes it. */
export async function cleanUp(temp: string, handle: FileHandle | undefined): Promise<void> {
  if (handle) await handle.close().catch(() => undefined);
  await fsp.rm(temp, { force: true }).catch(() => undefined);
}
