// The ways into a video that need no panel: "Generate Video…" (palette, or an argument
// object for keybindings, tasks and other extensions), the Explorer's image menu, and the
// editor's selection menu.
import * as vscode from 'vscode';
import { AuthError } from '../core/api/errors';
import { allModels } from '../core/catalog/catalog';
import { folderOf, workspaceRoots } from '../platform/workspaceFolders';
import { isGenerateArgs, requestFromArgs } from './generateArgs';
import { generateFromImages, generateInteractively, type QuickDeps } from './quickGenerate';
import type { CommandSpec } from './registry';

export function generateCommands(deps: QuickDeps & { hasKey: () => Promise<boolean> }): CommandSpec[] {
  return [
    {
      id: 'veoStudio.generate',
      run: async (arg) => {
        if (!isGenerateArgs(arg)) {
          await generateInteractively(deps, selectedText());
          return undefined;
        }
        // The argument form: no UI at all; the job id is the answer.
        const request = requestFromArgs(arg);
        if (!(await deps.hasKey())) throw new AuthError('missing');
        const firstFile = Object.values(request.media)
          .flatMap((v) => (Array.isArray(v) ? v : [v]))
          .find((r) => r?.kind === 'file');
        const workspaceFolder = folderOf(firstFile?.kind === 'file' ? firstFile.path : undefined) ?? workspaceRoots()[0];
        const job = await deps.manager.submit({ request, ...(workspaceFolder ? { workspaceFolder } : {}) });
        return job.id;
      },
      rethrow: (arg) => isGenerateArgs(arg),
    },
    {
      id: 'veoStudio.generateFromImages',
      run: async (clicked, selected) => {
        await generateFromImages(
          deps,
          clicked instanceof vscode.Uri ? clicked : undefined,
          Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : undefined,
        );
      },
    },
    {
      id: 'veoStudio.generateFromSelection',
      run: async () => {
        const text = selectedText();
        if (!text?.trim()) throw new Error(vscode.l10n.t('Select the text to use as the prompt first.'));
        await generateInteractively(deps, text, allModels().filter((m) => m.slots.every((s) => !s.required)));
      },
    },
  ];
}

/** The active editor's selected text, which becomes the prompt. */
function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
}
