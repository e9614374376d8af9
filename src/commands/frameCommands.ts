// Frames of a video, from the palette, the Jobs tree and the automation form: "Save Frame"
// (`veoStudio.saveFrame` → the PNG's Uri), "Continue from Frame" and "Continue from Last
// Frame" (`veoStudio.continueFromFrame` → the generator pre-filled with the frame as the
// start image, or with `submit: true` a new job's id). The frame is decoded by a webview
// (FrameGrabber), never by ffmpeg; the preview's own buttons send theirs through the same
// saveFrame (src/platform/frames.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AuthError, ValidationError } from '../core/api/errors';
import { continuationArgs } from '../core/frames/continuation';
import { requestFromArgs } from '../core/jobs/generateArgs';
import { registerCommands } from '../platform/commands';
import { continuationSourceOf, saveFrame } from '../platform/frames';
import { COMMANDS } from '../platform/ids';
import { POSTER_WIDTH } from '../platform/posters';
import type { Services } from '../platform/services';
import { isVideoArgs, resolveVideoArgs, type VideoRef } from '../platform/videoRefs';
import { argsContext, folderForJob, resolveWorkspacePath } from '../platform/workspaceFolders';
import { submitUnattended } from './submitUnattended';
import { FrameGrabber } from '../webview/frames/frameGrabber';
import type { FrameAt } from '../webview/frames/protocol';

/** `at` of the argument form: seconds, "first" or "last" (the default). */
function atOf(value: unknown): FrameAt {
  if (value === undefined) return 'last';
  if (value === 'first' || value === 'last') return value;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new ValidationError([{ field: 'at', message: vscode.l10n.t('at is seconds into the video (a number from 0), "first" or "last".') }]);
}

/** From the palette: which frame of the video. */
async function askAt(title: string): Promise<FrameAt | undefined> {
  type Item = vscode.QuickPickItem & { at?: FrameAt };
  const picked = await vscode.window.showQuickPick<Item>(
    [
      { label: `$(debug-step-over) ${vscode.l10n.t('Last Frame')}`, at: 'last' },
      { label: `$(debug-restart) ${vscode.l10n.t('First Frame')}`, at: 'first' },
      { label: `$(clock) ${vscode.l10n.t('At a Time…')}` },
    ],
    { title, placeHolder: vscode.l10n.t('Which frame?') },
  );
  if (!picked) return undefined;
  if (picked.at !== undefined) return picked.at;
  const seconds = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Seconds into the video, e.g. 5.24'),
    validateInput: (v) => (/^\s*\d+(\.\d+)?\s*$/.test(v) ? undefined : vscode.l10n.t('A number of seconds, like 5.24.')),
  });
  return seconds === undefined ? undefined : Number(seconds);
}

function framePathOf(value: unknown): string {
  const file = value instanceof vscode.Uri ? value.fsPath : typeof value === 'string' ? (path.isAbsolute(value) ? value : resolveWorkspacePath(value)) : undefined;
  if (!file) throw new ValidationError([{ field: 'frame', message: vscode.l10n.t('frame must be a saved PNG in the workspace (a path or Uri).') }]);
  return file;
}

/** The chat agent's veoStudio_saveFrame calls the command with `origin: "agent"`: it tells the model itself what failed. */
const byAgent = (arg: unknown): boolean => isVideoArgs(arg) && arg['origin'] === 'agent';

