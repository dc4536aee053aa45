import type { Cell, ColumnKind, ReportFile } from './report-file';

/** A spreadsheet program takes a text cell starting with one of these for a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: Cell, kind: ColumnKind): string {
  if (value === null) return '';
  let text = String(value);
  // numbers stay numbers; a text that a spreadsheet would run as a formula is quoted as text
  if (kind === 'text' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(cells: readonly Cell[], kinds: readonly ColumnKind[]): string {
  return cells.map((c, i) => field(c, kinds[i] ?? 'text')).join(',');
}

/**
 * RFC 4180 CSV: UTF-8 with a byte-order mark (spreadsheet programs then read the Chinese), CRLF
 * line ends; the header block first (label, value), a blank line, then each table: its name, its
 * column headers and its rows, tables apart by a blank line. Decimals are written exactly as the
 * figures give them (`99.22`).
 */
export function toCsv(report: ReportFile): Buffer {
  const lines: string[] = [line([report.title], ['text']), ...report.header.map(([label, value]) => line([label, value], ['text', 'text']))];
  for (const table of report.tables) {
    const kinds = table.columns.map((c) => c.kind);
    lines.push(
      '',
      line([table.name], ['text']),
      line(
        table.columns.map((c) => c.header),
        table.columns.map(() => 'text'),
      ),
      ...table.rows.map((row) => line(row, kinds)),
    );
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
