// Where in the workspace things go and come from: the output folder of a job, the roots a
// workspace image must stay inside, and workspace-relative paths given by people.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../core/jobs/job';
import { readSettings } from './settings';
import { isInside } from '../core/util/paths';

export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}


/**
 * The folder a job's video is saved into: `<its workspace folder>/<output folder>`. The
 * output folder may not lead out of the workspace folder (a cloned repo's settings must
 * not make Veo Studio write elsewhere).
 */
export function outputFolderFor(job: Pick<Job, 'workspaceFolder' | 'request'>): string {
  const root = job.workspaceFolder ?? workspaceRoots()[0];
  if (!root) throw new Error(vscode.l10n.t('Open a folder first: Veo Studio saves videos into the workspace.'));
  const folderUri = vscode.Uri.file(root);
  const relative = job.request.outputFolder ?? readSettings(folderUri).outputFolder;
  const target = path.resolve(root, relative);
  if (!isInside(target, root)) {
    throw new Error(
      vscode.l10n.t('The output folder "{0}" leads outside the workspace folder {1}; choose a folder inside it (veoStudio.outputFolder).', relative, path.basename(root)),
    );
  }
  return target;
}

/** Resolves a path someone typed: absolute, or relative to a workspace folder where it exists. */
export function resolveWorkspacePath(p: string): string | undefined {
  if (path.isAbsolute(p)) return p;
  const roots = workspaceRoots();
  for (const root of roots) {
    const candidate = path.resolve(root, p);
    if (isInside(candidate, root) && fs.existsSync(candidate)) return candidate;
  }
  // Multi-root: "<folder name>/<path>" names the folder explicitly.
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const [first, ...rest] = p.split(/[\\/]/);
    if (first === folder.name && rest.length) {
      const candidate = path.resolve(folder.uri.fsPath, rest.join('/'));
      if (isInside(candidate, folder.uri.fsPath)) return candidate;
    }
  }
  return undefined;
}

/** Whether a file lies in one of the workspace folders. */
export function isInWorkspace(file: string): boolean {
  return workspaceRoots().some((root) => isInside(path.resolve(file), root));
}

/** The workspace folder holding a file, else the only one, else undefined (ask). */
export function folderOf(file: string | undefined): string | undefined {
  const roots = workspaceRoots();
  if (file) {
    const match = roots.filter((r) => isInside(file, r)).sort((a, b) => b.length - a.length)[0];
    if (match) return match;
  }
  return roots.length === 1 ? roots[0] : undefined;
}

/** Picks the workspace folder for a new job: from a file, the active editor, or by asking. */
export async function chooseWorkspaceFolder(hint?: string): Promise<string | undefined> {
  const direct = folderOf(hint ?? vscode.window.activeTextEditor?.document.uri.fsPath);
  if (direct) return direct;
  const roots = workspaceRoots();
  if (roots.length === 0) return undefined;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder should the video be saved in?') });
  return picked?.uri.fsPath;
}
