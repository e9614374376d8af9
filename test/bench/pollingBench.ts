// The polling half of `npm run bench`: every scenario (scenarios.ts) on every seed of a
// seed set (seeds.ts), watched once by the adaptive policy and once by fixedPolicy(10 s)
// (what the provider's scripts do), each through the real Poller and TimingModel on the
// fake clock (runPlan.ts). Per scenario: the delay ratio and requests ratio against the
// fixed poller with 95 % bootstrap intervals over seeds, the oracle's ratio at the fixed
// poller's budget (oracle.ts), the p95 delay and the p95 of delay ÷ allowance, where the
// allowance is max(10 s, 15 % of the job's duration), plus whatever part of the delay the
// service's Retry-After forbade asking (no poller can see a job while it must not ask).
import { fixedPolicy, type DelayPolicy } from '../../src/core/jobs/pollPolicy';
import { oracle } from './oracle';
import { runPlan, type JobResult } from './runPlan';
import { SCENARIOS, withoutOutlier, type Scenario } from './scenarios';
import { bootstrap, geometricMean, mean, pooledRatio, quantile, type RatioParts } from './stats';

const SECOND = 1000;

export interface PollingOptions {
  readonly seeds: readonly number[];
  /** A fresh adaptive policy for each run. */
  readonly policy: () => DelayPolicy;
  /** Only scenarios whose name contains this. */
  readonly only?: string;
  readonly verbose: boolean;
}

export interface PollingSummary {
  /** Geometric mean of the scenarios' delay ratios. */
  readonly delayRatio: number;
  /** The worst scenario's requests ratio. */
  readonly requestsRatio: number;
}

interface SeedRun {
  readonly seed: number;
  readonly adaptive: readonly JobResult[];
  readonly fixed: readonly JobResult[];
  /** The outlier scenario only: the adaptive run of the same jobs without the outlier. */
  readonly withoutOutlier?: readonly JobResult[];
}

interface Row {
  readonly scenario: Scenario;
  readonly delay: ReturnType<typeof pooledRatio>;
  readonly requests: ReturnType<typeof pooledRatio>;
  readonly oracle: number;
  readonly p95Ms: number;
  readonly fixedP95Ms: number;
  readonly p95Allowance: number;
  readonly meanMs: number;
  readonly fixedMeanMs: number;
  readonly jobs: number;
  readonly notes: string[];
}

const allowance = (r: JobResult): number => Math.max(10 * SECOND, 0.15 * r.durationMs) + r.blockedMs;
const completed = (list: readonly JobResult[]): JobResult[] => list.filter((r) => r.end === 'completed');
const sum = (list: readonly JobResult[], f: (r: JobResult) => number): number => list.reduce((s, r) => s + f(r), 0);
const s1 = (ms: number): string => `${(ms / SECOND).toFixed(1)} s`;

export async function benchPolling(o: PollingOptions): Promise<PollingSummary> {
  const realStart = performance.now();
  const scenarios = SCENARIOS.filter((s) => o.only === undefined || s.name.includes(o.only));
  if (scenarios.length === 0) throw new Error(`no scenario matches "${o.only}"`);
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const runs: SeedRun[] = [];
    for (const seed of o.seeds) {
      const plan = scenario.plan(seed);
      const adaptive = (await runPlan(plan, o.policy(), seed)).results;
      const fixed = (await runPlan(plan, fixedPolicy(10 * SECOND), seed)).results;
      const counterfactual = plan.jobs.some((j) => j.outlier) ? (await runPlan(withoutOutlier(plan), o.policy(), seed)).results : undefined;
      runs.push({ seed, adaptive, fixed, ...(counterfactual ? { withoutOutlier: counterfactual } : {}) });
      if (o.verbose && seed === o.seeds[0]) printJobs(scenario, seed, adaptive, fixed);
    }
    rows.push(summarise(scenario, runs));
  }
  printTable(rows, o.seeds, (performance.now() - realStart) / SECOND);
  return { delayRatio: geometricMean(rows.map((r) => r.delay.value)), requestsRatio: Math.max(...rows.map((r) => r.requests.value)) };
}

