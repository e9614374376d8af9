// "Play Sequence" (the palette; a shot list's editor title, its Explorer menu and its row in
// the Jobs tree; `veoStudio.playSequence` with `{ shotList }`, a workspace path or a Uri):
// the chosen take of every shot, in the list's order, played back to back in the sequence
// panel, with gaps where a shot has no clip yet.
import * as vscode from 'vscode';
import { registerCommands } from '../platform/commands';
import { COMMANDS, PANELS } from '../platform/ids';
import type { Services } from '../platform/services';
import { SequenceHost } from '../webview/sequence/sequencePanel';
import { shotListArg, targetFile } from './shotList/targetFile';

export function registerPlaySequence(services: Services): vscode.Disposable {
  const { log, exposeHandles } = services;
  const host = new SequenceHost(services);

  const play = async (arg: unknown): Promise<unknown> => {
    const uri = await targetFile(arg, vscode.l10n.t('Veo Studio: Play Sequence'));
    if (!uri) return undefined;
    const handle = await host.open(uri.fsPath);
    return exposeHandles ? handle : undefined;
  };

  return vscode.Disposable.from(
    host,
    vscode.window.registerWebviewPanelSerializer(PANELS.sequence, { deserializeWebviewPanel: (panel, state: unknown) => host.adopt(panel, state) }),
    registerCommands(log, [{ id: COMMANDS.playSequence, run: play, rethrow: (arg) => shotListArg(arg) !== undefined }]),
  );
}
