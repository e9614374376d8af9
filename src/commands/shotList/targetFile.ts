// Which shot list "Generate Shot List" runs: the one it was given (a Uri from a menu, a
// Jobs-tree row, the argument object), else the active editor's, else the person picks one
// of the workspace's; with none at all, it offers to write an example.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobOrigin } from '../../core/jobs/job';
import { isShotListFile, SHOT_LIST_SUFFIX } from '../../core/shotList/format';
import { writeNewShotList } from '../../core/shotList/saveAsShot';
import { resolveWorkspacePath, workspaceRoots } from '../../platform/workspaceFolders';
import { workspaceExcludes } from '../../platform/workspaceMedia';
import { shotListOfKey } from '../../views/jobRows';
import { notify } from '../../platform/messages';

/** The argument form, for keybindings, tasks and tests: `{ file, confirm: false }` asks nothing. */
export interface GenerateShotListArgs {
  readonly file: string | vscode.Uri;
  readonly confirm?: boolean;
  /** Send even when a budget would be passed (with `confirm: false`, nobody is asked). */
  readonly allowOverBudget?: boolean;
  /** Who asked, kept on every job (`agent`: the chat agent's veoStudio_runShotList, after the person confirmed). */
  readonly origin?: JobOrigin;
  /** Send only these shots (1-based), with all their takes, whatever their state ("Generate This Shot"). */
  readonly shots?: readonly number[];
}

/** The `shotList` of a `{ shotList: string | Uri }` argument, when it has one. */
export function shotListArg(value: unknown): string | vscode.Uri | undefined {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri || !('shotList' in value)) return undefined;
  const named = (value as { shotList: unknown }).shotList;
  return named instanceof vscode.Uri || typeof named === 'string' ? named : undefined;
}

export function isGenerateShotListArgs(value: unknown): value is GenerateShotListArgs {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && 'file' in value;
}

/**
 * The shot list to act on; undefined when the person picked none. `title` is the picker's
 * (the command's name). Besides Generate Shot List's argument form, `{ shotList }` (the
 * sequence commands' form: a workspace path or a Uri) names one.
 */
export async function targetFile(arg: unknown, title = vscode.l10n.t('Veo Studio: Generate Shot List')): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const named = shotListArg(arg);
  if (named !== undefined) arg = { file: named };
  const fromTree = shotListOfKey(arg);
  if (fromTree) return vscode.Uri.file(fromTree);
  if (isGenerateShotListArgs(arg)) {
    if (arg.file instanceof vscode.Uri) return arg.file;
    const resolved = resolveWorkspacePath(String(arg.file));
    if (!resolved) throw new Error(vscode.l10n.t('There is no shot list "{0}" in the workspace.', String(arg.file)));
    return vscode.Uri.file(resolved);
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isShotListFile(active.fsPath)) return active;

  const found = await vscode.workspace.findFiles(`**/*${SHOT_LIST_SUFFIX}`, workspaceExcludes(), 500);
  const lists = [...found].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (!lists.length) {
    const create = vscode.l10n.t('Create Example Shot List');
    const choice = await notify.info(
      vscode.l10n.t('There is no shot list ({0} file) in this workspace yet. A shot list describes several videos to generate in one go.', `*${SHOT_LIST_SUFFIX}`),
      create,
    );
    if (choice === create) await createExample();
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    lists.map((uri) => ({ label: path.basename(uri.fsPath), description: path.dirname(vscode.workspace.asRelativePath(uri, true)), uri })),
    { title, placeHolder: vscode.l10n.t('Which shot list?'), matchOnDescription: true },
  );
  return picked?.uri;
}

async function createExample(): Promise<void> {
  const root = workspaceRoots()[0];
  if (!root) throw new Error(vscode.l10n.t('Open a folder first: shot lists live in the workspace.'));
  const text =
    JSON.stringify(
      {
        defaults: { model: 'google/veo-3.1-t2v-fast', options: { duration: 4, resolution: '720p' } },
        shots: [
          { prompt: 'Establishing shot: a lighthouse on a cliff at dawn, waves below, slow aerial push-in', output: 'shot-01' },
          { prompt: 'Close-up: the lighthouse keeper opens a weathered door, warm light spills out, gulls calling', output: 'shot-02' },
        ],
      },
      null,
      2,
    ) + '\n';
  const file = await writeNewShotList(root, 'shots', text);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}
