// Set and clear the AI/ML API key. A key is checked with a cheap authenticated request
// (the balance) before it is stored, so a typo is caught now and not at the first job.
import * as vscode from 'vscode';
import { ApiError, AuthError, QuotaError } from '../core/api/errors';
import type { ApiKeyStore } from '../platform/apiKey';
import { formatBalance } from '../core/text/money';
import { registerCommands } from '../platform/commands';
import { BUILT_IN, COMMANDS, CONTEXT_KEYS } from '../platform/ids';
import type { Log } from '../platform/log';
import type { ClientForKey, Services } from '../platform/services';
import { notify } from '../platform/messages';

export function registerApiKeyCommands({ keys, log, clientFor }: Services): vscode.Disposable {
  // `veoStudio.hasApiKey` drives the welcome view and menus; it follows other windows too.
  const setKeyContext = (hasKey: boolean) => void vscode.commands.executeCommand(BUILT_IN.setContext, CONTEXT_KEYS.hasApiKey, hasKey);
  void keys.has().then(setKeyContext, () => setKeyContext(false));
  return vscode.Disposable.from(keys.onDidChange(setKeyContext), registerCommands(log, [
    {
      id: COMMANDS.setApiKey,
      run: (arg) => setApiKey(keys, log, clientFor, typeof arg === 'string' ? arg : undefined),
      // Automation passes the key as an argument and must learn that it was refused.
      rethrow: (arg) => typeof arg === 'string',
    },
    {
      id: COMMANDS.clearApiKey,
      run: async () => {
        await keys.clear();
        log.info('API key removed');
        void notify.info(vscode.l10n.t('Veo Studio: the API key was removed from this machine.'));
      },
    },
  ]));
}

async function setApiKey(keys: ApiKeyStore, log: Log, clientFor: ClientForKey, given: string | undefined): Promise<boolean> {
  const interactive = given === undefined;
  const key = (
    given ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Veo Studio: AI/ML API key'),
      prompt: vscode.l10n.t('Paste your AI/ML API key (aimlapi.com → Dashboard → API Keys). It is kept in VS Code’s secret storage.'),
      password: true,
      ignoreFocusOut: true,
      placeHolder: vscode.l10n.t('Your AI/ML API key'),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
    }))
  )?.trim();
  if (!key) {
    if (!interactive) throw new AuthError('missing');
    return false;
  }
  keys.rememberForRedaction(key);
  const client = clientFor(key);
  let balance: string | undefined;
  try {
    const b = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: checking the API key…') },
      () => client.getBalance({ timeoutMs: 15_000 }),
    );
    balance = formatBalance(b);
  } catch (error) {
    if (error instanceof AuthError) {
      // A rejected key is never stored.
      throw new AuthError('rejected', error.serviceMessage, vscode.l10n.t('The AI/ML API rejected this key (401), so it was not saved. Check it and set it again.'));
    }
    if (error instanceof QuotaError) {
      // The key is real; it just cannot spend. Keep it and say so.
      await keys.set(key);
      void notify.warning(vscode.l10n.t('Veo Studio: the API key was saved, but the service refused it for billing: {0}', error.message));
      return true;
    }
    if (!(error instanceof ApiError) || !interactive) throw error;
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const choice = await notify.warning(
      vscode.l10n.t('Veo Studio could not check the key: {0} Save it anyway?', error.message),
      { modal: true },
      saveAnyway,
    );
    if (choice !== saveAnyway) return false;
  }
  await keys.set(key);
  log.info('API key saved');
  void notify.info(
    balance ? vscode.l10n.t('Veo Studio: API key saved. Balance: {0}.', balance) : vscode.l10n.t('Veo Studio: API key saved.'),
  );
  return true;
}
