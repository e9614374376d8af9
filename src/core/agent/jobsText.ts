// veoStudio_getJobs' answer: each job's state, how long it has run, where its video was
// saved, what it cost (estimate and actual), what went wrong and what to do about it. What
// to do is said for a model: never "send it again" where that could bill twice, and the
// person's own actions (Resume, Retry, Set API Key) named as the Jobs view shows them.
import { remotePhase } from '../api/remoteStatus';
import { findModel } from '../catalog/catalog';
import { canResume, isActive, type Job } from '../jobs/job';
import { costText, formatUsd } from '../text/money';
import { formatDuration, shortPrompt } from '../text/jobText';
import type { JobsQuery } from './toolInputs';
import { SET_API_KEY_HINT } from './spendText';

export interface JobsTextContext {
  readonly now: number;
  /** A path as the person knows it: workspace-relative where it can be. */
  readonly relative: (file: string) => string;
}

function stateText(job: Job): string {
  switch (job.status) {
    case 'submitting':
      return 'being sent to the service';
    case 'unconfirmed':
      return "not confirmed: the service's answer was lost, and Veo Studio is looking for the job in the usage logs";
    case 'pending': {
      const phase = remotePhase(job.remoteStatus);
      return phase === 'generating' ? 'generating on the service' : phase === 'queued' ? 'queued on the service' : 'waiting on the service';
    }
    case 'downloading':
      return 'made by the service; being saved into the workspace';
    case 'completed':
      return 'done: the video is saved';
    case 'failed':
      return 'failed';
    case 'timedOut':
      return 'timed out (the service took longer than veoStudio.jobTimeoutMinutes)';
    case 'cancelled':
      return 'cancelled (the person stopped watching it)';
  }
}

const RESUME = 'The person can use Resume on the job in the Jobs view to keep waiting for it (no new charge).';

/** What to do about a job now, for the model. */
export function nextStep(job: Job): string {
  const model = findModel(job.request.model);
  switch (job.status) {
    case 'submitting':
    case 'downloading':
      return 'Nothing to do; check again in a few seconds.';
    case 'pending':
      return `Nothing to do; Veo usually takes ${model ? `${model.timing.minSeconds}–${model.timing.maxSeconds} s` : 'a minute or two'}. Check again in about 30 s.`;
    case 'unconfirmed':
      return 'Do not send it again: it may already be running and billed. Check again in a minute.';
    case 'completed':
      return 'Nothing to do; the person can play it from the Jobs view.';
    case 'timedOut':
      return `The service is slow. ${RESUME} Generating it again would bill again.`;
    case 'cancelled':
      return `The service may still finish and bill it. ${canResume(job) ? RESUME : 'It can be generated again if the person wants it.'}`;
    case 'failed':
      break;
  }
  switch (job.error?.kind) {
    case 'auth':
      return `The API key was missing or rejected. ${SET_API_KEY_HINT}`;
    case 'quota':
      return 'Not billed. The account is out of credits or the key may not make videos: ask the person to top up their AI/ML API balance or check the key.';
    case 'validation':
      return 'Not billed. The service refused the request: correct the field the error names, check it with veoStudio_estimateCost, then generate again.';
    case 'generation':
      return 'Not billed. The service could not make this video (a content-policy refusal is common): change the prompt or the model, then generate again.';
    case 'media':
      return 'Not billed. An image or video could not be read: give a PNG, JPEG or WebP image (or an MP4 video) inside the workspace, then generate again.';
    case 'download':
      return canResume(job)
        ? 'The video was made and billed; only saving it failed. Do not generate it again: the person can use Resume on the job in the Jobs view to save it (no new charge).'
        : 'The video was made and billed; only saving it failed. Do not generate it again; ask the person to look at the job in the Jobs view.';
    case 'unconfirmed':
    case 'interrupted':
      return 'It may have run and may be billed. Do not send it again; ask the person to check their AI/ML API dashboard (if it never ran, they can use Mark as Not Created, and it can then be generated again).';
    case 'notCreated':
      return 'It never ran and was not billed; it can be generated again.';
    case 'config':
      return 'A setting stopped it (veoStudio.apiBaseUrl): ask the person to check their Veo Studio settings.';
    default:
      return canResume(job) ? `A passing problem, not the request. ${RESUME}` : 'A passing problem, not the request: try again later.';
  }
}

function costLine(job: Job): string {
  const actual = costText(job.usage);
  const estimate = job.estimate ? `estimated ${formatUsd(job.estimate.usd)} (${job.estimate.basis})` : undefined;
  if (actual) return [`${actual} (reported by the service)`, estimate].filter(Boolean).join('; ');
  return estimate ?? 'no estimate was known when it was sent';
}

/** One job as a block of lines. */
export function jobText(job: Job, ctx: JobsTextContext): string {
  const took = job.finishedAt ? `took ${formatDuration(job.finishedAt - job.createdAt)}` : `running for ${formatDuration(ctx.now - job.createdAt)}`;
  const lines = [
    `Job ${job.id}: ${stateText(job)}; ${took}.`,
    `  Prompt: "${shortPrompt(job.request.prompt, 100)}" — model ${job.request.model}.`,
  ];
  if (job.output) lines.push(`  Saved: ${ctx.relative(job.output.file)}${job.output.sidecar ? ` (sidecar ${ctx.relative(job.output.sidecar)})` : ''}.`);
  lines.push(`  Cost: ${costLine(job)}.`);
  if (job.shotList) lines.push(`  From shot ${job.shotList.index + 1} of ${ctx.relative(job.shotList.file)}.`);
  lines.push(`  Started by: ${job.origin === 'agent' ? 'the agent (with the person\'s approval)' : 'the person'}.`);
  if (job.notice) lines.push(`  Note: ${job.notice}`);
  if (job.error) lines.push(`  Error: ${job.error.message}`);
  lines.push(`  Next: ${nextStep(job)}`);
  return lines.join('\n');
}

/** The jobs a query asks for (`jobs` newest first, as the store lists them), as text. */
export function jobsText(query: JobsQuery, jobs: readonly Job[], ctx: JobsTextContext, recent: number): string {
  if (query.kind === 'ids') {
    const byId = new Map(jobs.map((j) => [j.id, j]));
    return query.ids
      .map((id) => {
        const job = byId.get(id);
        return job ? jobText(job, ctx) : `Job ${id}: not found. It may have been removed from the Jobs view, or the id is wrong (call veoStudio_getJobs with {} for the recent jobs).`;
      })
      .join('\n\n');
  }
  const chosen = query.kind === 'active' ? jobs.filter(isActive) : jobs.slice(0, recent);
  if (!chosen.length) return query.kind === 'active' ? 'No job is running.' : 'There are no jobs in this workspace yet.';
  const head =
    query.kind === 'active' ? `${chosen.length} job(s) running, newest first:` : `The ${chosen.length} newest job(s) of ${jobs.length}, newest first:`;
  return [head, ...chosen.map((j) => jobText(j, ctx))].join('\n\n');
}
