// Actions on jobs, from the tree's menus (which pass the job id) or the palette (which
// asks which job).
import * as vscode from 'vscode';
import type { Job } from '../core/jobs/job';
import type { JobManager } from '../core/jobs/jobManager';
import { jobDescription, shortPrompt } from '../views/jobText';
import type { CommandSpec } from './registry';

/** The job a command is about: the tree row it was run on, or one the person picks. */
export async function jobFromArgs(manager: JobManager, arg: unknown, filter: (job: Job) => boolean, verb: string): Promise<Job | undefined> {
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && 'id' in arg ? String((arg as { id: unknown }).id) : undefined;
  if (id) {
    const job = manager.store.get(id);
    if (!job) void vscode.window.showInformationMessage(vscode.l10n.t('Veo Studio: that job is no longer in the list.'));
    return job;
  }
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
        const job = await jobFromArgs(manager, arg, (j) => j.status !== 'submitting', 'retry');
        if (!job) return undefined;
        // The new job's id: the preview follows it, automation can watch it.
        return (await manager.retry(job.id)).id;
      },
    },
    {
      id: 'veoStudio.cancelJob',
      run: async (arg) => {
        const job = await jobFromArgs(manager, arg, (j) => j.status === 'pending' || j.status === 'downloading' || j.status === 'submitting', 'cancel');
        if (!job) return;
        if (job.status !== 'pending' && job.status !== 'downloading' && job.status !== 'submitting') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Veo Studio: this job has already ended.'));
          return;
        }
        manager.cancel(job.id);
        void vscode.window.showInformationMessage(
          'Veo Studio stopped watching this job. The service has no way to cancel it, so it may still finish and be billed.',
        );
      },
    },
    {
      id: 'veoStudio.refreshJobs',
      run: () => manager.refresh(),
    },
  ];
}
