// What the preview shows for a job, decided in one pure function: the text, the facts, the
// problem and what to do about it, and which buttons make sense. The page only renders it.
import { canResume, isActive, type Job, type JobError } from '../../core/jobs/job';
import { jobDescription, jobSections, shortPrompt, type DetailContext } from '../../core/text/jobText';
import * as l10n from '@vscode/l10n';
import type { Intent, PreviewView } from './protocol';

export interface PreviewContext extends DetailContext {
  /** The saved video as a webview URI, when the file is still there. */
  readonly videoSrc?: string;
  readonly fileExists: boolean;
  /** Frames saved from the video, as webview URIs (the strip). */
  readonly frames?: PreviewView['frames'];
  /** Whether the video has no poster yet. */
  readonly wantsPoster?: boolean;
}

const ICONS: Readonly<Record<Intent, string>> = {
  openExternally: 'link-external',
  reveal: 'go-to-file',
  copyPrompt: 'copy',
  regenerate: 'refresh',
  editAndRegenerate: 'edit',
  extend: 'arrow-right',
  compareWith: 'split-horizontal',
  retry: 'refresh',
  resume: 'debug-continue',
  cancel: 'debug-stop',
  showLog: 'output',
  showDetails: 'info',
  setApiKey: 'key',
};

function labelOf(intent: Intent): string {
  switch (intent) {
    case 'openExternally':
      return l10n.t('Open Externally');
    case 'reveal':
      return l10n.t('Reveal in Explorer');
    case 'copyPrompt':
      return l10n.t('Copy Prompt');
    case 'regenerate':
      return l10n.t('Regenerate');
    case 'editAndRegenerate':
      return l10n.t('Edit & Regenerate');
    case 'extend':
      return l10n.t('Extend…');
    case 'compareWith':
      return l10n.t('Compare With…');
    case 'retry':
      return l10n.t('Retry');
    case 'resume':
      return l10n.t('Resume');
    case 'cancel':
      return l10n.t('Cancel');
    case 'showLog':
      return l10n.t('Show Log');
    case 'showDetails':
      return l10n.t('Details');
    case 'setApiKey':
      return l10n.t('Set API Key');
  }
}

/** The buttons for a job in this state, most useful first. */
export function previewIntents(job: Job, fileExists: boolean): Intent[] {
  if (isActive(job)) return ['cancel', 'copyPrompt', 'showDetails'];
  if (job.status === 'completed') {
    return fileExists
      ? ['openExternally', 'reveal', 'extend', 'compareWith', 'regenerate', 'editAndRegenerate', 'copyPrompt', 'showDetails']
      : ['regenerate', 'editAndRegenerate', 'copyPrompt', 'showDetails'];
  }
  const intents: Intent[] = [];
  if (job.error?.kind === 'auth') intents.push('setApiKey');
  if (canResume(job)) intents.push('resume');
  intents.push('retry', 'editAndRegenerate', 'copyPrompt');
  if (job.status === 'failed') intents.push('showLog');
  intents.push('showDetails');
  return intents;
}

/** What the person can do about an error, in a sentence. */
export function adviceFor(error: JobError | undefined, job: Job): string {
  switch (error?.kind) {
    case 'auth':
      return l10n.t('Set your AI/ML API key again, then retry.');
    case 'quota':
      return l10n.t('Top up your AI/ML API balance, or check that the key may generate video, then retry.');
    case 'validation':
    case 'media':
      return l10n.t('Change the request with Edit & Regenerate.');
    case 'generation':
      return l10n.t('The service could not make this video (a safety filter, for instance). Change the prompt or images with Edit & Regenerate.');
    case 'timeout':
      return job.status === 'timedOut'
        ? l10n.t('Resume to keep waiting for it, or Retry to send it again (a retry is a new job and is billed again).')
        : l10n.t('Retry sends it again as a new job.');
    case 'notFound':
      return l10n.t('The service no longer knows this job. Retry sends it again as a new job.');
    case 'download':
      return canResume(job)
        ? l10n.t('The video was made but could not be saved. Resume fetches it again; Show Log has the details.')
        : l10n.t('The video was made but could not be saved. Show Log has the details.');
    case 'interrupted':
    case 'unconfirmed':
      return l10n.t('Your AI/ML API dashboard shows whether the first request ran. If it did not, Mark as Not Created; Retry sends it again and, if the first one did run, bills twice.');
    case 'notCreated':
      return l10n.t('Nothing was made or billed. Retry sends it.');
    case 'noVideo':
      return l10n.t('The service said it finished but sent no video; Resume asks again at no cost.');
    case 'keyStore':
      return l10n.t('Unlock the system keychain (on Linux, VS Code needs a keyring), then Resume: the service still has the job.');
    default:
      return canResume(job)
        ? l10n.t('Resume to ask the service again, or Retry to send it as a new job. Show Log has the details.')
        : l10n.t('Retry sends it again as a new job. Show Log has the details.');
  }
}

