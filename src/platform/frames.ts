// Where a saved frame goes and what it leaves behind: the PNG a page sent, checked and
// decoded here (never trusted as it came), written under `<output folder>/frames/` as
// `<video name>@<mm-ss.mmm>.png` without replacing any file, and listed in the video's
// sidecar.
import * as path from 'node:path';
import type { ContinuationSource } from '../core/frames/continuation';
import { frameStem } from '../core/frames/frameName';
import { readSidecar, recordFrame, writeFrameFile } from '../core/frames/frameStore';
import { decodePngDataUrl, FrameError } from '../core/frames/png';
import type { JobRequest } from '../core/jobs/job';
import type { VideoRef } from './videoRefs';
import { folderOf, outputFolderFor } from './workspaceFolders';

/** A frame as a page sends it (webview/frames/protocol.ts checks its shape). */
export interface FrameData {
  /** Seconds into the video. */
  readonly at: number;
  readonly width: number;
  readonly height: number;
  /** `data:image/png;base64,…` */
  readonly png: string;
}

const NO_REQUEST: JobRequest = { model: '', prompt: '', media: {}, options: {} };

/** `<output folder>/frames` of the video's job, else of the workspace folder it is in. */
export function framesFolderFor(ref: VideoRef): string {
  const folder = ref.job ? outputFolderFor(ref.job) : outputFolderFor({ request: NO_REQUEST, ...(folderOf(ref.file) ? { workspaceFolder: folderOf(ref.file)! } : {}) });
  return path.join(folder, 'frames');
}

export interface SavedFrame {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly at: number;
  /** Whether the video's sidecar lists it (false: the video has no sidecar). */
  readonly recorded: boolean;
}

/**
 * Saves a frame a page decoded. The PNG must be one whole PNG of the size the page said
 * (a FrameError otherwise); the file never replaces another.
 */
export async function saveFrame(ref: VideoRef, frame: FrameData, now = Date.now()): Promise<SavedFrame> {
  const png = decodePngDataUrl(frame.png);
  if (png.width !== frame.width || png.height !== frame.height) {
    throw new FrameError(`The frame's PNG is ${png.width}×${png.height}, not the ${frame.width}×${frame.height} the page said.`);
  }
  const file = await writeFrameFile(framesFolderFor(ref), frameStem(ref.file, frame.at), png.bytes);
  const recorded = ref.sidecar
    ? await recordFrame(ref.sidecar, {
        file: path.relative(path.dirname(ref.sidecar), file).split(path.sep).join('/'),
        at: frame.at,
        width: png.width,
        height: png.height,
        savedAt: new Date(now).toISOString(),
      })
    : false;
  return { file, width: png.width, height: png.height, at: frame.at, recorded };
}

/** What a video was made from, for continuing it: its job's request, else its sidecar's recipe. */
export async function continuationSourceOf(ref: VideoRef): Promise<ContinuationSource | undefined> {
  if (ref.job) return ref.job.request;
  const sidecar = ref.sidecar ? await readSidecar(ref.sidecar) : undefined;
  return sidecar ? { model: sidecar.model, prompt: sidecar.prompt, options: sidecar.parameters ?? {} } : undefined;
}
