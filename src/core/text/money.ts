// Money as people read it, everywhere it appears (tree, preview, generator page, shot-list
// questions, notifications): one rounding rule, one way to show credits.
import { type Translate, untranslated } from './translate';

/** "$0.60", "$12": cents below ten dollars, whole dollars above. */
export function formatUsd(usd: number): string {
  return usd >= 10 ? `$${usd.toFixed(0)}` : `$${usd.toFixed(2)}`;
}

/** Per-second prices are small: cents with enough digits to be honest ("$0.075"). */
export function formatRate(usdPerUnit: number): string {
  return usdPerUnit >= 1 ? `$${usdPerUnit.toFixed(2)}` : `$${usdPerUnit.toFixed(usdPerUnit >= 0.1 ? 2 : 3)}`;
}

/** An account balance: "$12.34" in dollars, "12.34 EUR" in anything else. */
export function formatBalance(balance: { readonly amount: number; readonly currency: string }): string {
  return balance.currency.toUpperCase() === 'USD' ? `$${balance.amount.toFixed(2)}` : `${balance.amount.toFixed(2)} ${balance.currency}`;
}

/** What the service said a job cost: "$0.60 (1,200,000 credits)", or undefined when it has not said. */
export function costText(usage: { readonly usd?: number; readonly credits?: number } | undefined, t: Translate = untranslated): string | undefined {
  const { usd, credits } = usage ?? {};
  if (usd === undefined && credits === undefined) return undefined;
  const dollars = usd !== undefined ? formatUsd(usd) : undefined;
  const creditText = credits !== undefined ? t('{0} credits', credits.toLocaleString('en-US')) : undefined;
  return dollars && creditText ? `${dollars} (${creditText})` : (dollars ?? creditText)!;
}
