// What each button of the preview does: our own command, run with the job's id (one error
// wrapper, one behaviour on every route). The page names only intents, never commands.
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from '../../platform/ids';
import type { Intent } from './protocol';

const INTENT_COMMANDS: Readonly<Record<Intent, CommandId>> = {
  openExternally: COMMANDS.openExternally,
  reveal: COMMANDS.revealVideo,
  copyPrompt: COMMANDS.copyPrompt,
  regenerate: COMMANDS.retryJob,
  editAndRegenerate: COMMANDS.editAndRegenerate,
  extend: COMMANDS.extendJob,
  compareWith: COMMANDS.compareWith,
  retry: COMMANDS.retryJob,
  resume: COMMANDS.resumeJob,
  cancel: COMMANDS.cancelJob,
  showLog: COMMANDS.showLog,
  showDetails: COMMANDS.showJobDetails,
  setApiKey: COMMANDS.setApiKey,
};
const NO_JOB_ARGUMENT: ReadonlySet<Intent> = new Set(['showLog', 'setApiKey']);
/** Intents that make a new job: the preview follows it. */
const MAKES_A_JOB: ReadonlySet<Intent> = new Set(['regenerate', 'retry', 'extend']);

/** Carries out what a button asked for; resolves to a job id to show next (a new job), if any. */
export async function runIntent(intent: Intent, jobId: string): Promise<string | undefined> {
  const command = INTENT_COMMANDS[intent];
  const result: unknown = NO_JOB_ARGUMENT.has(intent) ? await vscode.commands.executeCommand(command) : await vscode.commands.executeCommand(command, jobId);
  return MAKES_A_JOB.has(intent) && typeof result === 'string' ? result : undefined;
}
