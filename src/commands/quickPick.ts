// A live quick pick (items that change while it is open: prices arriving, say) as one
// awaitable answer.
import type * as vscode from 'vscode';

/** Shows the picker and resolves with the accepted item, or undefined when dismissed; disposes it. */
export async function pickFrom<T extends vscode.QuickPickItem>(picker: vscode.QuickPick<T>): Promise<T | undefined> {
  try {
    return await new Promise<T | undefined>((resolve) => {
      picker.onDidAccept(() => resolve(picker.selectedItems[0]));
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    });
  } finally {
    picker.dispose();
  }
}
