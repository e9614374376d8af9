// What new jobs will cost, and the one budget question every route that spends asks: the
// palette, the generator, the Explorer, the editor, the argument form, shot lists, retry
// and extend all price their requests here (core/money/plan.ts) and ask here when a budget
// would be passed.
import * as vscode from 'vscode';
import type { VeoClient } from '../core/api/client';
import type { Job, JobRequest } from '../core/jobs/job';
import { pricePlan, type PricedPlan } from '../core/money/plan';
import type { PriceBook, PriceQuote } from '../core/money/priceBook';
import { formatBalance, formatUsd } from '../core/text/money';
import { readSettings } from './settings';
import { notify } from './messages';

/** Refused because it would pass a budget and nobody could be asked (the argument form). */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
}

/** What pricing and the budget question need: the prices, the jobs (for the ledger), the balance. */
export interface SpendDeps {
  readonly prices: Pick<PriceBook, 'quote'>;
  readonly manager: { readonly store: { all(): readonly Job[] } };
  readonly client: Pick<VeoClient, 'getBalance'>;
}

/** Prices new jobs against the live price list, this workspace's ledger and the person's budgets. */
export function priceRequests(services: Omit<SpendDeps, 'client'>, requests: readonly JobRequest[]): Promise<PricedPlan> {
  return pricePlan(services.prices, requests, { budgets: readSettings().budgets, jobs: services.manager.store.all(), now: Date.now() });
}

/** The lines that say why a plan passes a budget, for a question or an error. */
export function budgetLines(plan: PricedPlan, balance?: { amount: number; currency: string }): string[] {
  const { budgets, ledger, check } = plan;
  const lines: string[] = [];
  if (check.overPerJob.length) {
    const over = check.overPerJob.map((i) => formatUsd(plan.estimates[i]!.usd));
    lines.push(
      check.overPerJob.length === 1 && plan.estimates.length === 1
        ? vscode.l10n.t('Estimated {0} ({1}): more than your per-video budget of {2}.', over[0]!, plan.estimates[0]!.basis, formatUsd(budgets.perJobUSD!))
        : vscode.l10n.t('{0} of {1} videos are estimated above your per-video budget of {2} ({3}).', check.overPerJob.length, plan.estimates.length, formatUsd(budgets.perJobUSD!), over.join(', ')),
    );
  }
  if (check.monthlyAfter !== undefined) {
    lines.push(
      vscode.l10n.t(
        'This month: {0} spent{1}, plus about {2} now, makes {3} — over your monthly budget of {4}.',
        formatUsd(ledger.thisMonth),
        ledger.running > 0 ? vscode.l10n.t(' and {0} running', formatUsd(ledger.running)) : '',
        formatUsd(plan.totalUsd),
        formatUsd(check.monthlyAfter),
        formatUsd(budgets.monthlyUSD!),
      ),
    );
  }
  if (check.unpriced > 0 && (budgets.perJobUSD !== undefined || budgets.monthlyUSD !== undefined)) {
    lines.push(vscode.l10n.t('{0} video(s) have no price right now, so the budget cannot vouch for them.', check.unpriced));
  }
  if (balance) lines.push(vscode.l10n.t('Balance: {0}.', formatBalance(balance)));
  return lines;
}

export interface BudgetQuestion {
  /** What is about to be sent ("1 video", "storyboard.veo.json: 3 videos"). */
  readonly what: string;
  /** Nobody to ask (the argument form): refuse with a BudgetError unless `allowOverBudget`. */
  readonly interactive: boolean;
  readonly allowOverBudget?: boolean;
}

/**
 * True when the plan may be sent: it passes the budgets, the caller allowed passing them,
 * or the person said so. The question shows the estimate, what was spent and the balance.
 */
export async function confirmBudget(services: { readonly client: Pick<VeoClient, 'getBalance'> }, plan: PricedPlan, q: BudgetQuestion): Promise<boolean> {
  if (plan.check.passes || q.allowOverBudget) return true;
  const balance = await services.client.getBalance({ timeoutMs: 5_000 }).catch(() => undefined);
  const lines = budgetLines(plan, balance);
  if (!q.interactive) {
    throw new BudgetError(
      vscode.l10n.t('Veo Studio did not send {0}: it would pass your budget. {1} Pass allowOverBudget: true to send it anyway.', q.what, lines.join(' ')),
    );
  }
  const go = vscode.l10n.t('Generate Anyway');
  const choice = await notify.warning(
    vscode.l10n.t('Generating {0} would pass your budget.', q.what),
    { modal: true, detail: [...lines, '', vscode.l10n.t('Budgets are the veoStudio.budget settings (user settings only).')].join('\n') },
    go,
  );
  return choice === go;
}

/** Prices the requests and asks when a budget would be passed; undefined when the person declined. */
export async function approveSpend(services: SpendDeps, requests: readonly JobRequest[], q: BudgetQuestion): Promise<PricedPlan | undefined> {
  const plan = await priceRequests(services, requests);
  return (await confirmBudget(services, plan, q)) ? plan : undefined;
}

/** A quote as one line a person reads: "About $3.20 (8 s × $0.40/s · 1080p)", with its age when old. */
export function quoteText(quote: PriceQuote | undefined): string | undefined {
  if (!quote) return undefined;
  if (quote.kind === 'variable') return vscode.l10n.t('Priced after the job');
  if (quote.kind === 'none') return undefined;
  const text = vscode.l10n.t('About {0} ({1})', formatUsd(quote.usd), quote.basis);
  return quote.stale ? vscode.l10n.t('{0}, price from {1}', text, new Date(quote.asOf).toLocaleString()) : text;
}
