/** `day` (YYYY-MM-DD) plus `months` calendar months; a day the month lacks becomes its last (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** Months after a placement at which it is followed up. */
export const FOLLOW_UP_MONTHS = [3, 6] as const;

/**
 * The follow-ups of a placement still to do: one 3 and one 6 months after `placedOn`, each done
 * by a follow-up dated on or after its due day.
 */
export function followUpsOutstanding(placedOn: string, followUpDays: readonly string[]): Array<{ months: 3 | 6; dueDate: string }> {
  return FOLLOW_UP_MONTHS.map((months) => ({ months, dueDate: addMonths(placedOn, months) })).filter((due) => !followUpDays.some((d) => d >= due.dueDate));
}
