// What a shot list will roughly cost: the sum of each shot's estimate from the live price
// book, and how many shots have no known price (offline, unpriced model) — never a guess.
import type { Estimate, PriceBook } from '../money/priceBook';
import type { PlannedShot } from './validate';

export interface ShotListCost {
  /** Sum over the shots whose price is known. */
  readonly usd: number;
  /** Per planned shot, in order; undefined where unknown. */
  readonly perShot: ReadonlyArray<Estimate | undefined>;
  readonly unknown: number;
}

export async function estimateShotList(shots: readonly PlannedShot[], prices: Pick<PriceBook, 'estimate'>): Promise<ShotListCost> {
  const perShot = await Promise.all(shots.map((s) => prices.estimate(s.request.model, s.options).catch(() => undefined)));
  return {
    usd: perShot.reduce((sum, e) => sum + (e?.usd ?? 0), 0),
    perShot,
    unknown: perShot.filter((e) => e === undefined).length,
  };
}
