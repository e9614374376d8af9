// "Compare Videos…" (the palette, and `veoStudio.compareVideos` with `{ left, right }`: each
// a job id, a workspace path or a Uri) and "Compare With…" (a saved video's row in the Jobs
// tree, or the preview's button): the two videos side by side in the compare panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasVideo } from '../platform/jobPicker';
import { shortPrompt } from '../core/text/jobText';
import { registerCommands } from '../platform/commands';
import { COMMANDS, PANELS } from '../platform/ids';
import type { Services } from '../platform/services';
import { resolveVideo, type VideoRef } from '../platform/videoRefs';
import { CompareHost } from '../webview/compare/comparePanel';

interface CompareArgs {
  readonly left: unknown;
  readonly right: unknown;
}

const isCompareArgs = (value: unknown): value is CompareArgs => typeof value === 'object' && value !== null && 'left' in value && 'right' in value;

export function registerCompare(services: Services): vscode.Disposable {
  const { manager, log, exposeHandles } = services;
  const host = new CompareHost(services);

  /** The other video: a saved one from the list, or any video file (Browse…). */
  const pickOther = async (except: string | undefined, title: string): Promise<VideoRef | undefined> => {
    type Item = vscode.QuickPickItem & { file?: string; browse?: true };
    const items: Item[] = manager.store
      .all()
      .filter((j) => hasVideo(j) && j.output!.file !== except)
      .map((j) => ({
        label: shortPrompt(j.request.prompt, 60),
        description: path.basename(j.output!.file),
        detail: j.shotList?.take !== undefined ? vscode.l10n.t('Take {0} of shot {1}', j.shotList.take, j.shotList.index + 1) : undefined,
        file: j.output!.file,
      }));
    items.push({ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, browse: true, alwaysShow: true });
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which video?'), matchOnDescription: true, matchOnDetail: true });
    if (!picked) return undefined;
    if (picked.browse) {
      const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Compare'), filters: { Videos: ['mp4', 'mov', 'webm'] } })) ?? [];
      return uri ? resolveVideo(manager.store, uri, '') : undefined;
    }
    return resolveVideo(manager.store, picked.file, '');
  };

  const compare = async (arg: unknown): Promise<unknown> => {
    let left: VideoRef | undefined;
    let right: VideoRef | undefined;
    if (isCompareArgs(arg)) {
      left = await resolveVideo(manager.store, arg.left, vscode.l10n.t('compare'));
      right = await resolveVideo(manager.store, arg.right, vscode.l10n.t('compare'));
    } else {
      left = arg === undefined ? await pickOther(undefined, vscode.l10n.t('Veo Studio: compare which video…')) : await resolveVideo(manager.store, arg, vscode.l10n.t('compare'));
      if (!left) return undefined;
      right = await pickOther(left.file, vscode.l10n.t('Veo Studio: …with which video?'));
    }
    if (!left || !right) return undefined;
    const handle = await host.open(left, right);
    return exposeHandles ? handle : undefined;
  };

  return vscode.Disposable.from(
    host,
    vscode.window.registerWebviewPanelSerializer(PANELS.compare, { deserializeWebviewPanel: (panel, state: unknown) => host.adopt(panel, state) }),
    registerCommands(log, [
      { id: COMMANDS.compareVideos, run: compare, rethrow: isCompareArgs },
      { id: COMMANDS.compareWith, run: compare },
    ]),
  );
}
