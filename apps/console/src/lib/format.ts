/** Dates and numbers in the reader's language, through Intl only. */

export function formatDateTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

export function formatNumber(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale).format(value);
}

/** A percentage given by the API as a decimal string (`"99.22"`), or a dash when it has none. */
export function formatPercent(percent: string | null | undefined, locale: string): string {
  if (percent === null || percent === undefined || percent === '') return '—';
  const n = Number(percent);
  if (!Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(n / 100);
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone: "today" as the working calendar counts it. */
export function isoDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A `datetime-local` input's value for an instant, in the browser's zone. */
export function localInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The quarter (`YYYY-Qn`) a day (`YYYY-MM-DD`) falls in. */
export function quarterOf(day: string): string {
  const [y, m] = day.split('-');
  return `${y}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}
