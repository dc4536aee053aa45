/**
 * Exact arithmetic for scores: fractions of big integers, so that no float ever drifts. A value
 * is rounded (half-up, away from zero at .5) only where it is shown, to hundredths.
 */

/** A fraction `n / d` in lowest terms, `d > 0`. */
export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

/** `n / d` in lowest terms; throws on a zero denominator. */
export function fraction(n: bigint | number, d: bigint | number = 1n): Fraction {
  let num = BigInt(n);
  let den = BigInt(d);
  if (den === 0n) throw new RangeError('zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { n: num / g, d: den / g };
}

export const ZERO = fraction(0);
export const ONE = fraction(1);
export const HUNDRED = fraction(100);

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A decimal string (`99.22`, `-3`, `0.0125`) exactly. */
export function parseDecimal(text: string): Fraction {
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const places = m[3]?.length ?? 0;
  const digits = BigInt(`${m[2]}${m[3] ?? ''}`);
  return fraction(m[1] ? -digits : digits, 10n ** BigInt(places));
}

export function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return fraction(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Fraction, b: Fraction): Fraction {
  return fraction(a.n * b.n, a.d * b.d);
}

export function div(a: Fraction, b: Fraction): Fraction {
  if (b.n === 0n) throw new RangeError('division by zero');
  return fraction(a.n * b.d, a.d * b.n);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function clamp(x: Fraction, lo: Fraction, hi: Fraction): Fraction {
  return compare(x, lo) < 0 ? lo : compare(x, hi) > 0 ? hi : x;
}

/** `x` rounded half-up (away from zero at exactly .5) to hundredths, as a count of hundredths. */
export function toHundredths(x: Fraction): bigint {
  const n = abs(x.n) * 100n;
  const q = (2n * n + x.d) / (2n * x.d);
  return x.n < 0n ? -q : q;
}

/** A count of hundredths as a decimal string with 2 places (`9922n` → `99.22`, `-5n` → `-0.05`). */
export function formatHundredths(h: bigint): string {
  const digits = abs(h).toString().padStart(3, '0');
  return `${h < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** `x` rounded half-up to 2 places, as a string. */
export function toFixed2(x: Fraction): string {
  return formatHundredths(toHundredths(x));
}

/** A count of hundredths as a fraction. */
export function fromHundredths(h: bigint): Fraction {
  return fraction(h, 100n);
}
