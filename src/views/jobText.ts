// How a job reads in the tree, the tooltip and notifications: plain text only (never
// HTML or Markdown), so a prompt or a service message can never become markup.
import { findModel } from '../core/catalog/catalog';
import type { Job, JobStatus } from '../core/jobs/job';

export function shortPrompt(prompt: string, max = 48): string {
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

export function modelLabel(id: string): string {
  return findModel(id)?.label ?? id;
}

const STATUS_TEXT: Readonly<Record<JobStatus, string>> = {
  submitting: 'Sending',
  pending: 'Waiting',
  downloading: 'Saving',
  completed: 'Saved',
  failed: 'Failed',
  timedOut: 'Timed out',
  cancelled: 'Cancelled',
};

export function statusText(job: Job): string {
  if (job.status === 'pending' && job.remoteStatus) {
    const s = job.remoteStatus.toLowerCase();
    if (s === 'generating' || s === 'active') return 'Generating';
    if (s === 'queued' || s === 'waiting') return 'Queued';
  }
  return STATUS_TEXT[job.status];
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The one-line description beside a job's prompt in the tree. */
export function jobDescription(job: Job, now: number): string {
  const parts = [statusText(job)];
  if (job.status === 'pending' || job.status === 'submitting' || job.status === 'downloading') {
    parts.push(formatDuration(now - job.createdAt));
    if (job.notice) parts.push(job.notice);
  } else if (job.status === 'completed' && job.finishedAt) {
    parts.push(formatDuration(job.finishedAt - job.createdAt));
  }
  parts.push(modelLabel(job.request.model));
  return parts.join(' · ');
}

/** The tooltip: everything about the job, as text. */
export function jobTooltip(job: Job): string {
  const lines = [job.request.prompt, '', `Model: ${modelLabel(job.request.model)} (${job.request.model})`, `Status: ${statusText(job)}`];
  for (const [key, value] of Object.entries(job.request.options)) lines.push(`${key}: ${String(value)}`);
  for (const [field, ref] of Object.entries(job.request.media)) {
    const refs = Array.isArray(ref) ? ref : [ref];
    for (const r of refs) lines.push(`${field}: ${r.kind === 'url' ? r.url : r.path}`);
  }
  lines.push(`Created: ${new Date(job.createdAt).toLocaleString()}`);
  if (job.usage?.usd !== undefined) lines.push(`Cost: $${job.usage.usd.toFixed(2)}`);
  if (job.output) lines.push(`File: ${job.output.file}`);
  if (job.notice) lines.push(`Note: ${job.notice}`);
  if (job.error) lines.push('', job.error.message);
  if (job.generationId) lines.push(`Generation id: ${job.generationId}`);
  return lines.join('\n');
}
