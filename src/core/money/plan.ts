// What a set of new jobs will cost, and what the budgets say about it: the one pricing step
// every route that spends takes (one job, variations, a shot list, a retry, an extension).
// The question that follows, when a budget would be passed, is the VS Code side's
// (src/platform/spending.ts).
import { findModel, resolveOptions } from '../catalog/catalog';
import type { OptionValue } from '../catalog/types';
import type { Job, JobEstimate, JobRequest } from '../jobs/job';
import { checkBudget, type BudgetCheck, type Budgets } from './budget';
import { spending, type Spending } from './ledger';
import type { PriceBook, PriceQuote } from './priceBook';

export interface PricedPlan {
  readonly quotes: ReadonlyArray<PriceQuote | undefined>;
  /** Per request, what to keep on the job (undefined where there is no quote). */
  readonly estimates: ReadonlyArray<JobEstimate | undefined>;
  /** Sum of the known estimates. */
  readonly totalUsd: number;
  /** Requests without a quote (offline, a variable or unknown price). */
  readonly unpriced: number;
  readonly budgets: Budgets;
  readonly ledger: Spending;
  readonly check: BudgetCheck;
}

/** The options a request is priced with: normalised, defaults filled (what the body will state). */
export function pricedOptions(request: Pick<JobRequest, 'model' | 'options'>): Readonly<Record<string, OptionValue>> {
  const model = findModel(request.model);
  if (!model) return request.options;
  const resolved = resolveOptions(model, request.options);
  return resolved.ok ? resolved.value : request.options;
}

export async function pricePlan(
  prices: Pick<PriceBook, 'quote'>,
  requests: ReadonlyArray<Pick<JobRequest, 'model' | 'options'>>,
  context: { readonly budgets: Budgets; readonly jobs: readonly Job[]; readonly now: number },
): Promise<PricedPlan> {
  const quotes = await Promise.all(requests.map((r) => prices.quote(r.model, pricedOptions(r)).catch(() => undefined)));
  const estimates = quotes.map((q): JobEstimate | undefined => (q?.kind === 'estimate' ? { usd: q.usd, basis: q.basis } : undefined));
  const ledger = spending(context.jobs, context.now);
  const check = checkBudget(context.budgets, estimates.map((e) => e?.usd), ledger.thisMonth, ledger.running);
  return {
    quotes,
    estimates,
    totalUsd: estimates.reduce((sum, e) => sum + (e?.usd ?? 0), 0),
    unpriced: estimates.filter((e) => e === undefined).length,
    budgets: context.budgets,
    ledger,
    check,
  };
}
