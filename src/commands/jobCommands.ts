// Actions on jobs, from the tree's menus (which pass the job id) or the palette (which
// asks which job).
import * as vscode from 'vscode';
import { isActive, type Job } from '../core/jobs/job';
import type { JobManager } from '../core/jobs/jobManager';
import { jobDescription, shortPrompt } from '../views/jobText';
import type { CommandSpec } from './registry';

/**
 * The job a command is about: the tree row it was run on, or one the person picks from the
 * jobs `filter` offers. `refuse` (when given) says why a job cannot take the action, on
 * both routes alike: the reason is thrown, so the command's wrapper shows it.
 */
export async function jobFromArgs(
  manager: JobManager,
  arg: unknown,
  filter: (job: Job) => boolean,
  verb: string,
  refuse?: (job: Job) => string | undefined,
): Promise<Job | undefined> {
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && 'id' in arg ? String((arg as { id: unknown }).id) : undefined;
  let job: Job | undefined;
  if (id) {
    job = manager.store.get(id);
    if (!job) void vscode.window.showInformationMessage(vscode.l10n.t('Veo Studio: that job is no longer in the list.'));
  } else {
    job = await pickJob(manager, filter, verb);
  }
  const reason = job && refuse?.(job);
  if (reason) throw new Error(reason);
  return job;
}

async function pickJob(manager: JobManager, filter: (job: Job) => boolean, verb: string): Promise<Job | undefined> {
  const candidates = manager.store.all().filter(filter);
  if (!candidates.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Veo Studio: there is no job to {0}.', verb));
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((job) => ({ label: shortPrompt(job.request.prompt, 60), description: jobDescription(job, now), job })),
    { placeHolder: vscode.l10n.t('Which job do you want to {0}?', verb), matchOnDescription: true },
  );
  return picked?.job;
}

export function jobCommands(manager: JobManager): CommandSpec[] {
  return [
    {
      id: 'veoStudio.retryJob',
      run: async (arg) => {
        const job = await jobFromArgs(manager, arg, (j) => j.status !== 'submitting', vscode.l10n.t('retry'), (j) =>
          j.status === 'submitting' ? vscode.l10n.t('Veo Studio: this job is still being sent; retry it once it has an answer.') : undefined,
        );
        if (!job) return undefined;
        // The new job's id: the preview follows it, automation can watch it.
        return (await manager.retry(job.id)).id;
      },
    },
    {
      id: 'veoStudio.cancelJob',
      run: async (arg) => {
        const job = await jobFromArgs(manager, arg, isActive, vscode.l10n.t('cancel'), (j) =>
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
      id: 'veoStudio.refreshJobs',
      run: () => manager.refresh(),
    },
  ];
}
