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
