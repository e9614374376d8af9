// No-clobber file placement. A person's files are never overwritten: a finished download
// (or a sidecar) becomes visible under its final name in one atomic step that fails when
// the name is taken, instead of "check, then write" which races with other windows, other
// jobs and the person's own saves.
//
// The atomic step is a hard link (`link` fails with EEXIST and never replaces). Some file
// systems (FAT/exFAT drives, some network shares) have no hard links; there the fallback
// is `copyFile` with COPYFILE_EXCL, which is just as exclusive, only slower.
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { errorCode } from '../util/errorCode';

/** How many `-N` suffixes to try before giving up (a folder with 10,000 takes of one name is a bug). */
const MAX_CANDIDATES = 10_000;

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** Result of one exclusive attempt: placed, or the name is taken. Any other failure throws. */
type Attempt = 'placed' | 'taken';

/**
 * Makes `target` a copy of `source` only if `target` does not exist yet. `useCopy` carries
 * over between attempts, so a file system without hard links is probed once.
 */
async function linkOrCopyExclusive(source: string, target: string, state: { useCopy: boolean }): Promise<Attempt> {
  if (!state.useCopy) {
    try {
      await fsp.link(source, target);
      return 'placed';
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') return 'taken';
      // The source vanished or the folder is gone: copying cannot do better.
      if (code === 'ENOENT') throw error;
      state.useCopy = true;
    }
  }
  try {
    await fsp.copyFile(source, target, constants.COPYFILE_EXCL);
    return 'placed';
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return 'taken';
    // EXCL means the target did not exist before this call, so whatever is there now is
    // our partial copy (e.g. the disk filled up): remove it rather than leave half a file.
    await fsp.rm(target, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function removeQuietly(file: string): Promise<void> {
  // A leftover temp file is harmless (removeStaleTemps sweeps it); failing a finished job for it is not.
  await fsp.rm(file, { force: true }).catch(() => undefined);
}

/**
 * Moves a finished temp file to `<folder>/<stem><extension>`, where the stem is `baseName`,
 * then `baseName-2`, `baseName-3`, …: the first whose file and every companion
 * (`companions`, e.g. ['.json'] for the sidecar written next) are all free. Never
 * overwrites. Returns the final path.
 *
 * Companions are checked, not reserved: the sidecar must itself be written with
 * writeFileExclusive, which fails rather than overwrite if someone took it in between.
 * With `keepSource`, the temp file stays as a second name of the placed file (a hard link,
 * or a copy): a mark that the file was placed but not yet recorded, for the caller to
 * remove once it is (see recoverSave.ts).
 */
export async function placeUnique(
  tempFile: string,
  folder: string,
  baseName: string,
  extension: string,
  companions: readonly string[] = [],
  options: { readonly keepSource?: boolean } = {},
): Promise<string> {
  // A separator in any part would place the file outside `folder`.
  for (const part of [baseName, extension, ...companions]) {
    if (/[\\/\0]/.test(part) || part === '..' || baseName === '' || baseName === '.') {
      throw new RangeError(`placeUnique: ${JSON.stringify(part)} is not a plain file name part (see sanitiseBaseName)`);
    }
  }
  const state = { useCopy: false };
  for (let n = 1; n <= MAX_CANDIDATES; n++) {
    const stem = n === 1 ? baseName : `${baseName}-${n}`;
    const target = path.join(folder, `${stem}${extension}`);
    let companionTaken = false;
    for (const companion of companions) {
      if (await exists(path.join(folder, `${stem}${companion}`))) {
        companionTaken = true;
        break;
      }
    }
    if (companionTaken) continue;
    if ((await linkOrCopyExclusive(tempFile, target, state)) === 'placed') {
      if (!options.keepSource) await removeQuietly(tempFile);
      return target;
    }
  }
  throw new Error(`Could not find a free file name for "${baseName}${extension}" in ${folder} after ${MAX_CANDIDATES} tries.`);
}

/**
 * Writes `data` to `file` only if `file` does not exist: the bytes go to a temp file beside
 * it first, so a reader never sees half a file under the real name. Throws an EEXIST
 * error when the name is taken.
 */
export async function writeFileExclusive(file: string, data: string | Uint8Array): Promise<void> {
  // Not named `.veo-*.part`: removeStaleTemps owns that pattern and could sweep this file
  // while it is being written.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fsp.writeFile(temp, data, { flag: 'wx' });
    if ((await linkOrCopyExclusive(temp, file, { useCopy: false })) === 'taken') {
      const error: NodeJS.ErrnoException = new Error(`EEXIST: file already exists, will not overwrite '${file}'`);
      error.code = 'EEXIST';
      error.path = file;
      throw error;
    }
  } finally {
    await removeQuietly(temp);
  }
}

/**
 * Writes `data` to `file`, replacing what is there — only for a file the person agreed to
 * replace (an export written again). The bytes go to a temp file beside it and are renamed
 * over it in one step, so a reader sees the old file or the new one, never half of either.
 */
export async function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fsp.writeFile(temp, data, { flag: 'wx' });
    await fsp.rename(temp, file);
  } finally {
    await removeQuietly(temp);
  }
}