function summarise(scenario: Scenario, runs: readonly SeedRun[]): Row {
  const delayParts: RatioParts[] = runs.map((r) => ({ top: sum(completed(r.adaptive), (j) => j.delayMs), bottom: sum(completed(r.fixed), (j) => j.delayMs) }));
  const requestParts: RatioParts[] = runs.map((r) => ({ top: sum(r.adaptive, (j) => j.requests), bottom: sum(r.fixed, (j) => j.requests) }));
  const adaptive = runs.flatMap((r) => completed(r.adaptive));
  const fixed = runs.flatMap((r) => completed(r.fixed));
  const notes: string[] = [];
  const unfinished = runs.reduce((n, r) => n + r.adaptive.length - completed(r.adaptive).length, 0);
  if (unfinished > 0) notes.push(`${unfinished} jobs did not complete under the adaptive policy`);
  notes.push(...shiftNotes(runs), ...outlierNotes(runs));
  return {
    scenario,
    delay: pooledRatio(delayParts),
    requests: pooledRatio(requestParts),
    oracle: oracle(runs.flatMap((r) => r.adaptive.map((j) => j.job.law))).ratio,
    p95Ms: quantile(adaptive.map((j) => j.delayMs), 0.95),
    fixedP95Ms: quantile(fixed.map((j) => j.delayMs), 0.95),
    p95Allowance: quantile(adaptive.map((j) => j.delayMs / allowance(j)), 0.95),
    meanMs: mean(adaptive.map((j) => j.delayMs)),
    fixedMeanMs: mean(fixed.map((j) => j.delayMs)),
    jobs: adaptive.length,
    notes,
  };
}

/**
 * Drift: the mean delay of the n-th job after the service changed, counted over the
 * account (whatever the model) and per model. "Learned by the third job" holds when the
 * third is within 1 s of the ones after it and beats the fixed poller on the same jobs
 * (ratio ≤ 0.9): being as late as ever does not count as learned.
 */
function shiftNotes(runs: readonly SeedRun[]): string[] {
  const all = runs.flatMap((r) => completed(r.adaptive));
  if (!all.some((j) => j.job.afterShift !== undefined)) return [];
  const fixedAll = runs.flatMap((r) => completed(r.fixed));
  const line = (label: string, ordinal: (j: JobResult) => number | undefined): string => {
    const pick = (list: readonly JobResult[], keep: (n: number) => boolean): number[] =>
      list.filter((j) => {
        const n = ordinal(j);
        return n !== undefined && keep(n);
      }).map((j) => j.delayMs);
    const cells = [1, 2, 3].map((n) => `job ${n} ${s1(mean(pick(all, (k) => k === n)))}`);
    const third = mean(pick(all, (k) => k === 3));
    const thirdRatio = third / mean(pick(fixedAll, (k) => k === 3));
    const later = mean(pick(all, (k) => k >= 4));
    const learned = third <= later + SECOND && thirdRatio <= 0.9;
    // How sure: the third's lateness over the later jobs', with seeds resampled.
    const gap = bootstrap(runs, (sample) => {
      const jobs = sample.flatMap((r) => completed(r.adaptive));
      return mean(pick(jobs, (k) => k === 3)) - mean(pick(jobs, (k) => k >= 4));
    });
    const gapText = `third − later ${(gap.value / SECOND).toFixed(1)} s (95 % ${(gap.low / SECOND).toFixed(1)}–${(gap.high / SECOND).toFixed(1)})`;
    return `after the shift, ${label}: ${cells.join(', ')} (${thirdRatio.toFixed(2)} of fixed 10 s), jobs 4+ ${s1(later)}, ${gapText}; learned by the third job: ${learned ? 'yes' : 'NO'}`;
  };
  return [line('counted over the account', (j) => j.job.afterShift), line('counted per model', (j) => j.job.afterShiftOfModel)];
}

