// Whether spending would pass a budget: one rule behind every route that spends (the
// palette, the generator, the Explorer, the editor, the argument form, shot lists, retry,
// extend, the agent's tools). The budgets are the person's own settings (application
// scope, so no workspace can raise them); unset means no limit.

export interface Budgets {
  /** Most one job may cost. */
  readonly perJobUSD?: number;
  /** Most this month's jobs may cost together (in this workspace's ledger). */
  readonly monthlyUSD?: number;
}

export interface BudgetCheck {
  /** The jobs whose own estimate is over the per-job budget (by position). */
  readonly overPerJob: readonly number[];
  /** This month's spending plus the new estimates, when that is over the monthly budget. */
  readonly monthlyAfter?: number;
  /** Jobs without a price: the budget cannot vouch for them. */
  readonly unpriced: number;
  readonly passes: boolean;
}

/**
 * `estimates`: each new job's estimate in USD (undefined when it has none); `spentThisMonth`
 * and `running`: the ledger's figures (running jobs count towards the month).
 */
export function checkBudget(budgets: Budgets, estimates: ReadonlyArray<number | undefined>, spentThisMonth: number, running = 0): BudgetCheck {
  const overPerJob = budgets.perJobUSD === undefined ? [] : estimates.flatMap((e, i) => (e !== undefined && e > budgets.perJobUSD! + 1e-9 ? [i] : []));
  const total = estimates.reduce<number>((sum, e) => sum + (e ?? 0), 0);
  const after = spentThisMonth + running + total;
  const overMonthly = budgets.monthlyUSD !== undefined && after > budgets.monthlyUSD + 1e-9;
  const unpriced = estimates.filter((e) => e === undefined).length;
  // Without a price the budget cannot be checked: ask rather than let it through.
  const limited = budgets.perJobUSD !== undefined || budgets.monthlyUSD !== undefined;
  return {
    overPerJob,
    ...(overMonthly ? { monthlyAfter: after } : {}),
    unpriced,
    passes: overPerJob.length === 0 && !overMonthly && !(limited && unpriced > 0),
  };
}
