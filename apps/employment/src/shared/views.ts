/** `YYYY-MM-DD` of a date column (the driver may answer a string or a Date). */
export function dayOf(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
