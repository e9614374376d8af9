// Which job a command is about: the one rule every job command follows, whether it came
// from a tree row or a preview button (which pass the job id) or from the palette (which
// asks).
import * as vscode from 'vscode';
import type { Job } from '../core/jobs/job';
import type { JobStore } from '../core/jobs/jobStore';
import { jobDescription, shortPrompt } from '../core/text/jobText';
import { notify } from './messages';

export type JobReader = Pick<JobStore, 'get' | 'all'>;

/**
 * The job a command is about: the tree row it was run on, or one the person picks from the
 * jobs `filter` offers. `refuse` (when given) says why a job cannot take the action, on
 * both routes alike: the reason is thrown, so the command's wrapper shows it.
 */
export async function jobFromArgs(
  jobs: JobReader,
  arg: unknown,
  filter: (job: Job) => boolean,
  verb: string,
  refuse?: (job: Job) => string | undefined,
): Promise<Job | undefined> {
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && 'id' in arg ? String((arg as { id: unknown }).id) : undefined;
  let job: Job | undefined;
  if (id) {
    job = jobs.get(id);
    if (!job) void notify.info(vscode.l10n.t('Veo Studio: that job is no longer in the list.'));
  } else {
    job = await pickJob(jobs, filter, verb);
  }
  const reason = job && refuse?.(job);
  if (reason) throw new Error(reason);
  return job;
}

async function pickJob(jobs: JobReader, filter: (job: Job) => boolean, verb: string): Promise<Job | undefined> {
  const candidates = jobs.all().filter(filter);
  if (!candidates.length) {
    void notify.info(vscode.l10n.t('Veo Studio: there is no job to {0}.', verb));
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((job) => ({ label: shortPrompt(job.request.prompt, 60), description: jobDescription(job, now), job })),
    { placeHolder: vscode.l10n.t('Which job do you want to {0}?', verb), matchOnDescription: true },
  );
  return picked?.job;
}

/** A job whose video was saved: what open, reveal, extend and "save as shot" act on. */
export const hasVideo = (job: Job): boolean => job.status === 'completed' && job.output !== undefined;
