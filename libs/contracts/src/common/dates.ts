import { registerDecorator, type ValidationOptions } from 'class-validator';

/** RFC 3339 `date-time`: `2026-12-01T08:30:00+08:00`, `2026-12-01T00:30:00.123Z`. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;
/** RFC 3339 `full-date`: `2026-12-01`. */
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years accepted: wide enough for any record, narrow enough for every date library and Postgres. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

function validDay(y: number, m: number, d: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * True for an RFC 3339 date-time (with its offset) that names a real instant. ISO 8601 forms that
 * RFC 3339 leaves out (`2026-W01`, `20261201`, ordinal dates, no offset) are refused, and so are
 * impossible ones (`2026-02-30T10:00:00Z`).
 */
export function isRfc3339DateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

/** True for an RFC 3339 full-date (`YYYY-MM-DD`) that exists in the calendar. */
export function isRfc3339Date(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = FULL_DATE.exec(value);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function dateDecorator(name: string, test: (v: unknown) => boolean, message: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({ name, target: target.constructor, propertyName: String(propertyName), options: { message, ...options }, validator: { validate: test } });
  };
}

/** The field is an RFC 3339 date-time with offset (the only date-time form the API accepts). */
export function IsRfc3339DateTime(options?: ValidationOptions): PropertyDecorator {
  return dateDecorator('isRfc3339DateTime', isRfc3339DateTime, '$property must be an RFC 3339 date-time with offset, e.g. 2026-12-01T08:30:00+08:00', options);
}

/** The field is an RFC 3339 full-date, `YYYY-MM-DD`. */
export function IsRfc3339Date(options?: ValidationOptions): PropertyDecorator {
  return dateDecorator('isRfc3339Date', isRfc3339Date, '$property must be an RFC 3339 date, YYYY-MM-DD', options);
}
