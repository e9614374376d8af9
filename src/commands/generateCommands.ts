// The ways into a video that need no panel: "Generate Video…" (palette, or an argument
// object for keybindings, tasks and other extensions), the Explorer's image menu, and the
// editor's selection menu.
import * as vscode from 'vscode';
import { AuthError } from '../core/api/errors';
import { allModels } from '../core/catalog/catalog';
import { registerCommands } from '../platform/commands';
import { COMMANDS } from '../platform/ids';
import { ensureApiKey } from '../platform/keyPrompts';
import type { Services } from '../platform/services';
import { isGenerateArgs, requestFromArgs } from '../core/jobs/generateArgs';
import { argsContext } from '../platform/workspaceFolders';
import { generateFromImages, generateInteractively, type QuickDeps } from './quickGenerate';
import { submitUnattended } from './submitUnattended';

export function registerGenerateCommands(services: Services): vscode.Disposable {
  const { manager, prices, memento, keys, client } = services;
  const deps: QuickDeps = { manager, prices, client, memento, ensureKey: () => ensureApiKey(keys) };
  return registerCommands(services.log, [
    {
      id: COMMANDS.generate,
      run: async (arg) => {
        if (!isGenerateArgs(arg)) {
          await generateInteractively(deps, selectedText());
          return undefined;
        }
        // The argument form: no UI at all; the job id is the answer.
        const request = requestFromArgs(arg, argsContext);
        if (!(await keys.has())) throw new AuthError('missing');
        // Nobody to ask here: a budget that would be passed refuses (BudgetError) unless allowed.
        const job = await submitUnattended(services, request, { allowOverBudget: arg['allowOverBudget'] === true });
        return job.id;
      },
      rethrow: (arg) => isGenerateArgs(arg),
    },
    {
      id: COMMANDS.generateFromImages,
      run: async (clicked, selected) => {
        await generateFromImages(
          deps,
          clicked instanceof vscode.Uri ? clicked : undefined,
          Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : undefined,
        );
      },
    },
    {
      id: COMMANDS.generateFromSelection,
      run: async () => {
        const text = selectedText();
        if (!text?.trim()) throw new Error(vscode.l10n.t('Select the text to use as the prompt first.'));
        await generateInteractively(deps, text, allModels().filter((m) => m.slots.every((s) => !s.required)));
      },
    },
  ]);
}

/** The active editor's selected text, which becomes the prompt. */
function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
}
