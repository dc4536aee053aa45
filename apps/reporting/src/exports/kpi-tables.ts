import { KPI_DEFINITIONS, type KpiFiguresView, KpiGroupBy, type KpiReportView, type RateView } from '@citygrid/contracts/reporting';

import { type Cell, type Column, dataAsOfLine, type ReportFile, type Table } from './report-file';

/** The KPIs a file lists: all but the readings of now (`overdueNow` belongs to the moment of a query, not to a period or its data). */
const FILE_KPIS = KPI_DEFINITIONS.filter((d) => d.kind !== 'now');

/** Chinese name of each grouping, as a sheet name and in the header block. */
export const GROUPING_ZH: Readonly<Record<KpiGroupBy, string>> = {
  [KpiGroupBy.Child]: '按下级节点',
  [KpiGroupBy.Category]: '按类别',
  [KpiGroupBy.Day]: '按日',
  [KpiGroupBy.Month]: '按月',
};

const KEY_ZH: Readonly<Record<KpiGroupBy, string>> = {
  [KpiGroupBy.Child]: '节点编码',
  [KpiGroupBy.Category]: '类别编码',
  [KpiGroupBy.Day]: '日期',
  [KpiGroupBy.Month]: '月份',
};

/** The KPI columns: a count as an integer, a rate in percent, hours to 2 places. */
export const KPI_COLUMNS: readonly Column[] = FILE_KPIS.map((d) => ({
  header: d.kind === 'rate' ? `${d.nameZh}(%)` : d.kind === 'hours' ? `${d.nameZh}(小时)` : d.nameZh,
  kind: d.kind === 'count' ? 'integer' : 'decimal',
}));

function isRate(value: unknown): value is RateView {
  return typeof value === 'object' && value !== null && 'percent' in value;
}

/** A figures block as cells, in the order of `KPI_COLUMNS`; a figure that does not apply (null) is empty. */
export function kpiCells(f: KpiFiguresView): Cell[] {
  return FILE_KPIS.map((d) => {
    const value: unknown = (f as unknown as Record<string, unknown>)[d.key];
    if (value === null || value === undefined) return null;
    if (isRate(value)) return value.percent;
    return typeof value === 'number' || typeof value === 'string' ? value : null;
  });
}

/** The header block of a KPI report. */
export function kpiHeader(r: KpiReportView, dataAsOf: string | null, groupings: readonly KpiGroupBy[]): Array<[string, string]> {
  return [
    ['节点', `${r.node.name ?? '（未命名）'}（${r.node.code}）`],
    ['期间', `${r.period.from} 至 ${r.period.to}${r.period.label ? `（${r.period.label}）` : ''}，${r.period.timeZone}`],
    ['类别', r.category ?? '全部类别'],
    ['分组', groupings.length ? groupings.map((g) => GROUPING_ZH[g]).join('、') : '不分组'],
    ['考核规则版本', '不适用（关键指标报表）'],
    dataAsOfLine(dataAsOf, r.period.timeZone),
    ...(r.rebuilding ? ([['注意', '读模型重建中，数字不完整']] as Array<[string, string]>) : []),
  ];
}

/** The totals as a table of one row. */
export function totalsTable(r: KpiReportView): Table {
  return {
    name: '汇总',
    columns: [{ header: '节点编码', kind: 'text' }, { header: '名称', kind: 'text' }, ...KPI_COLUMNS],
    rows: [[r.node.code, r.node.name, ...kpiCells(r.figures)]],
  };
}

/** The rows of one grouping as a table. */
export function groupingTable(r: KpiReportView, groupBy: KpiGroupBy): Table {
  return {
    name: GROUPING_ZH[groupBy],
    columns: [{ header: KEY_ZH[groupBy], kind: 'text' }, { header: '名称', kind: 'text' }, ...KPI_COLUMNS],
    rows: r.rows.map((row) => [row.key, row.name, ...kpiCells(row.figures)]),
  };
}

/**
 * A KPI report as a file: the totals and each grouping's rows. A workbook has a sheet per table;
 * a CSV writes them one after the other.
 */
export function kpiReportFile(totals: KpiReportView, groupings: ReadonlyArray<{ groupBy: KpiGroupBy; report: KpiReportView }>, dataAsOf: string | null): ReportFile {
  return {
    title: `${totals.node.name ?? totals.node.code} 关键指标报表`,
    header: kpiHeader(
      totals,
      dataAsOf,
      groupings.map((g) => g.groupBy),
    ),
    tables: [totalsTable(totals), ...groupings.map((g) => groupingTable(g.report, g.groupBy))],
    dataAsOf,
  };
}
