// "Show Log": the Veo Studio output channel, where every request and outcome is written
// (with the key redacted).
import type * as vscode from 'vscode';
import { registerCommands } from '../platform/commands';
import { COMMANDS } from '../platform/ids';
import type { Services } from '../platform/services';

export function registerShowLog({ log }: Services): vscode.Disposable {
  return registerCommands(log, [{ id: COMMANDS.showLog, run: () => log.show() }]);
}
