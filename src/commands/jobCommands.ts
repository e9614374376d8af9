// Retry, cancel and refresh: the actions that start or stop the service's work on a job.
// (What a person does with a job's result lives in jobActions.ts.)
import * as vscode from 'vscode';
import { isActive, mayHaveRun } from '../core/jobs/job';
import { shortPrompt } from '../core/text/jobText';
import { registerCommands } from '../platform/commands';
import { COMMANDS } from '../platform/ids';
import { jobFromArgs } from '../platform/jobPicker';
import type { Services } from '../platform/services';
import { approveSpend } from '../platform/spending';
import { optionsArg, rethrowWithOptions } from './automationArgs';
import { notify } from '../platform/messages';

export function registerJobCommands(services: Services): vscode.Disposable {
  const { manager, log } = services;
  return registerCommands(log, [
    {
      id: COMMANDS.retryJob,
      run: async (arg, options) => {
        const job = await jobFromArgs(manager.store, arg, (j) => j.status !== 'submitting', vscode.l10n.t('retry'), (j) =>
          j.status === 'submitting' ? vscode.l10n.t('Veo Studio: this job is still being sent; retry it once it has an answer.') : undefined,
        );
        if (!job) return undefined;
        const given = optionsArg(options);
        if (mayHaveRun(job) && given?.['confirmDoubleBilling'] !== true) {
          if (given) throw new Error(vscode.l10n.t('This job may already have run on the service; retrying it could bill twice. Pass confirmDoubleBilling: true to retry anyway.'));
          const retryAnyway = vscode.l10n.t('Retry Anyway');
          const choice = await notify.warning(
            vscode.l10n.t('Retry “{0}”? The first request may have run.', shortPrompt(job.request.prompt, 40)),
            {
              modal: true,
              detail: vscode.l10n.t('Its answer was lost and Veo Studio could not find it in the usage logs. If the first request did run, this bills twice. Your AI/ML API dashboard shows whether it ran; if it did not, choose Mark as Not Created instead.'),
            },
            retryAnyway,
          );
          if (choice !== retryAnyway) return undefined;
        }
        const plan = await approveSpend(services, [manager.retryRequest(job.id)], {
          what: vscode.l10n.t('this retry'),
          interactive: given === undefined,
          allowOverBudget: given?.['allowOverBudget'] === true,
        });
        if (!plan) return undefined;
        const estimate = plan.estimates[0];
        // The new job's id: the preview follows it, automation can watch it.
        return (await manager.retry(job.id, estimate ? { estimate } : {})).id;
      },
      rethrow: rethrowWithOptions,
    },
    {
      id: COMMANDS.stopLooking,
      run: async (arg) => {
        const job = await jobFromArgs(manager.store, arg, (j) => j.status === 'unconfirmed', vscode.l10n.t('stop looking for'), (j) =>
          j.status === 'unconfirmed' ? undefined : vscode.l10n.t('Veo Studio is not looking for this job.'),
        );
        if (job) manager.stopLooking(job.id);
      },
    },
    {
      id: COMMANDS.markNotCreated,
      run: async (arg) => {
        const job = await jobFromArgs(manager.store, arg, mayHaveRun, vscode.l10n.t('mark as not created'), (j) =>
          mayHaveRun(j) ? undefined : vscode.l10n.t('Only a job whose answer was lost can be marked as not created.'),
        );
        if (job) manager.markNotCreated(job.id);
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
        void notify.info(
          vscode.l10n.t('Veo Studio stopped watching this job. The service has no way to cancel it, so it may still finish and be billed.'),
        );
      },
    },
    {
      id: COMMANDS.resetTimings,
      run: () => {
        manager.resetTimings();
        void notify.info(vscode.l10n.t('Veo Studio forgot how long jobs took on this service; it starts again from the documented times.'));
      },
    },
    {
      id: COMMANDS.refreshJobs,
      run: () => manager.refresh(),
    },
  ]);
}
