import type { FollowUpStatus } from '@citygrid/contracts/health';

/** `day` + `n` days, YYYY-MM-DD (calendar arithmetic in UTC, so no time-zone shift). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** When the next visit is due: the enrolment day before any visit, then the last visit + the interval. */
export function nextDue(enrolledOn: string, lastVisitOn: string | null, intervalDays: number): string {
  return lastVisitOn ? addDays(lastVisitOn, intervalDays) : enrolledOn;
}

/** Where a follow-up stands on `today`. */
export function standing(active: boolean, nextDueOn: string, today: string): { status: FollowUpStatus; overdueDays: number } {
  if (!active) return { status: 'inactive', overdueDays: 0 };
  const late = daysBetween(nextDueOn, today);
  if (late > 0) return { status: 'overdue', overdueDays: late };
  return { status: late === 0 ? 'due' : 'scheduled', overdueDays: 0 };
}
