// Retry, cancel and refresh: the actions that start or stop the service's work on a job.
// (What a person does with a job's result lives in jobActions.ts.)
import * as vscode from 'vscode';
import { isActive } from '../core/jobs/job';
import { registerCommands } from '../platform/commands';
import { COMMANDS } from '../platform/ids';
import { jobFromArgs } from '../platform/jobPicker';
import type { Services } from '../platform/services';

export function registerJobCommands({ manager, log }: Services): vscode.Disposable {
  return registerCommands(log, [
    {
      id: COMMANDS.retryJob,
      run: async (arg) => {
        const job = await jobFromArgs(manager.store, arg, (j) => j.status !== 'submitting', vscode.l10n.t('retry'), (j) =>
          j.status === 'submitting' ? vscode.l10n.t('Veo Studio: this job is still being sent; retry it once it has an answer.') : undefined,
        );
        if (!job) return undefined;
        // The new job's id: the preview follows it, automation can watch it.
        return (await manager.retry(job.id)).id;
      },
    },
    {
      id: COMMANDS.cancelJob,
      run: async (arg) => {
        const job = await jobFromArgs(manager.store, arg, isActive, vscode.l10n.t('cancel'), (j) =>
          isActive(j) ? undefined : vscode.l10n.t('Veo Studio: this job has already ended.'),
        );
        if (!job) return;
        manager.cancel(job.id);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Veo Studio stopped watching this job. The service has no way to cancel it, so it may still finish and be billed.'),
        );
      },
    },
    {
      id: COMMANDS.refreshJobs,
      run: () => manager.refresh(),
    },
  ]);
}
