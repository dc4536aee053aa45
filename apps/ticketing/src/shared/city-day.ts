/**
 * The city keeps one clock: Asia/Shanghai, UTC+8 all year (China has no daylight saving), so a
 * fixed offset gives the same day boundaries as the tz database without depending on the host's
 * time zone or ICU data.
 */
export const CITY_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The city day (`YYYY-MM-DD`) an instant falls on. */
export function cityDay(at: Date): string {
  return new Date(at.getTime() + CITY_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants `[start, end)` of a city day. */
export function cityDayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(Date.parse(`${day}T00:00:00.000Z`) - CITY_UTC_OFFSET_MS);
  return { start, end: new Date(start.getTime() + 24 * 60 * 60 * 1000) };
}

/** The day before a city day. */
export function previousDay(day: string): string {
  return cityDay(new Date(cityDayBounds(day).start.getTime() - 1));
}

/** True for a real calendar date (the DTO pattern lets `2026-02-31` through). */
export function isRealDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}
