// Saving a frame: the PNG under `<output folder>/frames/` — never over an existing file, the
// next free `-2`, `-3`, … instead — and a line for it in the video's sidecar, so the
// frames a video gave stay listed with it (the preview's strip of frames reads them back).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { writeFileExclusive } from '../download/files';
import type { Sidecar, SidecarFrame } from '../jobs/sidecar';
import { errorCode } from '../util/errorCode';

const MAX_NAMES = 1000;

/**
 * Writes `<folder>/<stem>.png` (else `<stem>-2.png`, …) without ever replacing a file, and
 * returns its path. The same frame saved again (a file there already holds these very
 * bytes) is not written twice: that file is the answer.
 */
export async function writeFrameFile(folder: string, stem: string, bytes: Uint8Array): Promise<string> {
  if (/[\\/\0]/.test(stem) || stem === '' || stem.startsWith('.')) throw new RangeError(`writeFrameFile: "${stem}" is not a plain file name`);
  await fsp.mkdir(folder, { recursive: true });
  for (let n = 1; n <= MAX_NAMES; n++) {
    const file = path.join(folder, `${n === 1 ? stem : `${stem}-${n}`}.png`);
    try {
      await writeFileExclusive(file, bytes);
      return file;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const there = await fsp.readFile(file).catch(() => undefined);
      if (there && Buffer.from(bytes).equals(there)) return file;
    }
  }
  throw new Error(`Could not find a free name for ${stem}.png in ${folder}.`);
}

/** Reads a sidecar Veo Studio wrote; undefined when the file is missing or not one. */
export async function readSidecar(file: string): Promise<Sidecar | undefined> {
  try {
    const value = JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
    return isSidecarObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isSidecarObject(value: unknown): value is Sidecar {
  return typeof value === 'object' && value !== null && (value as { generator?: unknown }).generator === 'Veo Studio';
}

/** One write at a time per sidecar: two frames saved at once must both be listed. */
const writing = new Map<string, Promise<unknown>>();

/**
 * Adds a frame to a sidecar's `frames` (once per file): read, change, write a temp file
 * beside it and rename it over the old one, so a reader never sees half a sidecar. Resolves
 * false when there is no sidecar to add to (the video has none, or it is not ours).
 */
export function recordFrame(sidecarFile: string, frame: SidecarFrame): Promise<boolean> {
  const previous = writing.get(sidecarFile) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const sidecar = await readSidecar(sidecarFile);
    if (!sidecar) return false;
    const frames = (Array.isArray(sidecar.frames) ? sidecar.frames : []).filter((f) => f.file !== frame.file);
    const updated: Sidecar = { ...sidecar, frames: [...frames, frame] };
    const temp = path.join(path.dirname(sidecarFile), `.${path.basename(sidecarFile)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fsp.writeFile(temp, JSON.stringify(updated, null, 2) + '\n', { flag: 'wx' });
      await fsp.rename(temp, sidecarFile);
    } finally {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
    }
    return true;
  });
  writing.set(sidecarFile, next);
  void next.finally(() => {
    if (writing.get(sidecarFile) === next) writing.delete(sidecarFile);
  });
  return next;
}

/** A sidecar's frames that are still on disk, as absolute paths with their entries, oldest first. */
export async function savedFrames(sidecarFile: string, sidecar?: Sidecar): Promise<Array<SidecarFrame & { readonly path: string }>> {
  const read = sidecar ?? (await readSidecar(sidecarFile));
  if (!read || !Array.isArray(read.frames)) return [];
  const folder = path.dirname(sidecarFile);
  const found: Array<SidecarFrame & { readonly path: string }> = [];
  for (const frame of read.frames) {
    if (typeof frame?.file !== 'string' || frame.file.split(/[\\/]/).includes('..')) continue;
    const file = path.join(folder, frame.file);
    if (await fsp.stat(file).then((s) => s.isFile(), () => false)) found.push({ ...frame, path: file });
  }
  return found;
}
