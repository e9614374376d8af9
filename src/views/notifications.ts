// One notification when a job ends: success with "Open" (the preview) / "Reveal in Explorer", failure
// with the reason and "Retry" / "Show Log". Jobs that end together share one summary, so a
// batch never becomes a storm of toasts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isActive, type Job } from '../core/jobs/job';
import type { JobSource } from './jobsTree';
import { shortPrompt } from './jobText';

/** Jobs that end within this window are reported together. */
const BATCH_MS = 1_000;

export interface NotificationActions {
  retry(jobId: string): Thenable<unknown> | unknown;
  resume(jobId: string): Thenable<unknown> | unknown;
  showLog(): void;
}

/**
 * Notifications render `[label](target)` as a link (even `command:` links), so text that
 * comes from a prompt or from the service is defused before it is shown.
 */
export function plain(text: string): string {
  return text.replace(/\]\s*\(/g, '] (').replace(/\s+/g, ' ').trim();
}

export function registerNotifications(jobs: JobSource, actions: NotificationActions): vscode.Disposable {
  let batch: Job[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const ended = batch;
    batch = [];
    if (ended.length === 1) void notifyOne(ended[0]!, actions);
    else if (ended.length > 1) void notifyMany(ended);
  };

  const subscription = jobs.onDidChange(({ job, previous, removed }) => {
    if (removed || !previous || !isActive(previous) || isActive(job) || job.status === 'cancelled') return;
    batch.push(job);
    timer ??= setTimeout(flush, BATCH_MS);
  });
  return new vscode.Disposable(() => {
    subscription.dispose();
    if (timer) clearTimeout(timer);
  });
}

async function notifyOne(job: Job, actions: NotificationActions): Promise<void> {
  const name = `“${plain(shortPrompt(job.request.prompt, 40))}”`;
  if (job.status === 'completed' && job.output) {
    const choice = await vscode.window.showInformationMessage(`Video saved: ${path.basename(job.output.file)}`, 'Open', 'Reveal in Explorer');
    // "Open" plays it in the preview, with its details and what can be done with it next.
    if (choice === 'Open') await vscode.commands.executeCommand('veoStudio.openVideo', job.id);
    if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('veoStudio.revealVideo', job.id);
    return;
  }
  if (job.status === 'timedOut') {
    const choice = await vscode.window.showWarningMessage(`${name} is still not finished. ${plain(job.error?.message ?? '')}`, 'Resume', 'Retry');
    if (choice === 'Resume') await actions.resume(job.id);
    if (choice === 'Retry') await actions.retry(job.id);
    return;
  }
  const reason = plain(job.error?.message ?? 'The service gave no reason.');
  const buttons = job.error?.kind === 'auth' ? ['Set API Key', 'Retry', 'Show Log'] : ['Retry', 'Show Log'];
  const choice = await vscode.window.showErrorMessage(`Video failed: ${name}. ${reason}`, ...buttons);
  if (choice === 'Set API Key') await vscode.commands.executeCommand('veoStudio.setApiKey');
  if (choice === 'Retry') await actions.retry(job.id);
  if (choice === 'Show Log') actions.showLog();
}

async function notifyMany(jobs: readonly Job[]): Promise<void> {
  const saved = jobs.filter((j) => j.status === 'completed').length;
  const failed = jobs.filter((j) => j.status === 'failed').length;
  const timedOut = jobs.filter((j) => j.status === 'timedOut').length;
  const parts = [
    saved ? `${saved} video${saved === 1 ? '' : 's'} saved` : '',
    failed ? `${failed} failed` : '',
    timedOut ? `${timedOut} timed out` : '',
  ].filter(Boolean);
  const show = failed || timedOut ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(`Veo Studio: ${parts.join(', ')}.`, 'Show Jobs');
  if (choice) await vscode.commands.executeCommand('veoStudio.jobs.focus');
}
