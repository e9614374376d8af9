// Every command goes through one wrapper: it logs what failed and shows the person one
// message that says what happened and what to do (with "Set API Key" when the key is the
// problem), instead of VS Code's generic "command failed".
import * as vscode from 'vscode';
import { ApiError, AuthError, ValidationError } from '../core/api/errors';
import type { CommandId } from './ids';
import { offerSetApiKey } from './keyPrompts';
import type { Log } from './log';
import { notify, wasTold } from './messages';

export type CommandHandler = (...args: unknown[]) => unknown;

export interface CommandSpec {
  readonly id: CommandId;
  readonly run: CommandHandler;
  /**
   * Whether a failure should also reach the caller (e.g. another extension or a task
   * that passed arguments), on top of the message shown. Default: never.
   */
  readonly rethrow?: (...args: unknown[]) => boolean;
  /**
   * Whether the caller tells about a failure itself, so no message is shown (the chat
   * agent's tools answer the model, whose reply the person reads). Such a call rethrows.
   */
  readonly quiet?: (...args: unknown[]) => boolean;
}

export function registerCommands(log: Log, specs: readonly CommandSpec[]): vscode.Disposable {
  return vscode.Disposable.from(
    ...specs.map((spec) =>
      vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
        try {
          return await spec.run(...args);
        } catch (error) {
          log.error(`${spec.id} failed`, error);
          if (spec.quiet?.(...args)) throw error;
          void showError(error, log);
          if (spec.rethrow?.(...args)) throw error;
          return undefined;
        }
      }),
    ),
  );
}

/** The one message a failed command shows (none when the person was just told about this very error). */
export async function showError(error: unknown, log: Log): Promise<void> {
  if (wasTold(error)) return;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AuthError) {
    await offerSetApiKey(message, 'error');
    return;
  }
  if (error instanceof ValidationError) {
    await notify.error(message);
    return;
  }
  const choice = await notify.error(
    error instanceof ApiError || message.endsWith('.') ? message : vscode.l10n.t('Veo Studio: {0}', message),
    vscode.l10n.t('Show Log'),
  );
  if (choice) log.show();
}
