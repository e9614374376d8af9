import * as vscode from 'vscode';
import { createLog } from './platform/log';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog(() => []);
  context.subscriptions.push(log, vscode.commands.registerCommand('veoStudio.showLog', () => log.show()));
  log.info('Veo Studio activated');
}

export function deactivate(): void {}
