// One notification when a job ends: success with "Open" (the preview) / "Reveal in Explorer", failure
// with the reason and "Retry" / "Show Log". Jobs that end together share one summary, so a
// batch never becomes a storm of toasts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canResume, type Job } from '../core/jobs/job';
import { shortPrompt } from '../core/text/jobText';
import { BUILT_IN, COMMANDS } from '../platform/ids';
import { offerSetApiKey } from '../platform/keyPrompts';
import type { Services } from '../platform/services';
import { reportsEnd, summarizeEnded } from './endedJobs';
import { notify } from '../platform/messages';

/** Jobs that end within this window are reported together. */
const BATCH_MS = 1_000;

/** The buttons run our own commands: one behaviour (and one error message) for every route. */
const run = (command: string, jobId?: string) => vscode.commands.executeCommand(command, ...(jobId ? [jobId] : []));

/** A prompt or a reason on one line (links in it are defused by notify, platform/messages.ts). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function registerNotifications({ manager }: Services): vscode.Disposable {
  const jobs = manager.store;
  let batch: Job[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const ended = batch;
    batch = [];
    if (ended.length === 1) void notifyOne(ended[0]!);
    else if (ended.length > 1) void notifyMany(ended);
  };

  const subscription = jobs.onDidChange((change) => {
    if (!reportsEnd(change)) return;
    batch.push(change.job);
    timer ??= setTimeout(flush, BATCH_MS);
  });
  return new vscode.Disposable(() => {
    subscription.dispose();
    if (timer) clearTimeout(timer);
  });
}

async function notifyOne(job: Job): Promise<void> {
  const name = `“${oneLine(shortPrompt(job.request.prompt, 40))}”`;
  if (job.status === 'completed' && job.output) {
    const open = vscode.l10n.t('Open');
    const reveal = vscode.l10n.t('Reveal in Explorer');
    const choice = await notify.info(vscode.l10n.t('Video saved: {0}', path.basename(job.output.file)), open, reveal);
    // "Open" plays it in the preview, with its details and what can be done with it next.
    if (choice === open) await run(COMMANDS.openVideo, job.id);
    if (choice === reveal) await run(COMMANDS.revealVideo, job.id);
    return;
  }
  if (job.status === 'timedOut') {
    const resume = vscode.l10n.t('Resume');
    const retry = vscode.l10n.t('Retry');
    const choice = await notify.warning(vscode.l10n.t('{0} is still not finished. {1}', name, oneLine(job.error?.message ?? '')), resume, retry);
    if (choice === resume) await run(COMMANDS.resumeJob, job.id);
    if (choice === retry) await run(COMMANDS.retryJob, job.id);
    return;
  }
  const reason = oneLine(job.error?.message ?? vscode.l10n.t('The service gave no reason.'));
  const resume = vscode.l10n.t('Resume');
  const retry = vscode.l10n.t('Retry');
  const showLog = vscode.l10n.t('Show Log');
  // A job the service still has (a failed save, say) is resumed, not sent (and billed) again.
  const buttons = [canResume(job) ? resume : retry, showLog];
  const message = vscode.l10n.t('Video failed: {0}. {1}', name, reason);
  const choice =
    job.error?.kind === 'auth'
      ? await offerSetApiKey(message, 'error', ...buttons).then((a) => (a?.kind === 'other' ? a.choice : undefined))
      : await notify.error(message, ...buttons);
  if (choice === resume) await run(COMMANDS.resumeJob, job.id);
  if (choice === retry) await run(COMMANDS.retryJob, job.id);
  if (choice === showLog) await run(COMMANDS.showLog);
}

async function notifyMany(jobs: readonly Job[]): Promise<void> {
  const { saved, failed, timedOut, cause, keyFailures } = summarizeEnded(jobs);
  const parts = [
    saved === 1 ? vscode.l10n.t('1 video saved') : saved ? vscode.l10n.t('{0} videos saved', saved) : '',
    failed ? vscode.l10n.t('{0} failed', failed) : '',
    timedOut ? vscode.l10n.t('{0} timed out', timedOut) : '',
  ].filter(Boolean);
  const counts = parts.join(', ');
  // The cause, when the failures share one; a key among the causes is said, and mended, either way.
  const message =
    cause?.kind === 'auth'
      ? vscode.l10n.t('Veo Studio: {0}: the AI/ML API rejected the API key (401). Set it again, then run Resume All Jobs.', counts)
      : cause?.kind === 'same'
        ? vscode.l10n.t('Veo Studio: {0}: {1}', counts, oneLine(cause.message))
        : keyFailures
          ? vscode.l10n.t('Veo Studio: {0} ({1} because the AI/ML API rejected the API key).', counts, keyFailures)
          : vscode.l10n.t('Veo Studio: {0}.', counts);
  const showJobs = vscode.l10n.t('Show Jobs');
  const choice = keyFailures
    ? await offerSetApiKey(message, 'warning', showJobs).then((a) => (a?.kind === 'other' ? a.choice : undefined))
    : await (failed || timedOut ? notify.warning : notify.info)(message, showJobs);
  if (choice === showJobs) await run(BUILT_IN.focusJobs);
}
