// The preview's frames: the strip of frames saved from the video (read back from its
// sidecar), whether it still needs a poster, and what happens to a frame the page decoded —
// saved under `<output folder>/frames/` and listed in the sidecar, then continued from (the
// generator opens pre-filled with it), or kept as the video's poster.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { frameTimeText } from '../../core/frames/frameName';
import { savedFrames } from '../../core/frames/frameStore';
import type { Job } from '../../core/jobs/job';
import { saveFrame } from '../../platform/frames';
import { COMMANDS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { notify } from '../../platform/messages';
import type { PosterCache } from '../../platform/posters';
import { frameFailureText } from '../frames/frameGrabber';
import type { FromPage, PreviewView } from './protocol';

export interface FrameDeps {
  readonly posters: PosterCache;
  readonly log: Log;
}

/** The most frames the strip shows (the newest). */
const STRIP_MAX = 60;

/** What the view says about frames: the strip, and whether a poster is wanted. */
export async function framesOf(job: Job, webview: vscode.Webview, posters: PosterCache): Promise<{ frames?: PreviewView['frames']; wantsPoster?: boolean }> {
  const output = job.output;
  if (!output) return {};
  const saved = output.sidecar ? await savedFrames(output.sidecar) : [];
  const frames = saved.slice(-STRIP_MAX).map((f) => ({ src: webview.asWebviewUri(vscode.Uri.file(f.path)).toString(), name: path.basename(f.path), at: f.at }));
  return { ...(frames.length ? { frames } : {}), ...(posters.get(output.file, output.bytes) ? {} : { wantsPoster: true }) };
}

type FrameMessage = Extract<FromPage, { type: 'frame' | 'frameFailed' }>;

/** Saves, continues from or keeps as a poster a frame the page sent; says what went wrong otherwise. */
export async function onFrame(message: FrameMessage, job: Job, deps: FrameDeps): Promise<void> {
  const output = job.output;
  if (!output) return;
  if (message.type === 'frameFailed') {
    deps.log.warn(`Preview: no frame of ${output.file} (${message.purpose}): ${message.failure.reason}: ${message.failure.detail}`);
    if (message.purpose !== 'poster') void notify.error(frameFailureText(output.file, message.failure.reason, message.failure.detail));
    return;
  }
  if (message.purpose === 'poster') {
    await deps.posters.put(output.file, output.bytes, message.frame.png);
    return;
  }
  let saved: Awaited<ReturnType<typeof saveFrame>>;
  try {
    saved = await saveFrame({ file: output.file, job, ...(output.sidecar ? { sidecar: output.sidecar } : {}) }, message.frame);
  } catch (error) {
    deps.log.error(`Preview: could not save a frame of ${output.file}`, error);
    void notify.error(vscode.l10n.t('Veo Studio could not save the frame: {0}', error instanceof Error ? error.message : String(error)));
    return;
  }
  deps.log.info(`Preview: saved frame ${saved.file} (${saved.width}×${saved.height} at ${saved.at} s)`);
  if (message.purpose === 'continue') {
    // The command shows its own failure (and logs it); nothing more to say here.
    await Promise.resolve(vscode.commands.executeCommand(COMMANDS.continueFromFrame, { job: job.id, frame: saved.file })).catch(() => undefined);
    return;
  }
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(device-camera) Veo Studio: saved the frame at {0} as {1}', frameTimeText(saved.at).replace('-', ':'), vscode.workspace.asRelativePath(saved.file, false)), 5000);
}
