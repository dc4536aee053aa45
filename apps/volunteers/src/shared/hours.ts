/** Volunteer hours, kept as whole quarter hours. */

const QUARTER_MS = 15 * 60 * 1000;

/** Quarter hours between check-in and check-out, rounded half-up to the nearest quarter; null when check-out is not after check-in. */
export function quartersBetween(checkedIn: Date, checkedOut: Date): number | null {
  const ms = checkedOut.getTime() - checkedIn.getTime();
  if (ms <= 0) return null;
  return Math.floor((2 * ms + QUARTER_MS) / (2 * QUARTER_MS));
}

/** Entered hours rounded half-up to the nearest quarter. */
export function quartersOf(hours: number): number {
  return Math.floor(hours * 4 + 0.5 + 1e-9);
}

/** Quarter hours as a decimal string with two places (`9` → `"2.25"`). */
export function formatQuarters(quarters: number): string {
  return `${Math.floor(quarters / 4)}.${['00', '25', '50', '75'][quarters % 4]}`;
}
