// The videos and frames the continuity tools work on, confined to the workspace: a video the
// agent names (a workspace path or a job id) or a saved frame, each a file inside a
// workspace folder once links are followed; and a frame read through the one Save Frame
// command (its webview decoder, no-clobber write and sidecar line), told to stay quiet
// because the tool answers the model itself.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ValidationError } from '../../core/api/errors';
import { savedFrames } from '../../core/frames/frameStore';
import { pngSize } from '../../core/frames/png';
import { frameTimeOf } from '../../core/frames/frameName';
import type { FrameTime } from '../../core/agent/toolInputs';
import { hasVideo, type JobReader } from '../../platform/jobPicker';
import { COMMANDS } from '../../platform/ids';
import { resolveVideo, type VideoRef } from '../../platform/videoRefs';
import { workspaceFileOf } from '../../platform/workspaceFolders';
import { FrameReadError } from '../../webview/frames/frameGrabber';
import { promises as fsp } from 'node:fs';

/** The video the agent named in `field`: a job id with a saved video, or a video file in the workspace. */
export async function agentVideo(jobs: JobReader, video: string, field = 'video'): Promise<VideoRef> {
  const job = jobs.get(video);
  if (job) {
    if (!hasVideo(job)) throw new ValidationError([{ field, message: `Job ${job.id} has no saved video (it is ${job.status}); veoStudio_getJobs says when it is saved.` }]);
    if (!workspaceFileOf(job.output!.file)) throw new ValidationError([{ field, message: `The video of job ${job.id} is no longer in the workspace (moved or deleted).` }]);
    return resolveVideo(jobs, job.id, '') as Promise<VideoRef>;
  }
  const file = workspaceFileOf(video);
  if (!file) throw new ValidationError([{ field, message: `There is no video or job "${video}" in the workspace: give the video's path relative to a workspace folder, or a job id.` }]);
  return (await resolveVideo(jobs, file, ''))!;
}

/** A saved frame the agent named: a PNG file in the workspace. */
export async function agentFrame(frame: string): Promise<string> {
  const file = workspaceFileOf(frame);
  if (!file) throw new ValidationError([{ field: 'frame', message: `There is no file "${frame}" in the workspace: give the PNG's path relative to a workspace folder, as veoStudio_saveFrame returns it.` }]);
  const bytes = await fsp.readFile(file);
  try {
    pngSize(bytes);
  } catch {
    throw new ValidationError([{ field: 'frame', message: `"${frame}" is not a PNG image; save a frame with veoStudio_saveFrame, or give video and at.` }]);
  }
  return file;
}

export interface ReadFrame {
  readonly file: string;
  readonly at: number;
  readonly width: number;
  readonly height: number;
  readonly recorded: boolean;
}

/** Why a frame could not be read, when it is the decoder's reason (the message the person would see). */
export class FrameUnreadable extends Error {
  override readonly name = 'FrameUnreadable';
}

/** The frame of `ref` at `at`, saved by the Save Frame command (as its argument form), with what was saved. */
export async function readFrame(ref: VideoRef, at: FrameTime): Promise<ReadFrame> {
  let uri: vscode.Uri | undefined;
  try {
    uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.saveFrame, { video: vscode.Uri.file(ref.file), at, origin: 'agent' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof FrameReadError || (error instanceof Error && error.name === 'FrameReadError')) throw new FrameUnreadable(message);
    throw error;
  }
  if (!uri) throw new FrameUnreadable(`no frame of ${path.basename(ref.file)} came back.`);
  const size = pngSize(await fsp.readFile(uri.fsPath));
  const recorded = ref.sidecar ? (await savedFrames(ref.sidecar)).some((f) => f.path === uri.fsPath) : false;
  return { file: uri.fsPath, at: frameTimeOf(uri.fsPath) ?? (typeof at === 'number' ? at : 0), ...size, recorded };
}
