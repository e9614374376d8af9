// Exact fractions for times and rates. Video files count time in ticks of a timescale
// (1/12288 s, 1001/24000 s per frame), and editors want those numbers back unrounded:
// 24000/1001 fps is not 23.976, and 7 s of it is not a whole number of frames.
// Products go through BigInt, so nothing overflows before the fraction is reduced.

export interface Rational {
  /** Numerator; an integer. */
  readonly num: number;
  /** Denominator; a positive integer. The value is always reduced (gcd 1). */
  readonly den: number;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
}

function fromBig(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RangeError('a fraction with denominator 0');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  const n = num / g;
  const d = den / g;
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || -n > BigInt(Number.MAX_SAFE_INTEGER) || d > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`the fraction ${n}/${d} is too large`);
  }
  return { num: Number(n), den: Number(d) };
}

/** num/den, reduced; both integers (bigint for 64-bit fields read from a file). */
export function rational(num: number | bigint, den: number | bigint = 1): Rational {
  return fromBig(BigInt(num), BigInt(den));
}

export function add(a: Rational, b: Rational): Rational {
  return fromBig(BigInt(a.num) * BigInt(b.den) + BigInt(b.num) * BigInt(a.den), BigInt(a.den) * BigInt(b.den));
}

export function subtract(a: Rational, b: Rational): Rational {
  return fromBig(BigInt(a.num) * BigInt(b.den) - BigInt(b.num) * BigInt(a.den), BigInt(a.den) * BigInt(b.den));
}

export function multiply(a: Rational, b: Rational): Rational {
  return fromBig(BigInt(a.num) * BigInt(b.num), BigInt(a.den) * BigInt(b.den));
}

export function inverse(a: Rational): Rational {
  return fromBig(BigInt(a.den), BigInt(a.num));
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Rational, b: Rational): number {
  const l = BigInt(a.num) * BigInt(b.den);
  const r = BigInt(b.num) * BigInt(a.den);
  return l < r ? -1 : l > r ? 1 : 0;
}

export function toNumber(a: Rational): number {
  return a.num / a.den;
}

/** The nearest integer to a (halves away from zero), computed exactly. */
export function roundToInteger(a: Rational): number {
  const num = BigInt(a.num);
  const den = BigInt(a.den);
  const twice = (2n * (num < 0n ? -num : num) + den) / (2n * den);
  return Number(num < 0n ? -twice : twice);
}

/** The largest integer not above a, computed exactly. */
export function floorToInteger(a: Rational): number {
  const num = BigInt(a.num);
  const den = BigInt(a.den);
  const q = num / den;
  return Number(num < 0n && q * den !== num ? q - 1n : q);
}

/** "24", "24000/1001": how ffprobe and editors write a rate or a time. */
export function formatRational(a: Rational): string {
  return a.den === 1 ? String(a.num) : `${a.num}/${a.den}`;
}
