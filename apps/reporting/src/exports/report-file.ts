/**
 * A report as a file is a header block (what it is of: node, period, rule version, when its data
 * is from) and one or more tables. The CSV and XLSX writers, and the HTML report, all write this
 * one model, so that every format shows the same figures under the same Chinese headers.
 */

/** How a column's cells are written: text, an integer, or a decimal given as its exact string (`"99.22"`). */
export type ColumnKind = 'text' | 'integer' | 'decimal';

export interface Column {
  /** Chinese header. */
  header: string;
  kind: ColumnKind;
}

/** A cell: text, an integer, a decimal string (in a `decimal` column), or empty. */
export type Cell = string | number | null;

/** One table; a sheet of its own in a workbook. */
export interface Table {
  /** Sheet name (at most 31 characters, none of `[]:*?/\`). */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

/** A whole report: its header block and tables. */
export interface ReportFile {
  /** Title (the first line of the header block, and the workbook's title). */
  title: string;
  /** The header block: label, value. */
  header: Array<[label: string, value: string]>;
  tables: Table[];
  /** The time of the newest fact behind the figures (ISO), the file's only date; null when there is none. */
  dataAsOf: string | null;
}

const stamps = new Map<string, Intl.DateTimeFormat>();

/** An instant as wall-clock time in `timeZone`: `2013-04-30 18:00:00`. */
export function wallClock(instant: string, timeZone: string): string {
  let f = stamps.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    stamps.set(timeZone, f);
  }
  return f.format(new Date(instant));
}

/** The header line saying when the figures are from: the newest fact behind them, in the working time zone. */
export function dataAsOfLine(dataAsOf: string | null, timeZone: string): [string, string] {
  return ['计算依据（数据截至）', dataAsOf === null ? '无数据' : `${wallClock(dataAsOf, timeZone)}（${timeZone}）`];
}

/** `2013-Q1` → `2013 年第 1 季度`. */
export function quarterZh(quarter: string): string {
  return `${quarter.slice(0, 4)} 年第 ${quarter.slice(6)} 季度`;
}

/** A file name part of a code or label: letters, digits and `-` only. */
export function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9-]+/g, '_');
}
