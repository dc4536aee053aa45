import { TimeUnit } from '@citygrid/contracts/ticketing';

/** A working period of a day, minutes after local midnight, `[start, end)`. */
export interface WorkPeriod {
  start: number;
  end: number;
}

/**
 * When people work: weekdays except holidays, plus make-up working days (调休), inside the working
 * periods of the day, in one time zone.
 */
export interface WorkingCalendar {
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** Working periods, sorted, non-overlapping. */
  periods: WorkPeriod[];
  /** Local dates `YYYY-MM-DD` that are days off. */
  holidays: ReadonlySet<string>;
  /** Local dates `YYYY-MM-DD` that are working days although they fall on a weekend. */
  workdays: ReadonlySet<string>;
}

/** Parse `08:30-12:00,14:00-18:00` into sorted periods; throws on a bad or overlapping list. */
export function parseWorkHours(spec: string): WorkPeriod[] {
  const periods = spec.split(',').map((part) => {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(part.trim());
    if (!m) throw new Error(`bad working period ${part}`);
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (start >= end || end > 24 * 60) throw new Error(`bad working period ${part}`);
    return { start, end };
  });
  periods.sort((a, b) => a.start - b.start);
  periods.reduce(
    (prev, p) => {
      if (prev && p.start < prev.end) throw new Error('working periods overlap');
      return p;
    },
    undefined as WorkPeriod | undefined,
  );
  return periods;
}

/** Minutes of work in one working day. */
export function workingMinutesPerDay(calendar: WorkingCalendar): number {
  return calendar.periods.reduce((sum, p) => sum + p.end - p.start, 0);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local calendar fields of an instant in `timeZone`. */
function localParts(instant: Date, timeZone: string): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const get = (k: string): number => parts[k] ?? 0;
  return { y: get('year'), m: get('month'), d: get('day'), hh: get('hour'), mm: get('minute'), ss: get('second') };
}

/** Offset of `timeZone` from UTC at `instant`, ms (Asia/Shanghai: +8 h). */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - (instant.getTime() - instant.getMilliseconds());
}

/** The instant of local `y-m-d` at `minutes` after midnight in `timeZone`. */
function localInstant(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // Two passes settle the offset even on a day whose offset changes (DST zones).
  const first = guess - offsetMs(new Date(guess), timeZone);
  return guess - offsetMs(new Date(first), timeZone);
}

/** Local date `YYYY-MM-DD` of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Whether local date `y-m-d` is a working day. */
export function isWorkingDay(y: number, m: number, d: number, calendar: WorkingCalendar): boolean {
  const key = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (calendar.workdays.has(key)) return true;
  if (calendar.holidays.has(key)) return false;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** A little over ten years of days: a limit no real deadline reaches, so a calendar with no working day cannot loop forever. */
const MAX_DAYS = 3700;

/**
 * The instant `amount` of working time after `start`.
 *
 * Working hours count only time inside the working periods of working days. A working day is the
 * length of one full working day of working time (7.5 h with the default periods), so "2 working
 * days" from Monday 10:00 ends Wednesday 10:00, and from Friday 17:00 ends Tuesday 17:00.
 * A start outside working time counts from the next working period; a deadline that falls
 * exactly at the end of a period stays there rather than moving to the next period's start.
 *
 * @throws Error when the calendar has no working time at all (empty periods)
 */
export function addWorkingTime(start: Date, amount: number, unit: TimeUnit, calendar: WorkingCalendar): Date {
  const perDay = workingMinutesPerDay(calendar);
  if (perDay <= 0) throw new Error('the working calendar has no working periods');
  let remainingMs = (unit === TimeUnit.WorkingDays ? amount * perDay : amount * 60) * 60_000;
  const cursor = start.getTime();
  if (remainingMs <= 0) return new Date(cursor);
  const first = localParts(start, calendar.timeZone);
  const day = new Date(Date.UTC(first.y, first.m - 1, first.d));
  for (let i = 0; i < MAX_DAYS; i++) {
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (isWorkingDay(y, m, d, calendar)) {
      for (const p of calendar.periods) {
        const ps = localInstant(y, m, d, p.start, calendar.timeZone);
        const pe = localInstant(y, m, d, p.end, calendar.timeZone);
        if (cursor >= pe) continue;
        const from = Math.max(cursor, ps);
        const available = pe - from;
        if (remainingMs <= available) return new Date(from + remainingMs);
        remainingMs -= available;
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  throw new Error('no working time within ten years: check the holiday table');
}

/**
 * Working time from `start` to `end`, ms: the time inside the working periods of working days
 * (0 when `end` is not after `start`). The inverse of {@link addWorkingTime} for working hours.
 */
export function workingMsBetween(start: Date, end: Date, calendar: WorkingCalendar): number {
  const from = start.getTime();
  const to = end.getTime();
  if (to <= from) return 0;
  const first = localParts(start, calendar.timeZone);
  const last = localDate(end, calendar.timeZone);
  const day = new Date(Date.UTC(first.y, first.m - 1, first.d));
  let total = 0;
  for (let i = 0; i < MAX_DAYS; i++) {
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (isWorkingDay(y, m, d, calendar)) {
      for (const p of calendar.periods) {
        const ps = localInstant(y, m, d, p.start, calendar.timeZone);
        const pe = localInstant(y, m, d, p.end, calendar.timeZone);
        total += Math.max(0, Math.min(pe, to) - Math.max(ps, from));
      }
    }
    if (day.toISOString().slice(0, 10) >= last) return total;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return total;
}
