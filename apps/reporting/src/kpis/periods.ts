import type { FieldError } from '@citygrid/contracts';
import { DashboardPeriod, KpiGroupBy, MAX_KPI_DAY_ROWS, MAX_KPI_RANGE_DAYS, PERIOD_PATTERN } from '@citygrid/contracts/reporting';

import { addDays, daysBetween } from '../shared/work-day';

/** Days of a period, both included, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
  /** The named period asked for, or null for a custom range. */
  label: string | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Monday of ISO week 1 of `year` (the week holding 4 January). */
function isoWeekOne(year: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const back = (jan4.getUTCDay() + 6) % 7;
  return addDays(`${year}-01-04`, -back);
}

/** ISO weeks in `year`: 53 when it starts on a Thursday, or is a leap year starting on a Wednesday. */
function isoWeeks(year: number): number {
  const day = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = lastDayOfMonth(year, 2) === 29;
  return day === 4 || (leap && day === 3) ? 53 : 52;
}

/**
 * The days of a named period: `2013` (year), `2013-Q1` (quarter), `2013-04` (month), `2013-W05`
 * (ISO week, Monday to Sunday). Undefined when it does not exist (`2015-W53`).
 */
export function periodRange(period: string): DayRange | undefined {
  if (!PERIOD_PATTERN.test(period)) return undefined;
  const year = Number(period.slice(0, 4));
  const rest = period.slice(5);
  if (!rest) return { from: `${year}-01-01`, to: `${year}-12-31`, label: period };
  if (rest.startsWith('Q')) {
    const q = Number(rest.slice(1));
    const last = q * 3;
    return { from: `${year}-${pad(last - 2)}-01`, to: `${year}-${pad(last)}-${pad(lastDayOfMonth(year, last))}`, label: period };
  }
  if (rest.startsWith('W')) {
    const w = Number(rest.slice(1));
    if (w > isoWeeks(year)) return undefined;
    const from = addDays(isoWeekOne(year), (w - 1) * 7);
    return { from, to: addDays(from, 6), label: period };
  }
  const m = Number(rest);
  return { from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${pad(lastDayOfMonth(year, m))}`, label: period };
}

/**
 * The period of a query, or the field errors that refuse it: a named `period`, or `from`..`to`
 * (from not after to), at most `MAX_KPI_RANGE_DAYS` long, and at most `MAX_KPI_DAY_ROWS` days when
 * broken down by day.
 */
export function queryRange(q: { from?: string; to?: string; period?: string; groupBy?: KpiGroupBy }): DayRange | FieldError[] {
  let range: DayRange;
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) return [{ field: 'period', reason: 'period excludes from and to: give one or the other' }];
    const named = periodRange(q.period);
    if (!named) return [{ field: 'period', reason: `${q.period} is no period (a year, quarter, month or an ISO week that exists)` }];
    range = named;
  } else {
    const { from, to } = q;
    if (from === undefined || to === undefined) {
      return (['from', 'to'] as const).filter((k) => q[k] === undefined).map((field) => ({ field, reason: `${field} is required unless period is given` }));
    }
    range = { from, to, label: null };
    if (range.from > range.to) return [{ field: 'to', reason: `must not be before from (${range.from})` }];
  }
  const days = daysBetween(range.from, range.to);
  if (days > MAX_KPI_RANGE_DAYS) return [{ field: q.period !== undefined ? 'period' : 'to', reason: `the period may span at most ${MAX_KPI_RANGE_DAYS} days` }];
  if (q.groupBy === KpiGroupBy.Day && days > MAX_KPI_DAY_ROWS) return [{ field: 'groupBy', reason: `day rows are given for at most ${MAX_KPI_DAY_ROWS} days; group by month instead` }];
  return range;
}

/** The ISO week holding `day` (`YYYY-MM-DD`), as `2013-W05` (its year is the week's, which may differ at New Year). */
export function isoWeekOf(day: string): string {
  const year = Number(day.slice(0, 4));
  for (const y of [year + 1, year, year - 1]) {
    const first = isoWeekOne(y);
    if (day >= first) return `${y}-W${pad(Math.floor((daysBetween(first, day) - 1) / 7) + 1)}`;
  }
  throw new Error(`no ISO week holds ${day}`);
}

/** Today, and the ISO week, month, quarter and year holding it: the periods of a dashboard, in that order. */
export function dashboardRanges(today: string): Array<{ key: DashboardPeriod; range: DayRange }> {
  const month = today.slice(0, 7);
  const quarter = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
  const named = (key: DashboardPeriod, label: string) => ({ key, range: periodRange(label) as DayRange });
  return [
    { key: DashboardPeriod.Today, range: { from: today, to: today, label: today } },
    named(DashboardPeriod.Week, isoWeekOf(today)),
    named(DashboardPeriod.Month, month),
    named(DashboardPeriod.Quarter, quarter),
    named(DashboardPeriod.Year, today.slice(0, 4)),
  ];
}
