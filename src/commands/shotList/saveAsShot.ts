// "Save as Shot" (a finished job in the tree or the palette, a sidecar in the Explorer or the
// active editor): writes the video's recipe as a one-shot list beside the video and opens it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { baseNameFromPrompt } from '../../core/download/naming';
import { isSidecar, shotFromJob, shotFromSidecar, shotListText, writeNewShotList, type ShotFromSource } from '../../core/shotList/saveAsShot';
import { registerCommands } from '../../platform/commands';
import { COMMANDS } from '../../platform/ids';
import { jobFromArgs } from '../../platform/jobPicker';
import type { Services } from '../../platform/services';
import { outputFolderFor, writeTargetInWorkspace } from '../../platform/workspaceFolders';
import { rethrowWithOptions } from '../automationArgs';
import type { SidecarFiles } from './sidecarFiles';
import { notify } from '../../platform/messages';

interface Source {
  readonly source: ShotFromSource;
  /** Where the list goes (beside the video) and the name it starts from (the video's). */
  readonly folder: string;
  readonly baseName: string;
}

export function registerSaveAsShot({ manager, log }: Services, sidecars: SidecarFiles): vscode.Disposable {
  const saveAsShot = async (arg: unknown): Promise<string | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : arg === undefined ? sidecars.active() : undefined;
    const from = uri ? await fromSidecar(uri) : await fromJob(arg);
    if (!from) return undefined;
    // Beside the video, which must still be in the workspace (a link may have appeared since).
    const folder = writeTargetInWorkspace(from.folder);
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder));
    const file = await writeNewShotList(folder, from.baseName, shotListText([from.source.shot]));
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    for (const warning of from.source.warnings) void notify.warning(vscode.l10n.t('Veo Studio: {0}', warning));
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Veo Studio: saved {0}', path.basename(file)), 4000);
    return file;
  };

  const fromJob = async (arg: unknown): Promise<Source | undefined> => {
    const job = await jobFromArgs(manager.store, arg, (j) => j.status === 'completed', 'save as a shot');
    if (!job) return undefined;
    return {
      source: shotFromJob(job),
      folder: job.output ? path.dirname(job.output.file) : outputFolderFor(job),
      baseName: job.output ? path.basename(job.output.file, path.extname(job.output.file)) : baseNameFromPrompt(job.request.prompt),
    };
  };

  return registerCommands(log, [
    // Rethrown only in the explicit automation form (automationArgs.ts).
    { id: COMMANDS.saveAsShot, run: saveAsShot, rethrow: rethrowWithOptions },
  ]);
}

async function fromSidecar(uri: vscode.Uri): Promise<Source> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch {
    value = undefined;
  }
  if (!isSidecar(value)) {
    throw new Error(vscode.l10n.t('{0} is not a Veo Studio sidecar (the .json file saved beside a video).', path.basename(uri.fsPath)));
  }
  return { source: shotFromSidecar(value), folder: path.dirname(uri.fsPath), baseName: path.basename(uri.fsPath).replace(/\.json$/i, '') };
}
