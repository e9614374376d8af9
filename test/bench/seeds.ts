// The seeds, in one place. Anything tuned (the policy's constants, the scenarios' shape
// while writing them) was tuned on TUNING_SEEDS only; the table the bench reports is
// computed on REPORT_SEEDS only, which nothing was ever tuned on. `--tune` runs on the
// tuning seeds and cannot be pointed at the reporting ones.

export const TUNING_SEEDS: readonly number[] = range(1, 30);
export const REPORT_SEEDS: readonly number[] = range(1001, 40);

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

if (TUNING_SEEDS.some((s) => REPORT_SEEDS.includes(s))) throw new Error('tuning and reporting seeds overlap');
