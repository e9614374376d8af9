// What the agent's paying tools tell the model: an estimate with its basis, the balance and
// the budgets (veoStudio_estimateCost), and what was sent and where it will land
// (veoStudio_generateVideo, veoStudio_continueFromFrame, veoStudio_runShotList).
// Model-facing text, in English like the tools' descriptions; it says plainly that generating costs the person money, and never
// suggests sending a job again (that would make, and bill, a second video).
import type { Balance } from '../api/wire';
import { findModel } from '../catalog/catalog';
import type { OptionValue } from '../catalog/types';
import type { JobRequest } from '../jobs/job';
import type { PricedPlan } from '../money/plan';
import type { PriceQuote } from '../money/priceBook';
import { clipSummary } from '../text/clip';
import { formatBalance, formatRate, formatUsd } from '../text/money';

/** What is known about the account's balance. */
export type BalanceInfo = { readonly kind: 'known'; readonly balance: Balance } | { readonly kind: 'noKey' } | { readonly kind: 'unavailable' };

export const SET_API_KEY_HINT = 'Ask the person to run "Veo Studio: Set API Key" from the Command Palette (F1), then try again.';

/** "about $1.60 (4 s × $0.40/s · 720p · with audio)", or why there is no estimate. */
export function quoteSentence(quote: PriceQuote | undefined): string {
  if (!quote) return 'no estimate: the price list could not be reached and no earlier price is known';
  if (quote.kind === 'variable') return 'no estimate: the service prices this model only after the job';
  if (quote.kind === 'none') return `no estimate: ${quote.reason}`;
  const text = `about ${formatUsd(quote.usd)} (${quote.basis})`;
  return quote.stale ? `${text}, by the last price known, from ${new Date(quote.asOf).toISOString().slice(0, 10)} (the price list could not be reached)` : text;
}

/** "$0.40 per second" at these options, when the price is per second. */
export function ratePerSecond(quote: PriceQuote | undefined): string | undefined {
  if (quote?.kind !== 'estimate' || !/^(second|seconds|s|sec)$/i.test(quote.rate.unit)) return undefined;
  return `${formatRate(quote.rate.price / quote.rate.per)} per second`;
}

export function balanceSentence(info: BalanceInfo): string {
  switch (info.kind) {
    case 'known':
      return `Balance: ${formatBalance(info.balance)}.`;
    case 'noKey':
      return `Balance: unknown, because no AI/ML API key is set. ${SET_API_KEY_HINT}`;
    case 'unavailable':
      return 'Balance: unknown (the service did not say just now).';
  }
}

/** Whether the plan stays within the person's budgets, and if not why (`lines` from the budget rule). */
export function budgetSentence(plan: Pick<PricedPlan, 'budgets' | 'check' | 'ledger'>, lines: readonly string[]): string {
  const { budgets, check, ledger } = plan;
  if (budgets.perJobUSD === undefined && budgets.monthlyUSD === undefined) return 'Budget: the person has set no budget.';
  if (check.passes) {
    const parts = [
      budgets.perJobUSD !== undefined ? `per video ${formatUsd(budgets.perJobUSD)}` : undefined,
      budgets.monthlyUSD !== undefined ? `this month ${formatUsd(budgets.monthlyUSD)}, of which ${formatUsd(ledger.thisMonth + ledger.running)} is spent or running` : undefined,
    ].filter(Boolean);
    return `Budget: within the person's budgets (${parts.join('; ')}).`;
  }
  return `Budget: this would pass the person's budget. ${lines.join(' ')} Only the person can approve that: the confirmation before generating says so and asks them.`;
}

export interface EstimateFacts {
  readonly request: Pick<JobRequest, 'model'>;
  /** The options as they will be sent (normalised, defaults filled). */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly plan: PricedPlan;
  readonly balance: BalanceInfo;
  /** The budget rule's reasons when the plan passes a budget (platform/spending.ts). */
  readonly budgetLines: readonly string[];
}

