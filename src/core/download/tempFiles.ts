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
 * Deletes `.veo-*.part` files in `folder` whose tag is not in `keepTags` (leftovers of
 * downloads interrupted by a crash). Call it when no download without a tag is running in
 * that folder: an untagged download's temp file would look stale. Returns how many were deleted.
 */
export async function removeStaleTemps(folder: string, keepTags: ReadonlySet<string>): Promise<number> {
  let entries: string[];
  try {
    entries = await fsp.readdir(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return 0;
    throw error;
  }
  const keep = new Set([...keepTags].map(tempFileName));
  let removed = 0;
  for (const name of entries) {
    if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX) || name.length <= TEMP_PREFIX.length + TEMP_SUFFIX.length) continue;
    if (keep.has(name)) continue;
    const file = path.join(folder, name);
    try {
      // Only plain files: a folder of that name is not ours to delete.
      if (!(await fsp.lstat(file)).isFile()) continue;
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
