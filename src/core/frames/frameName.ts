// Names of saved frames: `<video name>@<minutes>-<seconds>.<milliseconds>.png`, so the
// frames of one video sort together and in time order, and the name says where in the
// video each was taken (`boat@00-05.240.png` is 5.24 s in). No colon: Windows refuses it.
import * as path from 'node:path';

/** 5.24 → "00-05.240"; 65.5 → "01-05.500"; minutes grow past 59 rather than adding hours. */
export function frameTimeText(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const minutes = Math.floor(ms / 60_000);
  const rest = ms - minutes * 60_000;
  return `${String(minutes).padStart(2, '0')}-${String(Math.floor(rest / 1000)).padStart(2, '0')}.${String(rest % 1000).padStart(3, '0')}`;
}

/** The file stem (no extension) of a frame of `videoFile` taken `seconds` in. */
export function frameStem(videoFile: string, seconds: number): string {
  return `${path.basename(videoFile, path.extname(videoFile))}@${frameTimeText(seconds)}`;
}

/** The time a frame's file name says it was taken at, in seconds (undefined for other names). */
export function frameTimeOf(file: string): number | undefined {
  const match = /@(\d+)-(\d{2})\.(\d{3})(?:-\d+)?\.png$/i.exec(path.basename(file));
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) / 1000;
}