function problemOf(job: Job, ctx: PreviewContext): PreviewView['problem'] {
  if (isActive(job)) {
    return {
      severity: 'info',
      message: job.notice ?? (job.status === 'downloading' ? l10n.t('Saving the video into the workspace…') : l10n.t('The service is making this video.')),
      advice: l10n.t('It appears here as soon as it is saved. You can close this panel: the job keeps running.'),
    };
  }
  switch (job.status) {
    case 'completed':
      if (ctx.fileExists) return undefined;
      return {
        severity: 'warning',
        message: l10n.t('The video file is no longer at {0}.', job.output ? (ctx.relative ?? ((f: string) => f))(job.output.file) : '?'),
        advice: l10n.t('It was moved or deleted. Regenerate makes it again (and is billed again).'),
      };
    case 'cancelled':
      return {
        severity: 'warning',
        message: l10n.t('You stopped watching this job. The service has no way to cancel it, so it may still finish and be billed.'),
        advice: canResume(job) ? l10n.t('Resume to keep watching it and save the video when it is ready.') : l10n.t('Retry sends it again as a new job.'),
      };
    case 'timedOut':
    case 'failed':
      return {
        severity: job.status === 'failed' ? 'error' : 'warning',
        message: job.error?.message ?? l10n.t('The service gave no reason.'),
        advice: adviceFor(job.error, job),
      };
    default:
      return undefined;
  }
}

/** Everything the page shows for one job. */
export function previewView(job: Job, ctx: PreviewContext): PreviewView {
  const hasVideo = job.status === 'completed' && ctx.fileExists && ctx.videoSrc !== undefined && job.output !== undefined;
  const audio = job.request.options['generate_audio'];
  const problem = problemOf(job, ctx);
  return {
    jobId: job.id,
    title: shortPrompt(job.request.prompt, 80),
    prompt: job.request.prompt,
    status: job.status,
    statusText: jobDescription(job, ctx.now),
    ...(hasVideo ? { video: { src: ctx.videoSrc!, fileName: job.output!.file.split(/[\\/]/).pop() ?? '' } } : {}),
    ...(hasVideo && audio !== false
      ? {
          audioNote: l10n.t(
            'No sound? Desktop VS Code plays video with a built-in decoder that has no AAC audio, so Veo clips play silently in the editor. Open Externally plays them with sound.',
          ),
        }
      : {}),
    ...(problem ? { problem } : {}),
    sections: jobSections(job, ctx).map((s) => ({ title: s.title, rows: s.rows.map((r) => ({ label: r.label, value: r.value })) })),
    ...(hasVideo && ctx.frames?.length ? { frames: ctx.frames } : {}),
    ...(hasVideo && ctx.wantsPoster ? { wantsPoster: true } : {}),
    actions: previewIntents(job, ctx.fileExists).map((intent, i) => ({
      intent,
      label: labelOf(intent),
      icon: ICONS[intent],
      // The first action stands out, unless it is Cancel: stopping is never the suggestion.
      ...(i === 0 && intent !== 'cancel' ? { primary: true } : {}),
    })),
  };
}
