// What a shot list becomes outside Veo Studio, one feature from its parts
// (src/commands/sequence/): "Export Sequence for Editors…" (OTIO, EDL, FCPXML beside the
// list) and "Render Sequence to MP4" (one film with ffmpeg). Both take `{ shotList }` and,
// in that argument form, hand failures back to the caller.
import * as vscode from 'vscode';
import { registerCommands } from '../platform/commands';
import { COMMANDS, TEST_COMMANDS } from '../platform/ids';
import type { Services } from '../platform/services';
import { exportCommand } from './sequence/exportSequence';
import { renderCommand } from './sequence/renderSequence';
import { RenderRuns } from './sequence/renderRuns';
import { shotListArg } from './shotList/targetFile';

/** Failures reach the caller only in the argument form (menus pass a Uri). */
const withArgs = (arg: unknown): boolean => shotListArg(arg) !== undefined;

export function registerSequenceOutputs(services: Services): vscode.Disposable {
  const runs = new RenderRuns();
  const subscriptions = [
    registerCommands(services.log, [
      { id: COMMANDS.exportSequence, run: exportCommand(services), rethrow: withArgs },
      { id: COMMANDS.renderSequence, run: renderCommand({ ...services, runs }), rethrow: withArgs },
    ]),
  ];
  // The extension's own tests press Cancel here (a notification's button is out of their reach).
  if (services.exposeHandles) subscriptions.push(vscode.commands.registerCommand(TEST_COMMANDS.renders, () => runs.handle()));
  return vscode.Disposable.from(...subscriptions);
}
