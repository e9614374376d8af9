// One status-bar item while jobs run: a spinner and how many. A click shows the Jobs view.
import * as vscode from 'vscode';
import { isActive } from '../core/jobs/job';
import { BUILT_IN, OTHER_IDS } from '../platform/ids';
import type { Services } from '../platform/services';

export function registerStatusBar({ manager }: Services): vscode.Disposable {
  const jobs = manager.store;
  const item = vscode.window.createStatusBarItem(OTHER_IDS.statusBarItem, vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Veo Studio jobs');
  item.command = BUILT_IN.focusJobs;
  const update = () => {
    const running = jobs.all().filter(isActive).length;
    if (!running) {
      item.hide();
      return;
    }
    item.text = `$(sync~spin) ${running}`;
    item.tooltip =
      running === 1
        ? vscode.l10n.t('Veo Studio: 1 video job running. Click to show it.')
        : vscode.l10n.t('Veo Studio: {0} video jobs running. Click to show them.', running);
    item.accessibilityInformation = { label: vscode.l10n.t('Veo Studio: {0} video jobs running', running) };
    item.show();
  };
  update();
  return vscode.Disposable.from(item, jobs.onDidChange(update));
}
