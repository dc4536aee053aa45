/** Days of the working time zone, as `YYYY-MM-DD` strings: the day an instant counts on, and calendar arithmetic on days. */

const HOUR_MS = 3_600_000;

/** Most hours remembered per time zone (a year is 8,760); past it the memory starts again. */
const HOURS_KEPT = 200_000;

interface ZoneDays {
  day: Intl.DateTimeFormat;
  /** Wall-clock date and time, to see whether an hour holds an offset change. */
  wall: Intl.DateTimeFormat;
  /** The day of every instant of a UTC hour, by the hour's number, when they all share one; null when not. */
  hours: Map<number, string | null>;
}

const zones = new Map<string, ZoneDays>();

function zoneDays(timeZone: string): ZoneDays {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = {
      day: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      wall: new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }),
      hours: new Map(),
    };
    zones.set(timeZone, zone);
  }
  return zone;
}

/** Wall-clock time at `ms` in the zone, as if it were UTC, to the second. */
function wallSeconds(zone: ZoneDays, ms: number): number {
  const p = Object.fromEntries(zone.wall.formatToParts(ms).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(p['year'] ?? 0, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0) / 1000;
}

/**
 * The day all of UTC hour `hour` falls on, or null when it spans two days or holds an offset
 * change: its first and last instants are on one day and one hour of wall clock apart (the
 * offset is the same at both ends, and offsets never change twice within an hour).
 */
export function wholeHourDay(timeZone: string, hour: number): string | null {
  const zone = zoneDays(timeZone);
  const first = hour * HOUR_MS;
  const last = first + HOUR_MS - 1;
  const day = zone.day.format(first);
  return day === zone.day.format(last) && wallSeconds(zone, last) - wallSeconds(zone, first) === 3599 ? day : null;
}

/**
 * The day `instant` falls on in `timeZone`, `YYYY-MM-DD`. A rebuild asks this for hundreds of
 * thousands of instants, and formatting each costs a microsecond: the answer is kept by UTC hour
 * (every instant of an hour without a midnight or an offset change has the same day), and only
 * the other hours format the instant itself.
 */
export function dayIn(instant: Date | string, timeZone: string): string {
  const zone = zoneDays(timeZone);
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const hour = Math.floor(ms / HOUR_MS);
  let day = zone.hours.get(hour);
  if (day === undefined && !Number.isNaN(ms)) {
    if (zone.hours.size >= HOURS_KEPT) zone.hours.clear();
    day = wholeHourDay(timeZone, hour);
    zone.hours.set(hour, day);
  }
  return day ?? zone.day.format(ms);
}

/** `day` plus `n` days (calendar days; no time zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 for a single day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