export function registerFrameCommands(services: Services): vscode.Disposable {
  const { manager, log, posters, keys } = services;
  const grabber = new FrameGrabber(services.extensionUri, log);

  /** Decodes and saves one frame of a video; also makes its poster when it has none. */
  const frameOf = async (ref: VideoRef, at: FrameAt): Promise<string> => {
    const frame = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading a frame of {0}', path.basename(ref.file)) },
      () => grabber.grab(ref.file, at),
    );
    const saved = await saveFrame(ref, frame);
    log.info(`Saved frame ${saved.file} (${saved.width}×${saved.height} at ${saved.at} s)${saved.recorded ? '' : '; the video has no sidecar to list it in'}`);
    const bytes = ref.job?.output?.bytes;
    if (bytes !== undefined && !posters.get(ref.file, bytes)) {
      await grabber
        .grab(ref.file, 'first', POSTER_WIDTH)
        .then((poster) => posters.put(ref.file, bytes, poster.png))
        .catch((error: unknown) => log.warn(`No poster for ${ref.file}: ${error instanceof Error ? error.message : String(error)}`));
    }
    return saved.file;
  };

  const saveFrameCommand = async (arg: unknown): Promise<vscode.Uri | undefined> => {
    const ref = await resolveVideoArgs(manager.store, arg, vscode.l10n.t('save a frame of'));
    if (!ref) return undefined;
    const at = isVideoArgs(arg) ? atOf(arg['at']) : await askAt(vscode.l10n.t('Veo Studio: save which frame of {0}?', path.basename(ref.file)));
    if (at === undefined) return undefined;
    const file = await frameOf(ref, at);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(device-camera) Veo Studio: saved {0}', vscode.workspace.asRelativePath(file, false)), 5000);
    return vscode.Uri.file(file);
  };

  /** Continue from Frame (`last`: the one-click form, from the last frame). */
  const continueFrom = async (arg: unknown, last: boolean): Promise<string | vscode.Uri | undefined> => {
    const automated = isVideoArgs(arg);
    const given: Readonly<Record<string, unknown>> = automated ? arg : {};
    const ref = await resolveVideoArgs(manager.store, arg, vscode.l10n.t('continue'));
    if (!ref) return undefined;
    const source = await continuationSourceOf(ref);
    const prompt = typeof given['prompt'] === 'string' ? given['prompt'] : undefined;
    const model = typeof given['model'] === 'string' ? given['model'] : undefined;
    if (!source && (!prompt || !model)) {
      throw new ValidationError([{ field: 'prompt', message: vscode.l10n.t('Veo Studio does not know how {0} was made (no job, no sidecar): give model and prompt.', path.basename(ref.file)) }]);
    }
    let frame: string;
    if (given['frame'] !== undefined) {
      frame = framePathOf(given['frame']);
    } else {
      const at = last ? 'last' : automated ? atOf(given['at']) : await askAt(vscode.l10n.t('Veo Studio: continue from which frame of {0}?', path.basename(ref.file)));
      if (at === undefined) return undefined;
      frame = await frameOf(ref, at);
    }
    const options = typeof given['options'] === 'object' && given['options'] !== null ? (given['options'] as Record<string, unknown>) : undefined;
    const args = continuationArgs(source ?? { model: model!, prompt: prompt!, options: {} }, frame, {
      ...(model ? { model } : {}),
      ...(prompt !== undefined ? { prompt } : {}),
      ...(options ? { options } : {}),
      ...(given['lastImage'] !== undefined ? { lastImage: given['lastImage'] as string } : {}),
    });
    if (given['submit'] !== true) {
      // Editable before anything is sent: the generator, with its price and its budget question.
      await vscode.commands.executeCommand(COMMANDS.openGenerator, { ...args, ...(ref.job ? { continues: { job: ref.job.id, frame } } : {}) });
      return vscode.Uri.file(frame);
    }
    // The argument form: the same checks, price and budget rule as veoStudio.generate, nobody asked.
    const request = requestFromArgs(args, argsContext);
    if (!(await keys.has())) throw new AuthError('missing');
    const workspaceFolder = ref.job?.workspaceFolder ?? (await folderForJob(request, { ask: false, hint: ref.file }));
    const job = await submitUnattended(services, request, {
      allowOverBudget: given['allowOverBudget'] === true,
      what: vscode.l10n.t('this continuation'),
      ...(workspaceFolder ? { workspaceFolder } : {}),
      ...(ref.job ? { parentId: ref.job.id } : {}),
    });
    return job.id;
  };

  return vscode.Disposable.from(
    grabber,
    registerCommands(log, [
      { id: COMMANDS.saveFrame, run: saveFrameCommand, rethrow: (arg) => isVideoArgs(arg), quiet: byAgent },
      { id: COMMANDS.continueFromFrame, run: (arg) => continueFrom(arg, false), rethrow: (arg) => isVideoArgs(arg) },
      { id: COMMANDS.continueFromLastFrame, run: (arg) => continueFrom(arg, true), rethrow: (arg) => isVideoArgs(arg) },
    ]),
  );
}
