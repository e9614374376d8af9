// Where in the workspace things go and come from: the output folder of a job, the roots a
// workspace image must stay inside, and workspace-relative paths given by people.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArgsContext } from '../core/jobs/generateArgs';
import type { Job, JobRequest, MediaRef } from '../core/jobs/job';
import { readSettings } from './settings';
import { confinedTarget, isInside, OutsideFolderError } from '../core/util/paths';

export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}


/**
 * The folder a job's video is saved into: `<its workspace folder>/<output folder>`. The
 * output folder may not lead out of the workspace folder, by name or through a symbolic
 * link (a cloned repo's settings, shot list or `videos` link must not make Veo Studio write
 * elsewhere). Asked at submit, and again before every save: a link may appear meanwhile.
 * Everything a save writes (the temp file, the video, its sidecar) goes inside it.
 */
export function outputFolderFor(job: Pick<Job, 'workspaceFolder' | 'request'>): string {
  const root = job.workspaceFolder ?? workspaceRoots()[0];
  if (!root) throw new Error(vscode.l10n.t('Open a folder first: Veo Studio saves videos into the workspace.'));
  const folderUri = vscode.Uri.file(root);
  const relative = job.request.outputFolder ?? readSettings(folderUri).outputFolder;
  const where = job.request.outputFolder !== undefined ? 'outputFolder' : 'veoStudio.outputFolder';
  const target = path.resolve(root, relative);
  if (!isInside(target, root)) {
    throw new Error(vscode.l10n.t('The output folder "{0}" leads outside the workspace folder {1}; choose a folder inside it ({2}).', relative, path.basename(root), where));
  }
  try {
    return confinedTarget(target, root);
  } catch (error) {
    if (!(error instanceof OutsideFolderError)) throw error;
    throw new Error(
      vscode.l10n.t(
        'The output folder "{0}" leads outside the workspace folder {1} through a symbolic link (to {2}); Veo Studio saves only inside the workspace. Choose a folder inside it ({3}).',
        relative,
        path.basename(root),
        error.real,
        where,
      ),
    );
  }
}

/**
 * Any other file or folder about to be written (frames under the output folder, a shot
 * list, an export): returned as given when it lies in a workspace folder once symbolic
 * links are followed; else an Error that names it. Call it right before writing.
 */
export function writeTargetInWorkspace(target: string): string {
  const root = folderOf(path.resolve(target));
  if (!root || !isInside(path.resolve(target), root)) {
    throw new Error(vscode.l10n.t('{0} is outside the workspace; Veo Studio writes only inside a workspace folder.', target));
  }
  try {
    return confinedTarget(target, root);
  } catch (error) {
    if (!(error instanceof OutsideFolderError)) throw error;
    throw new Error(vscode.l10n.t('{0} leads outside the workspace folder {1} through a symbolic link (to {2}); Veo Studio writes only inside the workspace.', target, path.basename(root), error.real));
  }
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

/**
 * How argument objects (`veoStudio.generate`, the generator's pre-fill) find their files:
 * in the workspace folders only, a file elsewhere refused with its field named.
 */
export const argsContext: ArgsContext = {
  resolvePath: resolveWorkspacePath,
  filePathOf: (uri) => vscode.Uri.from({ scheme: uri.scheme, path: uri.path }).fsPath,
  inWorkspace: (file) => isInWorkspace(file),
};

/**
 * Like argsContext, but nothing outside the workspace folders: for callers that are not the
 * person (the chat agent's tools), who may neither read nor name files elsewhere. A path
 * outside reads as "no such file in the workspace".
 */
export const workspaceOnlyArgsContext: ArgsContext = {
  resolvePath: (p) => {
    const resolved = resolveWorkspacePath(p);
    return resolved !== undefined && isInWorkspace(resolved) ? resolved : undefined;
  },
  filePathOf: (uri) => {
    const file = argsContext.filePathOf(uri);
    if (!isInWorkspace(file)) throw new Error(vscode.l10n.t('{0} is outside the workspace.', file));
    return file;
  },
  inWorkspace: (file) => isInWorkspace(file),
};

/**
 * A file the agent names (a relative path, or absolute): its path when it is a file in a
 * workspace folder, by name and once symbolic links are followed; undefined otherwise —
 * missing, a folder, or outside (a link inside the workspace that leads out included).
 */
export function workspaceFileOf(p: string): string | undefined {
  const file = workspaceOnlyArgsContext.resolvePath(p);
  if (!file || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  // The one rule every write target passes: inside a folder once links are followed.
  try {
    return writeTargetInWorkspace(file);
  } catch {
    return undefined;
  }
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

/**
 * The workspace folder a new job belongs to (its video is saved there): the folder of its
 * first workspace file (or of `hint`, e.g. the shot list it comes from), else of the active
 * editor, else the only folder. With several folders and nothing to go by, `ask` lets the
 * person choose; without it (automation), the first folder. Undefined: no folder is open,
 * or the person dismissed the question.
 */
export async function folderForJob(request: Pick<JobRequest, 'media'>, how: { ask: boolean; hint?: string }): Promise<string | undefined> {
  const firstFile = Object.values(request.media)
    .flatMap((v: MediaRef | readonly MediaRef[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v as MediaRef]))
    .find((r): r is Extract<MediaRef, { kind: 'file' }> => r.kind === 'file');
  const direct = folderOf(how.hint ?? firstFile?.path ?? vscode.window.activeTextEditor?.document.uri.fsPath);
  if (direct) return direct;
  const roots = workspaceRoots();
  if (roots.length === 0) return undefined;
  if (!how.ask) return roots[0];
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder should the video be saved in?') });
  return picked?.uri.fsPath;
}
