import type { Cell, ColumnKind, ReportFile, Table } from './report-file';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and attribute values (names come from events: never trusted as markup). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/**
 * Print styles: A4 landscape with margins, black on white, header rows repeated on every page, no
 * row split across pages, a section heading kept with its table, numbers right-aligned in
 * tabular figures, and CJK fonts of every platform.
 */
const STYLE = `
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: #000; background: #fff; font: 10pt/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1pt solid #000; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm; }
th, td { border: 0.5pt solid #444; padding: 0.8mm 1.5mm; vertical-align: top; }
thead th { background: #e7ecf3; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.meta { width: auto; min-width: 50%; }
table.meta th { text-align: left; background: #f3f5f8; white-space: nowrap; }
td.reward { font-weight: bold; }
td.penalty { font-weight: bold; text-decoration: underline; }
p.sign { margin-top: 8mm; display: flex; justify-content: space-between; break-inside: avoid; }
@media screen { body { max-width: 277mm; margin: 10mm auto; padding: 0 4mm; } }
@media print { body { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

function cell(value: Cell, kind: ColumnKind): string {
  const text = value === null ? '' : escapeHtml(String(value));
  if (kind !== 'text') return `<td class="n">${text}</td>`;
  if (value === '奖励') return `<td class="reward">${text}</td>`;
  if (value === '处罚') return `<td class="penalty">${text}</td>`;
  return `<td>${text}</td>`;
}

function table(t: Table, n: number): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('');
  const body = t.rows.length ? t.rows.map((row) => `<tr>${t.columns.map((c, i) => cell(row[i] ?? null, c.kind)).join('')}</tr>`).join('\n') : `<tr><td colspan="${t.columns.length}">（无）</td></tr>`;
  return `<section>\n<h2>${NUMERALS[n] ?? n + 1}、${escapeHtml(t.name)}</h2>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n</section>`;
}

/**
 * The printable report: a self-contained HTML page (no script, no outside resource) with the
 * header block and a section per table, laid out for A4 landscape. The same report gives the
 * same page.
 */
export function toHtml(report: ReportFile): Buffer {
  const meta = report.header.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
<table class="meta">
${meta}
</table>
${report.tables.map((t, i) => table(t, i)).join('\n')}
<p class="sign"><span>制表：</span><span>审核：</span><span>日期：</span></p>
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
