import { KPI_DEFINITIONS, type KpiFiguresView, KpiGroupBy, type KpiReportView } from '@citygrid/contracts/reporting';

import { KPI_COLUMNS, kpiCells, kpiReportFile } from './kpi-tables';

const rate = (numerator: number, denominator: number, percent: string | null) => ({ numerator, denominator, percent });
const figures: KpiFiguresView = {
  found: 15882,
  filed: 15800,
  rejected: 82,
  dispatched: 15790,
  handled: 15900,
  closed: 15758,
  due: 15700,
  closedOnTime: 15600,
  overdueNow: 7,
  reworked: 120,
  escalated: 33,
  reopened: 4,
  verified: 15700,
  verifiedOnTime: 15000,
  open: 124,
  closureRate: rate(15758, 15882, '99.22'),
  onTimeRate: rate(15600, 15700, '99.36'),
  reworkRate: rate(120, 15900, '0.75'),
  filingRate: rate(15800, 15882, '99.48'),
  verificationOnTimeRate: rate(15000, 15700, '95.54'),
  avgHoursToClose: '30.50',
  p90HoursToClose: '48.00',
  avgWorkingHoursToClose: '12.50',
  p90WorkingHoursToClose: '30.00',
  patrols: null,
  patrolCoverage: null,
  visits: null,
  keyLocationCoverage: null,
};

const report = (groupBy: KpiGroupBy | null): KpiReportView => ({
  node: { code: '410102005', name: '林山寨街道', path: ['410100', '410102', '410102005'] },
  category: 'CM',
  period: { from: '2013-01-01', to: '2013-04-30', label: null, timeZone: 'Asia/Shanghai' },
  groupBy,
  figures,
  rows: groupBy ? [{ key: '2013-01', name: null, figures }] : [],
  computedAt: '2026-12-04T00:00:00.000Z',
  rebuilding: false,
});

describe('KPI tables', () => {
  it('has a Chinese column per KPI of a period, leaving out the readings of now', () => {
    expect(KPI_COLUMNS).toHaveLength(KPI_DEFINITIONS.length - 1);
    expect(KPI_COLUMNS.map((c) => c.header)).not.toContain('当前超期数');
    expect(KPI_COLUMNS.slice(0, 2)).toEqual([
      { header: '发现数', kind: 'integer' },
      { header: '立案数', kind: 'integer' },
    ]);
    expect(KPI_COLUMNS.find((c) => c.header === '办结率(%)')).toEqual({ header: '办结率(%)', kind: 'decimal' });
    expect(KPI_COLUMNS.find((c) => c.header === '平均结案时长(小时)')).toEqual({ header: '平均结案时长(小时)', kind: 'decimal' });
  });

  it('gives counts as numbers, rates as their exact percent, and a figure that does not apply as empty', () => {
    const cells = kpiCells(figures);
    const at = (header: string) => cells[KPI_COLUMNS.findIndex((c) => c.header === header)];
    expect(at('发现数')).toBe(15882);
    expect(at('办结率(%)')).toBe('99.22');
    expect(at('平均结案时长(小时)')).toBe('30.50');
    expect(at('巡查数')).toBeNull();
    expect(at('巡查覆盖率(%)')).toBeNull();
  });

  it('says in its header what it is of, and has the totals and a table per grouping', () => {
    const file = kpiReportFile(report(KpiGroupBy.Month), [{ groupBy: KpiGroupBy.Month, report: report(KpiGroupBy.Month) }], '2013-04-30T10:00:00.000Z');
    expect(file.header).toEqual([
      ['节点', '林山寨街道（410102005）'],
      ['期间', '2013-01-01 至 2013-04-30，Asia/Shanghai'],
      ['类别', 'CM'],
      ['分组', '按月'],
      ['考核规则版本', '不适用（关键指标报表）'],
      ['计算依据（数据截至）', '2013-04-30 18:00:00（Asia/Shanghai）'],
    ]);
    expect(file.tables.map((t) => [t.name, t.columns[0]?.header, t.rows.map((r) => r[0])])).toEqual([
      ['汇总', '节点编码', ['410102005']],
      ['按月', '月份', ['2013-01']],
    ]);
  });
});
