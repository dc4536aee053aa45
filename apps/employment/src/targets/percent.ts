/**
 * `actual / target × 100` rounded half up to two places, as a string (`'100.85'` for 2,602 of
 * 2,580), computed in integers so that no binary fraction tips a half. `null` without a target.
 */
export function percentOf(actual: number, target: number | null): string | null {
  if (target === null || target <= 0) return null;
  const a = BigInt(actual);
  const t = BigInt(target);
  // hundredths of a percent, half up: floor((2 · a · 10000 + t) / (2 · t))
  const hundredths = (2n * a * 10000n + t) / (2n * t);
  const whole = hundredths / 100n;
  const frac = hundredths % 100n;
  return `${whole}.${frac.toString().padStart(2, '0')}`;
}
