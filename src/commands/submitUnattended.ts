// Sending a checked request when nobody is to be asked at that moment: the argument form of
// `veoStudio.generate` and of Continue from Frame (keybindings, tasks, other extensions) and
// the chat agent's veoStudio_generateVideo and veoStudio_continueFromFrame after the person
// confirmed. One path for all: the job's workspace folder, the price and the budget rule (a
// budget that would be passed refuses with a BudgetError unless allowed), then
// JobManager.submit with the estimate kept.
import * as vscode from 'vscode';
import type { Job, JobOrigin, JobRequest } from '../core/jobs/job';
import type { Services } from '../platform/services';
import { approveSpend } from '../platform/spending';
import { folderForJob } from '../platform/workspaceFolders';

export interface UnattendedOptions {
  /** Send even when a budget would be passed (the caller asked for it, or the person approved it). */
  readonly allowOverBudget: boolean;
  /** Who asked, for the job's record (absent: the person). */
  readonly origin?: JobOrigin;
  /** What the budget refusal calls it ("this continuation"; default "this video"). */
  readonly what?: string;
  /** The job it continues (Continue from Frame): the new job hangs under it in the tree. */
  readonly parentId?: string;
  /** The workspace folder it belongs to, when the caller knows better than the request's files. */
  readonly workspaceFolder?: string;
}

export async function submitUnattended(services: Services, request: JobRequest, options: UnattendedOptions): Promise<Job> {
  const workspaceFolder = options.workspaceFolder ?? (await folderForJob(request, { ask: false }));
  const plan = await approveSpend(services, [request], { what: options.what ?? vscode.l10n.t('this video'), interactive: false, allowOverBudget: options.allowOverBudget });
  const estimate = plan?.estimates[0];
  return services.manager.submit({
    request,
    ...(workspaceFolder ? { workspaceFolder } : {}),
    ...(estimate ? { estimate } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.parentId ? { parentId: options.parentId } : {}),
  });
}
