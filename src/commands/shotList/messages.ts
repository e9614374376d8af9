// What "Generate Shot List" tells the person: the problems that stopped a run, the one
// question before it (count, estimated cost, one line per shot), and how the run ended.
import * as vscode from 'vscode';
import { AuthError } from '../../core/api/errors';
import { findModel } from '../../core/catalog/catalog';
import { describeIssue } from '../../core/shotList/parse';
import type { RunResult } from '../../core/shotList/runner';
import type { RunEntry, ShotStatus } from '../../core/shotList/takes';
import type { PlannedShot, ShotListPlan } from '../../core/shotList/validate';
import { clipSummary } from '../../core/text/clip';
import { recipePartText } from '../../core/text/shotText';
import { shortPrompt } from '../../core/text/jobText';
import type { JobEstimate } from '../../core/jobs/job';
import { formatUsd } from '../../core/text/money';
import { offerSetApiKey } from '../../platform/keyPrompts';
import { readSettings } from '../../platform/settings';
import { notify } from '../../platform/messages';

/** Nothing was sent: the first problems, and a way to the Problems panel for the rest. */
export async function reportProblems(name: string, plan: ShotListPlan): Promise<void> {
  const errors = plan.issues.filter((i) => i.severity === 'error');
  const shots = new Set(errors.map((i) => i.shot).filter((s) => s !== undefined)).size;
  const first = errors.slice(0, 2).map(describeIssue).join(' ');
  const more = errors.length > 2 ? vscode.l10n.t(' …and {0} more.', errors.length - 2) : '';
  const head =
    shots > 0
      ? vscode.l10n.t('{0}: {1} problem(s) in {2} shot(s); nothing was sent.', name, errors.length, shots)
      : vscode.l10n.t('{0}: {1} problem(s); nothing was sent.', name, errors.length);
  const show = vscode.l10n.t('Show Problems');
  const choice = await notify.error(`${head} ${first}${more}`, show);
  if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** "Generate 3 videos for about $1.80?" */
export function confirmQuestion(count: number, usd: number, unknown: number): string {
  if (unknown === count) {
    return count === 1
      ? vscode.l10n.t('Generate 1 video? Its cost is not known right now.')
      : vscode.l10n.t('Generate {0} videos? Their cost is not known right now.', count);
  }
  if (unknown > 0) return vscode.l10n.t('Generate {0} videos for about {1}, plus {2} whose cost is not known?', count, formatUsd(usd), unknown);
  return count === 1 ? vscode.l10n.t('Generate 1 video for about {0}?', formatUsd(usd)) : vscode.l10n.t('Generate {0} videos for about {1}?', count, formatUsd(usd));
}

const MAX_LISTED = 12;

/** Why a shot is in a run, or left out of it, in a few words. */
export function stateText(status: ShotStatus | undefined): string {
  switch (status?.state) {
    case 'stale':
      return vscode.l10n.t('changed since its take ({0})', status.differs.map(recipePartText).join(', '));
    case 'saved':
      return vscode.l10n.t('saved');
    case 'generating':
      return vscode.l10n.t('being generated');
    default:
      return vscode.l10n.t('not generated');
  }
}


/**
 * The question's detail: one line per video to send (shot, why, take, model, clip, price),
 * the shots left out and why, then how the run goes.
 */
export function confirmDetail(plan: ShotListPlan, entries: readonly RunEntry[], skipped: readonly PlannedShot[], statuses: readonly ShotStatus[], perEntry: ReadonlyArray<JobEstimate | undefined>): string {
  const lines = entries.slice(0, MAX_LISTED).map((entry, i) => {
    const { shot } = entry;
    const model = findModel(shot.request.model);
    const facts = [
      model?.label ?? shot.request.model,
      model ? clipSummary(model, shot.options, vscode.l10n.t) : '',
      perEntry[i] ? vscode.l10n.t('{0} ({1})', formatUsd(perEntry[i].usd), perEntry[i].basis) : vscode.l10n.t('price unknown'),
    ].filter(Boolean);
    const take = entry.take !== undefined ? vscode.l10n.t(', take {0}', entry.take) : '';
    return `${shot.index + 1}${take}. ${shortPrompt(shot.request.prompt, 40)} (${stateText(statuses[shot.index])}) — ${facts.join(' · ')}`;
  });
  if (entries.length > MAX_LISTED) lines.push(vscode.l10n.t('…and {0} more', entries.length - MAX_LISTED));
  if (skipped.length) {
    const left = skipped.map((s) => vscode.l10n.t('{0} ({1})', s.index + 1, stateText(statuses[s.index])));
    lines.push('', vscode.l10n.t('Not sent: shot {0}.', left.join(', ')));
  }
  const limit = readSettings(vscode.Uri.file(plan.file)).maxConcurrentJobs;
  lines.push('');
  if (entries.length > limit) {
    lines.push(vscode.l10n.t('At most {0} run on the service at once (veoStudio.maxConcurrentJobs); the others wait and start as earlier ones finish.', limit));
  }
  const warnings = plan.issues.filter((i) => i.severity === 'warning').length;
  if (warnings) lines.push(vscode.l10n.t('{0} warning(s): see the Problems panel.', warnings));
  lines.push(vscode.l10n.t('The estimate uses the live price list; each video is billed when it completes.'));
  return lines.join('\n');
}

/** After the run: the shots the service refused (with Set API Key when the key was why), or that a stop left unsent. */
export async function reportRun(name: string, result: RunResult, shotOf: (position: number) => number): Promise<void> {
  if (result.failures.length) {
    const reasons = result.failures.slice(0, 2).map((f) => vscode.l10n.t('shot {0}: {1}', shotOf(f.position), errorText(f.error)));
    const notSent = result.notSent.length ? vscode.l10n.t(' {0} shot(s) were not sent.', result.notSent.length) : '';
    const fatal = result.failures.find((f) => f.error instanceof AuthError);
    const message = vscode.l10n.t('{0}: {1} shot(s) could not be sent ({2}).{3}', name, result.failures.length, reasons.join('; '), notSent);
    if (fatal) await offerSetApiKey(message, 'error');
    else await notify.error(message);
  } else if (result.stopped === 'cancelled' && result.notSent.length) {
    void notify.info(
      vscode.l10n.t('{0}: stopped; {1} shot(s) were not sent. Jobs already sent keep running.', name, result.notSent.length),
    );
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
