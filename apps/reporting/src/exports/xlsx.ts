import { type Borders, type Fill, type Font, Workbook } from 'exceljs';

import type { Cell, Column, ReportFile } from './report-file';
import { withZipDates } from './zip-dates';

/** The date of a workbook without data: a fixed one, never the time of writing. */
const NO_DATA = new Date('2000-01-01T00:00:00.000Z');

const BOLD: Partial<Font> = { bold: true };
const TITLE: Partial<Font> = { bold: true, size: 14 };
const HEAD_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };
const THIN: Partial<Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };

function cellValue(value: Cell, column: Column | undefined): string | number | null {
  if (value === null) return null;
  // numbers as numbers: a decimal is given exactly as a string, and written as the number it names
  if (column?.kind === 'decimal' || column?.kind === 'integer') return typeof value === 'number' ? value : Number(value);
  return String(value);
}

/** Width of a column: room for its header (a CJK character takes two) and its widest cell. */
function widthOf(column: Column, cells: readonly Cell[]): number {
  const width = (text: string): number => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  return Math.min(60, Math.max(8, width(column.header) + 2, ...cells.map((c) => (c === null ? 0 : width(String(c)) + 2))));
}

/**
 * An XLSX workbook: one sheet per table, each opening with the report's header block, then its
 * column headers (frozen, bold) and rows; integers and decimals as numbers (decimals shown with 2
 * places). Deterministic: the workbook's created and modified dates and every ZIP entry's date are
 * the data's (`dataAsOf`), so the same figures give the same bytes.
 */
export async function toXlsx(report: ReportFile): Promise<Buffer> {
  const at = report.dataAsOf === null ? NO_DATA : new Date(report.dataAsOf);
  const wb = new Workbook();
  wb.creator = 'CityGrid reporting';
  wb.lastModifiedBy = 'CityGrid reporting';
  wb.title = report.title;
  wb.created = at;
  wb.modified = at;
  for (const table of report.tables) {
    const headerRows = 1 + report.header.length + 1;
    const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: headerRows + 1 }] });
    ws.addRow([report.title]).getCell(1).font = TITLE;
    for (const [label, value] of report.header) {
      const row = ws.addRow([label, value]);
      row.getCell(1).font = BOLD;
    }
    ws.addRow([]);
    const head = ws.addRow(table.columns.map((c) => c.header));
    head.eachCell((cell) => {
      cell.font = BOLD;
      cell.fill = HEAD_FILL;
      cell.border = THIN;
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    for (const cells of table.rows) {
      const row = ws.addRow(cells.map((c, i) => cellValue(c, table.columns[i])));
      table.columns.forEach((column, i) => {
        const cell = row.getCell(i + 1);
        cell.border = THIN;
        if (column.kind === 'decimal') cell.numFmt = '0.00';
        if (column.kind === 'integer') cell.numFmt = '0';
      });
    }
    table.columns.forEach((column, i) => {
      ws.getColumn(i + 1).width = widthOf(
        column,
        table.rows.map((r) => r[i] ?? null),
      );
    });
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return withZipDates(bytes, at);
}
