// The one way Veo Studio offers "Set API Key": a message with the button, wherever a
// missing or rejected key is the reason something did not happen.
import * as vscode from 'vscode';
import { COMMANDS } from './ids';
import type { KeyStoreError } from '../core/api/errors';
import type { Log } from './log';
import { markTold, notify } from './messages';

type Severity = 'error' | 'warning';

export type KeyOfferAnswer<T extends string> = { readonly kind: 'setApiKey'; readonly keySet: boolean } | { readonly kind: 'other'; readonly choice: T };

/**
 * Shows `message` with a "Set API Key" button (and any `others`); runs Set API Key when it
 * is chosen. Resolves to what was chosen — Set API Key and whether a key was then set, or
 * one of `others` — or undefined when dismissed.
 */
export async function offerSetApiKey<T extends string = never>(message: string, severity: Severity, ...others: T[]): Promise<KeyOfferAnswer<T> | undefined> {
  const setKey = vscode.l10n.t('Set API Key');
  const show = severity === 'error' ? notify.error : notify.warning;
  const picked = await show<string>(message, setKey, ...others);
  if (picked === undefined) return undefined;
  if (picked === setKey) return { kind: 'setApiKey', keySet: (await vscode.commands.executeCommand<boolean>(COMMANDS.setApiKey)) === true };
  return { kind: 'other', choice: picked as T };
}

/** For commands that need a key: true when one is set, else offers "Set API Key" instead of failing. */
export async function ensureApiKey(keys: { has(): Promise<boolean> }): Promise<boolean> {
  if (await keys.has()) return true;
  const answer = await offerSetApiKey(vscode.l10n.t('Veo Studio needs your AI/ML API key to generate videos.'), 'warning');
  return answer?.kind === 'setApiKey' && answer.keySet;
}

/**
 * VS Code's secret storage failed (Linux without a keyring, a locked keychain): said once per
 * session, with the cause. The command that ran into it says nothing more about it.
 */
export function tellKeyStoreUnavailable(error: KeyStoreError, log: Log): void {
  markTold(error);
  log.error('The secret storage failed', error);
  const showLog = vscode.l10n.t('Show Log');
  void notify.error(error.message, showLog).then((choice) => choice === showLog && log.show());
}
