// A save that a crash (or a killed window) cut off after the video was placed under its
// final name but before the job recorded it. Fetched again, the video would land in
// `name-2.mp4` beside an orphan; found again, the job is recorded with the file it has.
//
// Two marks tell a placed video from a person's file of the same name:
//   - the download's temp file (`.veo-<job id>.part`), kept as a second name of the placed
//     video — a hard link, or a copy where links are not supported — until the job is
//     recorded (VideoSaver): the placed file is the one that shares its inode, or failing
//     that its exact length and bytes;
//   - the sidecar written beside it, which names the job and the video's length.
// A file with neither mark is not ours: the save goes on as usual and leaves it alone.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { tempFileName } from '../download/tempFiles';
import { errorCode } from '../util/errorCode';
import type { Job } from './job';
import { sidecarPathFor } from './sidecar';

export interface PlacedVideo {
  readonly file: string;
  readonly bytes: number;
  /** The sidecar beside it, when it is there and names the job. */
  readonly sidecar?: string;
  /** The temp file still marking it, to remove once the job is recorded. */
  readonly marker?: string;
}

/** Finds the video of `job` placed in `folder` as `<baseName>[-N]<extension>` before a crash. */
export async function findPlacedVideo(folder: string, baseName: string, extension: string, job: Pick<Job, 'id'>): Promise<PlacedVideo | undefined> {
  const candidates = await namesLike(folder, baseName, extension);
  if (!candidates.length) return undefined;
  const markerPath = path.join(folder, tempFileName(job.id));
  const marker = await statFile(markerPath);
  if (marker) {
    const byMarker = await matchMarker(candidates, markerPath, marker);
    if (byMarker) return { file: byMarker.file, bytes: byMarker.bytes, marker: markerPath, ...((await sidecarNaming(byMarker.file, job.id)) ? { sidecar: sidecarPathFor(byMarker.file) } : {}) };
  }
  for (const file of candidates) {
    const sidecar = await sidecarNaming(file, job.id);
    const stat = sidecar && (await statFile(file));
    if (stat && stat.size === sidecar.bytes) return { file, bytes: stat.size, sidecar: sidecarPathFor(file), ...(marker ? { marker: markerPath } : {}) };
  }
  return undefined;
}

/** `<folder>/<baseName><extension>`, `<baseName>-2<extension>`, … that exist, in that order. */
async function namesLike(folder: string, baseName: string, extension: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await fsp.readdir(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escape(baseName)}(?:-(\\d+))?${escape(extension)}$`);
  return entries
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .sort((a, b) => Number(a.match[1] ?? 1) - Number(b.match[1] ?? 1))
    .map((e) => path.join(folder, e.name));
}

type FileStat = { readonly dev: number; readonly ino: number; readonly size: number };

async function statFile(file: string): Promise<FileStat | undefined> {
  try {
    const stat = await fsp.lstat(file);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** The candidate the marker is a second name of (same inode), else an identical copy of it. */
async function matchMarker(candidates: readonly string[], markerPath: string, marker: FileStat): Promise<{ file: string; bytes: number } | undefined> {
  const sameSize: string[] = [];
  for (const file of candidates) {
    const stat = await statFile(file);
    if (!stat) continue;
    if (stat.dev === marker.dev && stat.ino === marker.ino) return { file, bytes: stat.size };
    if (stat.size === marker.size && marker.size > 0) sameSize.push(file);
  }
  for (const file of sameSize) if (await sameBytes(file, markerPath)) return { file, bytes: marker.size };
  return undefined;
}

/** The sidecar beside `video`, when it names job `jobId`: its recorded length. */
async function sidecarNaming(video: string, jobId: string): Promise<{ bytes: number } | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fsp.readFile(sidecarPathFor(video), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { jobId: named, bytes } = parsed as { jobId?: unknown; bytes?: unknown };
    return named === jobId && typeof bytes === 'number' ? { bytes } : undefined;
  } catch {
    return undefined;
  }
}

const CHUNK = 1024 * 1024;

/** Whether two files of the same length hold the same bytes (read a chunk at a time). */
async function sameBytes(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([fsp.open(a, 'r'), fsp.open(b, 'r')]);
  try {
    const ba = Buffer.alloc(CHUNK);
    const bb = Buffer.alloc(CHUNK);
    for (let position = 0; ; position += CHUNK) {
      const [ra, rb] = await Promise.all([ha.read(ba, 0, CHUNK, position), hb.read(bb, 0, CHUNK, position)]);
      if (ra.bytesRead !== rb.bytesRead) return false;
      if (ra.bytesRead === 0) return true;
      if (!ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
    }
  } finally {
    await Promise.all([ha.close(), hb.close()]);
  }
}