/** One outlier: how much later the normal jobs submitted after it finished were found, than without it. */
function outlierNotes(runs: readonly SeedRun[]): string[] {
  const extra: number[] = [];
  const withIt: number[] = [];
  for (const run of runs) {
    if (!run.withoutOutlier) continue;
    const outlier = run.adaptive.find((j) => j.job.outlier);
    if (!outlier) continue;
    const outlierDone = outlier.job.arriveAt + outlier.durationMs;
    const base = new Map(run.withoutOutlier.map((j) => [j.job.index, j]));
    for (const j of completed(run.adaptive)) {
      const other = base.get(j.job.index);
      if (j.job.outlier || j.job.arriveAt < outlierDone || !other) continue;
      extra.push(j.delayMs - other.delayMs);
      withIt.push(j.delayMs);
    }
  }
  if (extra.length === 0) return [];
  const late = mean(extra);
  return [
    `after the outlier: ${extra.length} normal jobs, mean delay ${s1(mean(withIt))}, ${late >= 0 ? '+' : ''}${(late / SECOND).toFixed(2)} s against the same jobs without it (p95 of the difference ${s1(quantile(extra, 0.95))}); within 2 s: ${late <= 2 * SECOND ? 'yes' : 'NO'}`,
  ];
}

function printTable(rows: readonly Row[], seeds: readonly number[], realSeconds: number): void {
  const ci = (r: { value: number; low: number; high: number }): string => `${r.value.toFixed(2)} (${r.low.toFixed(2)}–${r.high.toFixed(2)})`;
  console.log(`polling: ${rows.length} scenarios × ${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]}), fake clock, ${realSeconds.toFixed(1)} s real`);
  console.log('  ratios are adaptive ÷ fixed 10 s, pooled over seeds, 95 % bootstrap interval; oracle: best schedule for the known law at the fixed poller\'s requests');
  const header = ['scenario', 'jobs', 'delay ratio', 'requests ratio', 'oracle', 'p95 delay', 'p95÷allow', 'mean delay', 'fixed mean/p95'];
  const widths = [16, 5, 18, 18, 6, 9, 9, 10, 14];
  const line = (cells: readonly string[]): string => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  for (const r of rows) {
    console.log(
      line([
        r.scenario.name,
        String(r.jobs),
        ci(r.delay),
        ci(r.requests),
        r.oracle.toFixed(2),
        s1(r.p95Ms),
        r.p95Allowance.toFixed(2),
        s1(r.meanMs),
        `${s1(r.fixedMeanMs)}/${s1(r.fixedP95Ms)}`,
      ]),
    );
  }
  for (const r of rows) {
    console.log(`  ${r.scenario.name}: ${r.scenario.law}`);
    for (const note of r.notes) console.log(`    ${note}`);
  }
  const delay = geometricMean(rows.map((r) => r.delay.value));
  const worstRequests = Math.max(...rows.map((r) => r.requests.value));
  const check = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  console.log('  targets:');
  console.log(`    every delay ratio ≤ 0.90: ${check(rows.every((r) => r.delay.value <= 0.9))} (worst ${Math.max(...rows.map((r) => r.delay.value)).toFixed(2)})`);
  console.log(`    every requests ratio ≤ 1.10: ${check(worstRequests <= 1.1)} (worst ${worstRequests.toFixed(2)})`);
  console.log(`    geometric mean of delay ratios ≤ 0.50: ${check(delay <= 0.5)} (${delay.toFixed(2)})`);
  console.log(`    p95 delay ≤ max(10 s, 15 % of the job): ${check(rows.every((r) => r.p95Allowance <= 1))} (worst p95÷allow ${Math.max(...rows.map((r) => r.p95Allowance)).toFixed(2)})`);
}

function printJobs(scenario: Scenario, seed: number, adaptive: readonly JobResult[], fixed: readonly JobResult[]): void {
  console.log(`  ${scenario.name}, seed ${seed}:`);
  for (const [name, list] of [
    ['adaptive', adaptive],
    ['fixed', fixed],
  ] as const) {
    for (const r of list) {
      const j = r.job;
      const polls = r.polls.map((t) => (t / SECOND).toFixed(1)).join(' ');
      console.log(
        `    ${name.padEnd(8)} #${j.index} ${j.model.slice(7).padEnd(26)} at ${s1(j.arriveAt).padStart(7)} queue ${s1(j.queueMs)}${j.hiddenQueue ? ' (hidden)' : ''} gen ${s1(j.generateMs)} → delay ${s1(r.delayMs)}, ${r.requests} GETs: ${polls}`,
      );
    }
  }
}
