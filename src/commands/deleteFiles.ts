// Deleting files a person asked to delete (a job's video and its sidecar): to the trash
// where there is one; where there is none (VS Code in a browser), only after asking again —
// or, in the automation form, only when the caller said `permanently`.
import * as vscode from 'vscode';
import { notify } from '../platform/messages';

export interface DeleteHow {
  /** Where there is no trash, delete anyway. */
  readonly permanently?: boolean;
}

/**
 * Removes the files that are there. `given` is the caller's answer in the automation form;
 * without it the person is asked before anything is deleted for good. Resolves to false
 * when the files were kept.
 */
export async function deleteFiles(uris: readonly vscode.Uri[], given: DeleteHow | undefined): Promise<boolean> {
  const present: vscode.Uri[] = [];
  for (const uri of uris) if (await exists(uri)) present.push(uri);
  if (!present.length) return true;
  try {
    for (const uri of present) await vscode.workspace.fs.delete(uri, { useTrash: true });
    return true;
  } catch (error) {
    // VS Code in a browser (code-server, vscode.dev) has no trash to move files to.
    const remaining = [];
    for (const uri of present) if (await exists(uri)) remaining.push(uri);
    if (!remaining.length) return true;
    let permanently = given?.permanently === true;
    if (!given) {
      const choice = await notify.warning(
        vscode.l10n.t('The video cannot be moved to the trash here. Delete it permanently?'),
        { modal: true, detail: `${remaining.map((u) => vscode.workspace.asRelativePath(u, false)).join('\n')}\n\n${error instanceof Error ? error.message : String(error)}` },
        vscode.l10n.t('Delete Permanently'),
      );
      permanently = choice !== undefined;
    } else if (!permanently) {
      throw new Error(vscode.l10n.t('The video cannot be moved to the trash here; pass {0} to delete it permanently.', '{ permanently: true }'));
    }
    if (!permanently) return false;
    for (const uri of remaining) await vscode.workspace.fs.delete(uri, { useTrash: false });
    return true;
  }
}

function exists(uri: vscode.Uri): Thenable<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
