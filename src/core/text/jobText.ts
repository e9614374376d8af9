// How a job reads in the tree, the tooltip and notifications: plain text only (never
// HTML or Markdown), so a prompt or a service message can never become markup. The words go
// through @vscode/l10n: the extension hands it VS Code's bundle at activation
// (src/extension.ts), and `npm run l10n` exports them; unit tests read the English.
import { remotePhase } from '../api/remoteStatus';
import { findModel, option, slot } from '../catalog/catalog';
import type { MediaField, OptionValue } from '../catalog/types';
import type { Job, JobStatus, MediaRef } from '../jobs/job';
import { formatBytes } from '../util/format';
import { costText, formatUsd } from './money';
import * as l10n from '@vscode/l10n';


export function shortPrompt(prompt: string, max = 48): string {
  // Only the head is made one line: a tree of 1,000 long prompts draws every row with this.
  const head = prompt.length > max * 4 ? prompt.slice(0, max * 4) : prompt;
  const headLine = head.replace(/\s+/g, ' ').trim();
  if (head !== prompt && headLine.length > max) return `${headLine.slice(0, max - 1).trimEnd()}…`;
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

export function modelLabel(id: string): string {
  return findModel(id)?.label ?? id;
}

/** A status as the tree says it (a function: the bundle is loaded after this module). */
function statusWord(status: JobStatus): string {
  switch (status) {
    case 'submitting':
      return l10n.t('Sending');
    case 'unconfirmed':
      return l10n.t('Not confirmed');
    case 'pending':
      return l10n.t('Waiting');
    case 'downloading':
      return l10n.t('Saving');
    case 'completed':
      return l10n.t('Saved');
    case 'failed':
      return l10n.t('Failed');
    case 'timedOut':
      return l10n.t('Timed out');
    case 'cancelled':
      return l10n.t('Cancelled');
  }
}

export function statusText(job: Job): string {
  if (job.status === 'pending') {
    // The service's word, as core reads it (remoteStatus.ts); a word it does not know stays "Waiting".
    const phase = remotePhase(job.remoteStatus);
    if (phase === 'generating') return l10n.t('Generating');
    if (phase === 'queued') return l10n.t('Queued');
  }
  return statusWord(job.status);
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return l10n.t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return l10n.t('{0} min {1} s', m, s % 60);
  return l10n.t('{0} h {1} min', Math.floor(m / 60), m % 60);
}

/** The one-line description beside a job's prompt in the tree. */
export function jobDescription(job: Job, now: number): string {
  const parts = [statusText(job)];
  if (job.status === 'pending' || job.status === 'submitting' || job.status === 'downloading') {
    parts.push(formatDuration(now - job.createdAt));
    if (job.notice) parts.push(job.notice);
  } else if (job.status === 'completed' && job.finishedAt) {
    parts.push(formatDuration(job.finishedAt - job.createdAt));
  } else if (job.status === 'cancelled') {
    // What the cancel means for money: the manager's note (sent, refused, lost…), else a
    // word when the service had the job already.
    if (job.notice) parts.push(job.notice);
    else if (job.generationId) parts.push(l10n.t('may still be billed'));
  }
  parts.push(modelLabel(job.request.model));
  if (job.origin === 'agent') parts.push(l10n.t('by the agent'));
  return parts.join(' · ');
}

/** Who asked for a job, when it was not the person directly. */
function originText(job: Job): string | undefined {
  return job.origin === 'agent' ? l10n.t('The chat agent (Veo Studio tools), with your confirmation') : undefined;
}

/** The tooltip: everything about the job, as text. */
export function jobTooltip(job: Job): string {
  const lines = [job.request.prompt, '', l10n.t('Model: {0} ({1})', modelLabel(job.request.model), job.request.model), l10n.t('Status: {0}', statusText(job))];
  for (const [key, value] of Object.entries(job.request.options)) lines.push(`${key}: ${String(value)}`);
  for (const [field, ref] of Object.entries(job.request.media)) {
    const refs = Array.isArray(ref) ? ref : [ref];
    for (const r of refs) lines.push(`${field}: ${r.kind === 'url' ? r.url : r.path}`);
  }
  lines.push(l10n.t('Created: {0}', new Date(job.createdAt).toLocaleString()));
  const origin = originText(job);
  if (origin) lines.push(l10n.t('Started by: {0}', origin));
  const cost = costText(job.usage, l10n.t);
  if (cost) lines.push(l10n.t('Cost: {0}', cost));
  if (job.estimate) lines.push(l10n.t('Estimated: {0} ({1})', formatUsd(job.estimate.usd), job.estimate.basis));
  if (job.output) lines.push(l10n.t('File: {0}', job.output.file));
  if (job.notice) lines.push(l10n.t('Note: {0}', job.notice));
  if (job.error) lines.push('', job.error.message);
  if (job.generationId) lines.push(l10n.t('Generation id: {0}', job.generationId));
  // Sent, but no id from the service: the AI/ML API's logs know it by ours.
  else if (job.sentAt !== undefined) lines.push(l10n.t('Request id (X-Client-Request-Id): {0}', job.id));
  return lines.join('\n');
}

// ---- everything about one job, for the preview and the details document ---------------

export interface DetailRow {
  readonly label: string;
  readonly value: string;
}

export interface DetailSection {
  readonly title: string;
  readonly rows: readonly DetailRow[];
}

export interface DetailContext {
  readonly now: number;
  /** The job this one extends, when it is still in the list. */
  readonly parent?: Job;
  /** Shows a path as a person knows it (workspace-relative where it can). */
  readonly relative?: (file: string) => string;
  /** Dates and times as text; default: the host's locale. */
  readonly formatTime?: (epochMs: number) => string;
}

function optionValueText(modelId: string, key: string, value: OptionValue): string {
  const spec = findModel(modelId) && option(findModel(modelId)!, key);
  if (typeof value === 'boolean') return value ? l10n.t('Yes') : l10n.t('No');
  if (spec?.kind === 'enum' && spec.valueLabels?.[String(value)]) return spec.valueLabels[String(value)]!;
  if (key === 'duration' && typeof value === 'number') return l10n.t('{0} s', value);
  return String(value);
}

function optionLabel(modelId: string, key: string): string {
  const model = findModel(modelId);
  return (model && option(model, key)?.label) ?? key;
}

function sourceText(ref: MediaRef, relative: (file: string) => string): string {
  if (ref.kind === 'file') return relative(ref.path);
  if (ref.url.startsWith('data:')) return l10n.t('(inline data)');
  return ref.url;
}

/** What a job without reported usage costs, as the docs put it: only made videos are billed. */
function unbilledText(job: Job): string {
  switch (job.status) {
    case 'completed':
      return l10n.t('Not reported by the service');
    case 'failed':
      switch (job.error?.kind) {
        case 'download':
          return l10n.t('Billed: the service made the video, only saving it failed');
        case 'unconfirmed':
        case 'interrupted':
          // Never "not billed": the create may have run.
          return l10n.t('Unknown: if the service received it, it bills when the video is made');
        case 'notCreated':
          return l10n.t('Not billed: never started (as you said)');
        case 'generation':
          return l10n.t('Not billed: the service failed the job');
      }
      // Failed on our side after the service took it (a poll, say): it may still have run.
      if (job.generationId) return l10n.t('Billed only if the service still made the video');
      return l10n.t('Not billed: the service refused the request');
    case 'unconfirmed':
      return l10n.t('Unknown until the job is found: it bills if the service started it');
    case 'cancelled':
      if (job.sentAt === undefined && !job.generationId) return l10n.t('Not billed: cancelled before it was sent');
      return l10n.t('Billed only if the service still makes the video');
    case 'timedOut':
      return l10n.t('Billed only if the service still makes the video');
    default:
      return l10n.t('Billed when the video is made');
  }
}

/** The job's facts in sections — file, request, job — all as plain text. */
export function jobSections(job: Job, ctx: DetailContext): DetailSection[] {
  const relative = ctx.relative ?? ((f: string) => f);
  const time = ctx.formatTime ?? ((ms: number) => new Date(ms).toLocaleString());
  const sections: DetailSection[] = [];

  const video: DetailRow[] = [];
  if (job.output) {
    video.push({ label: l10n.t('File'), value: relative(job.output.file) });
    video.push({ label: l10n.t('Size'), value: formatBytes(job.output.bytes) });
  }
  const duration = job.request.options['duration'];
  if (typeof duration === 'number') video.push({ label: l10n.t('Duration'), value: l10n.t('{0} s', duration) });
  // Estimate and actual side by side: what was expected, and what the service said.
  const cost = costText(job.usage);
  const estimate = job.estimate ? l10n.t('estimated {0} ({1})', formatUsd(job.estimate.usd), job.estimate.basis) : undefined;
  video.push({ label: l10n.t('Cost'), value: [cost ?? unbilledText(job), estimate].filter(Boolean).join(' · ') });
  sections.push({ title: l10n.t('Video'), rows: video });

  const model = findModel(job.request.model);
  const request: DetailRow[] = [{ label: l10n.t('Model'), value: `${modelLabel(job.request.model)} (${job.request.model})` }];
  for (const [key, value] of Object.entries(job.request.options)) {
    if (key === 'duration' && typeof value === 'number') continue; // shown with the video
    request.push({ label: optionLabel(job.request.model, key), value: optionValueText(job.request.model, key, value) });
  }
  for (const [field, value] of Object.entries(job.request.media)) {
    if (value === undefined) continue;
    const label = (model && slot(model, field as MediaField)?.label) ?? field;
    const refs = (Array.isArray(value) ? value : [value]) as MediaRef[];
    request.push({ label, value: refs.map((r) => sourceText(r, relative)).join('\n') });
  }
  if (job.parentId) {
    // A job with a source video extends its parent; one without starts from a frame of it.
    request.push({
      label: job.request.media.video_url ? l10n.t('Extends') : l10n.t('Continues'),
      value: ctx.parent ? `“${shortPrompt(ctx.parent.request.prompt, 60)}”` : l10n.t('job {0} (no longer in the list)', job.parentId),
    });
  }
  if (job.shotList) {
    const { file, index, take } = job.shotList;
    request.push({
      label: l10n.t('Shot list'),
      value: take === undefined ? l10n.t('{0}, shot {1}', relative(file), index + 1) : l10n.t('{0}, shot {1}, take {2}', relative(file), index + 1, take),
    });
  }
  const origin = originText(job);
  if (origin) request.push({ label: l10n.t('Started by'), value: origin });
  sections.push({ title: l10n.t('Request'), rows: request });

  const status = statusText(job);
  const remote = job.status === 'pending' && job.remoteStatus && job.remoteStatus.toLowerCase() !== status.toLowerCase() ? ` (${job.remoteStatus})` : '';
  const facts: DetailRow[] = [{ label: l10n.t('Status'), value: `${status}${remote}` }];
  facts.push({ label: l10n.t('Created'), value: time(job.createdAt) });
  if (job.submittedAt) facts.push({ label: l10n.t('Accepted by the service'), value: time(job.submittedAt) });
  if (job.finishedAt) {
    facts.push({ label: l10n.t('Finished'), value: time(job.finishedAt) });
    facts.push({ label: l10n.t('Took'), value: formatDuration(job.finishedAt - job.createdAt) });
  } else {
    facts.push({ label: l10n.t('Running for'), value: formatDuration(ctx.now - job.createdAt) });
  }
  if (job.notice) facts.push({ label: l10n.t('Note'), value: job.notice });
  if (job.error) facts.push({ label: l10n.t('Error'), value: `${job.error.message} [${job.error.kind}]` });
  facts.push({ label: l10n.t('Job id'), value: job.id });
  if (job.generationId) facts.push({ label: l10n.t('Generation id'), value: job.generationId });
  sections.push({ title: l10n.t('Job'), rows: facts });
  return sections;
}

/** The read-only "job details" document: the prompt, then every section, as plain text. */
export function jobDetailsText(job: Job, ctx: DetailContext): string {
  const lines = [l10n.t('Veo Studio job'), '', l10n.t('Prompt'), indent(job.request.prompt), ''];
  for (const section of jobSections(job, ctx)) {
    lines.push(section.title);
    const width = Math.max(...section.rows.map((r) => r.label.length));
    for (const row of section.rows) {
      const [first, ...rest] = row.value.split('\n');
      lines.push(`  ${`${row.label}:`.padEnd(width + 2)}${first ?? ''}`);
      for (const more of rest) lines.push(`  ${' '.repeat(width + 2)}${more}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => `  ${l}`)
    .join('\n');
}
