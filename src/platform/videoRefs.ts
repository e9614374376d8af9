// Which video a continuity command is about (Save Frame, Continue from Frame, Compare): a job
// (its id, a tree row), a video file (a workspace path or a Uri), or — from the palette —
// the saved video the person picks. The answer names the file, the job that made it when
// there is one, and its sidecar when it has one.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../core/jobs/job';
import { sidecarPathFor } from '../core/jobs/sidecar';
import { hasVideo, jobFromArgs, type JobReader } from './jobPicker';
import { resolveWorkspacePath } from './workspaceFolders';

export interface VideoRef {
  /** The video's absolute path. */
  readonly file: string;
  /** The job that made it, when it is in the list. */
  readonly job?: Job;
  /** Its sidecar, when there is one. */
  readonly sidecar?: string;
}

/** The `{ job?, video? }` form of the continuity commands. */
export interface VideoArgs {
  readonly job?: string;
  readonly video?: string | vscode.Uri;
}

export function isVideoArgs(value: unknown): value is VideoArgs & Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri) && ('job' in value || 'video' in value);
}

const exists = (file: string) => fsp.stat(file).then((s) => s.isFile(), () => false);

function uriPath(value: unknown): string | undefined {
  if (value instanceof vscode.Uri) return value.scheme === 'file' ? value.fsPath : undefined;
  if (typeof value === 'object' && value !== null && (value as { scheme?: unknown }).scheme === 'file' && typeof (value as { path?: unknown }).path === 'string') {
    return vscode.Uri.from({ scheme: 'file', path: (value as { path: string }).path }).fsPath;
  }
  return undefined;
}

/** A job's video, checked to be on disk. */
async function refOfJob(jobs: JobReader, job: Job): Promise<VideoRef> {
  if (!hasVideo(job)) throw new Error(vscode.l10n.t('This job has no saved video (it is {0}).', job.status));
  return refOfFile(jobs, job.output!.file, job);
}

async function refOfFile(jobs: JobReader, file: string, job?: Job): Promise<VideoRef> {
  if (!(await exists(file))) throw new Error(vscode.l10n.t('The video {0} is no longer there: it was moved or deleted.', vscode.workspace.asRelativePath(file, false)));
  const maker = job ?? jobs.all().find((j) => j.output?.file === file);
  const sidecar = maker?.output?.sidecar ?? sidecarPathFor(file);
  return { file, ...(maker ? { job: maker } : {}), ...((await exists(sidecar)) ? { sidecar } : {}) };
}

/**
 * One video: a job id, a path or a Uri (`value`), else the one the person picks among the
 * saved videos (`verb` says what for). Throws when the value names nothing there is.
 */
export async function resolveVideo(jobs: JobReader, value: unknown, verb: string): Promise<VideoRef | undefined> {
  if (value === undefined || value === null) {
    const job = await jobFromArgs(jobs, undefined, hasVideo, verb);
    return job ? refOfJob(jobs, job) : undefined;
  }
  if (typeof value === 'string') {
    const job = jobs.get(value);
    if (job) return refOfJob(jobs, job);
    const file = path.isAbsolute(value) ? value : resolveWorkspacePath(value);
    if (!file) throw new Error(vscode.l10n.t('There is no job or video "{0}" in this workspace.', value));
    return refOfFile(jobs, file);
  }
  const file = uriPath(value);
  if (file) return refOfFile(jobs, file);
  if (typeof value === 'object' && 'id' in value) {
    const job = jobs.get(String((value as { id: unknown }).id));
    if (job) return refOfJob(jobs, job);
  }
  throw new Error(vscode.l10n.t('A video is a job id, a workspace path or a file Uri.'));
}

/** The video of the `{ job?, video? }` form (or of a bare id, path or Uri). */
export function resolveVideoArgs(jobs: JobReader, arg: unknown, verb: string): Promise<VideoRef | undefined> {
  if (isVideoArgs(arg)) return resolveVideo(jobs, arg.job ?? arg.video, verb);
  return resolveVideo(jobs, arg, verb);
}

/**
 * The video a saved frame was taken from, when it is still there: frames are saved as
 * `<folder>/frames/<video name>@<time>.png` beside `<folder>/<video name>.mp4`.
 */
export async function videoOfFrame(jobs: JobReader, frame: string): Promise<VideoRef | undefined> {
  const match = /^(.+)@\d+-\d{2}\.\d{3}(?:-\d+)?\.png$/i.exec(path.basename(frame));
  if (!match || path.basename(path.dirname(frame)) !== 'frames') return undefined;
  const folder = path.dirname(path.dirname(frame));
  const byJob = jobs.all().find((j) => j.output && path.dirname(j.output.file) === folder && path.basename(j.output.file, path.extname(j.output.file)) === match[1]);
  const file = byJob?.output?.file ?? path.join(folder, `${match[1]}.mp4`);
  return (await exists(file)) ? refOfFile(jobs, file, byJob) : undefined;
}
