// What the person is asked before an agent tool spends: the same facts every other route
// shows (the estimate with its basis from the live price list, the balance, the budget
// lines), plus what the agent chose — model, prompt, images, options, where the video goes
// — for one video, or the plan of a shot list. Person-facing, so localised.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findModel, slot } from '../../core/catalog/catalog';
import { refsOf, MEDIA_KINDS, type MediaField } from '../../core/catalog/media';
import { videoBaseName } from '../../core/download/naming';
import type { JobRequest, MediaRef } from '../../core/jobs/job';
import { pricedOptions, type PricedPlan } from '../../core/money/plan';
import type { ShotListPlan } from '../../core/shotList/validate';
import { clipSummary } from '../../core/text/clip';
import { shortPrompt } from '../../core/text/jobText';
import { formatBalance } from '../../core/text/money';
import type { ToolName } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { budgetLines, quoteText } from '../../platform/spending';
import { folderForJob, outputFolderFor } from '../../platform/workspaceFolders';
import { confirmDetail, confirmQuestion } from '../shotList/messages';
import type { WhatToSend } from '../shotList/whatToSend';
import type { Confirmation, ConfirmationLine } from './spendGate';

/** Options the one-line clip summary already says. */
const IN_SUMMARY = new Set(['duration', 'resolution', 'aspect_ratio', 'generate_audio']);
const MAX_PROMPT_SHOWN = 600;

export const relativePath = (file: string): string => vscode.workspace.asRelativePath(file, false);

function refText(ref: MediaRef): string {
  return ref.kind === 'file' ? relativePath(ref.path) : ref.url;
}

/** Where a request's video will be saved (before a "-2" for a taken name), workspace-relative; undefined when there is nowhere. */
export async function plannedVideoPath(request: JobRequest, folder?: string): Promise<string | undefined> {
  const workspaceFolder = folder ?? (await folderForJob(request, { ask: false }));
  try {
    const folder = outputFolderFor({ request, ...(workspaceFolder ? { workspaceFolder } : {}) });
    return relativePath(path.join(folder, `${videoBaseName(request)}.mp4`));
  } catch {
    return undefined;
  }
}

async function balanceLine(services: Pick<Services, 'client'>): Promise<ConfirmationLine> {
  const balance = await services.client.getBalance({ timeoutMs: 5_000 }).catch(() => undefined);
  return { label: vscode.l10n.t('Balance'), text: balance ? formatBalance(balance) : vscode.l10n.t('Unknown right now') };
}

function budgetPart(plan: PricedPlan): ConfirmationLine[] {
  const label = vscode.l10n.t('Budget');
  if (!plan.check.passes) return budgetLines(plan).map((text) => ({ label, text }));
  if (plan.budgets.perJobUSD !== undefined || plan.budgets.monthlyUSD !== undefined) return [{ label, text: vscode.l10n.t('Within your budgets') }];
  return [];
}

function title(count: number, plan: PricedPlan): string {
  const question = confirmQuestion(count, plan.totalUsd, plan.unpriced);
  return plan.check.passes ? question : vscode.l10n.t('{0} This would pass your budget.', question);
}

function footer(tool: ToolName): ConfirmationLine {
  return { text: vscode.l10n.t('Asked for by the chat agent through Veo Studio ({0}). Your AI/ML API account is billed when a video is made.', tool) };
}

/** What a confirmation says besides the request itself (a continuation: the clip it continues, the frame to be saved). */
export interface ConfirmationExtras {
  /** Instead of the files of these media fields: how to read them ("the last frame of …"). */
  readonly media?: Partial<Record<MediaField, string>>;
  /** Lines after the media (e.g. "Continues: videos/boat.mp4"). */
  readonly lines?: readonly ConfirmationLine[];
  /** Where the video will be saved, when it is known better than from the request alone. */
  readonly savedAs?: string;
}

/** The confirmation of one video: everything the agent chose, and what it costs. */
export async function videoConfirmation(services: Pick<Services, 'client'>, tool: ToolName, request: JobRequest, plan: PricedPlan, extras: ConfirmationExtras = {}): Promise<Confirmation> {
  const model = findModel(request.model);
  const options = pricedOptions(request);
  const lines: ConfirmationLine[] = [
    { label: vscode.l10n.t('Model'), text: model ? `${model.label} (${model.id})` : request.model },
    { label: vscode.l10n.t('Prompt'), text: shortPrompt(request.prompt, MAX_PROMPT_SHOWN) },
  ];
  for (const kind of MEDIA_KINDS) {
    const refs = refsOf(request.media, kind.field);
    if (refs.length) lines.push({ label: (model && slot(model, kind.field)?.label) ?? kind.arg, text: extras.media?.[kind.field] ?? refs.map(refText).join(', ') });
  }
  lines.push(...(extras.lines ?? []));
  const others = Object.entries(options)
    .filter(([key]) => !IN_SUMMARY.has(key))
    .map(([key, value]) => `${key}: ${String(value)}`);
  const summary = model ? clipSummary(model, options, vscode.l10n.t) : '';
  lines.push({ label: vscode.l10n.t('Options'), text: [summary, ...others].filter(Boolean).join(' · ') || vscode.l10n.t('the defaults') });
  lines.push({ label: vscode.l10n.t('Estimate'), text: quoteText(plan.quotes[0]) ?? vscode.l10n.t('Not known right now') });
  lines.push(await balanceLine(services), ...budgetPart(plan));
  const saved = extras.savedAs ?? (await plannedVideoPath(request));
  if (saved) lines.push({ label: vscode.l10n.t('Saved as'), text: saved });
  lines.push(footer(tool));
  return { title: title(1, plan), lines, overBudget: !plan.check.passes };
}

/** The confirmation of a shot list: its plan, shot by shot, and the total. */
export async function shotListConfirmation(services: Pick<Services, 'client'>, tool: ToolName, plan: ShotListPlan, send: WhatToSend, priced: PricedPlan): Promise<Confirmation> {
  const lines: ConfirmationLine[] = [{ label: vscode.l10n.t('Shot list'), text: relativePath(plan.file) }];
  for (const line of confirmDetail(plan, send.entries, send.skipped, send.statuses, priced.estimates).split('\n')) if (line.trim()) lines.push({ text: line });
  lines.push(await balanceLine(services), ...budgetPart(priced), footer(tool));
  return { title: title(send.entries.length, priced), lines, overBudget: !priced.check.passes };
}