/** veoStudio_estimateCost's answer. */
export function estimateText(facts: EstimateFacts): string {
  const model = findModel(facts.request.model);
  const clip = model ? clipSummary(model, facts.options) : '';
  return [
    `Estimate for ${facts.request.model}${clip ? ` (${clip})` : ''}: ${quoteSentence(facts.plan.quotes[0])}. Nothing was sent.`,
    balanceSentence(facts.balance),
    budgetSentence(facts.plan, facts.budgetLines),
    'Generating bills the person\'s AI/ML API account when the video is made; veoStudio_generateVideo shows this price and asks the person before sending.',
  ].join('\n');
}

export interface SentJob {
  readonly id: string;
  readonly model: string;
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly estimateUsd?: number;
  readonly estimateBasis?: string;
  /** Where the video will be saved, workspace-relative ("videos/a-lighthouse.mp4"). */
  readonly savedAs: string;
  /** The service did not confirm the create (its answer was lost): it is being looked for. */
  readonly unconfirmed: boolean;
  /** The tool that sent it (default veoStudio_generateVideo): the one not to call again. */
  readonly tool?: string;
  /** A continuation: the clip it continues and the frame it starts from, workspace-relative. */
  readonly continues?: { readonly video?: string; readonly frame: string };
}

/** veoStudio_generateVideo's answer: the job, its cost, where it lands, and what not to do. */
export function sentText(job: SentJob): string {
  const model = findModel(job.model);
  const clip = model ? clipSummary(model, job.options) : '';
  const estimate = job.estimateUsd !== undefined ? ` Estimated cost: ${formatUsd(job.estimateUsd)} (${job.estimateBasis ?? ''}).` : ' Its cost is not known before the job.';
  const timing = model ? ` Veo usually takes ${model.timing.minSeconds}–${model.timing.maxSeconds} s.` : '';
  const tool = job.tool ?? 'veoStudio_generateVideo';
  const lines = [
    `Sent with the person's approval: job ${job.id} (${job.model}${clip ? `, ${clip}` : ''}).${estimate}`,
    ...(job.continues ? [`It continues ${job.continues.video ?? 'the clip'} from the frame ${job.continues.frame}, its start image.`] : []),
    job.unconfirmed
      ? "The service's answer was lost on the way back; Veo Studio is looking for the job in the usage logs and will carry on when it finds it. Do not send it again: it may already be running and billed."
      : `It runs in the background and appears in Veo Studio's Jobs view.${timing}`,
    `When it is done the video is saved as ${job.savedAs} (a "-2" is added if that name is taken), with a .json sidecar beside it.`,
    `To follow it, call veoStudio_getJobs with {"ids": ["${job.id}"]}. Do not call ${tool} again for the same video: that makes, and bills, a second one.`,
  ];
  return lines.join('\n');
}

export interface ShotListSent {
  readonly file: string;
  readonly jobIds: readonly string[];
  readonly failed: ReadonlyArray<{ readonly shot: number; readonly message: string }>;
  readonly notSent: readonly number[];
  readonly totalUsd: number;
  readonly unpriced: number;
  /** Workspace-relative folders the videos go to. */
  readonly folders: readonly string[];
  readonly maxConcurrent: number;
}

/** veoStudio_runShotList's answer. */
export function shotListSentText(run: ShotListSent): string {
  const cost = run.unpriced ? `${formatUsd(run.totalUsd)} estimated, plus ${run.unpriced} shot(s) whose cost is not known` : `about ${formatUsd(run.totalUsd)} estimated in all`;
  const lines = [
    `Sent ${run.jobIds.length} shot(s) of ${run.file} with the person's approval (${cost}). Job ids, in shot order: ${run.jobIds.join(', ') || 'none'}.`,
    `At most ${run.maxConcurrent} run on the service at once; the others wait for a free slot. Videos are saved into ${run.folders.join(', ') || 'the output folder'}, named by each shot's "output" or its prompt.`,
  ];
  for (const f of run.failed) lines.push(`Shot ${f.shot} could not be sent: ${f.message}`);
  if (run.notSent.length) lines.push(`Not sent: shot(s) ${run.notSent.join(', ')}.`);
  lines.push('To follow them, call veoStudio_getJobs with these ids. Do not run the list again for the same videos: that makes, and bills, them again.');
  return lines.join('\n');
}
