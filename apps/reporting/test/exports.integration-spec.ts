import type { ExportFileView, RebuildView } from '@citygrid/contracts/reporting';
import { Role } from '@citygrid/contracts/identity';
import { eventually, sql, testNamespace } from '@citygrid/testing';
import { Workbook, type Worksheet } from 'exceljs';

import { flagged, inspected, ReportingProcess, StaffStory } from './assessment-story';
import { CaseStory, COMMUNITY_1, GRID_1_1, GRID_1_2, GRID_2_1, patrolLogged, SUBDISTRICT, treeEvents } from './case-story';

/** The workbook of a file. */
async function workbook(file: ExportFileView): Promise<Workbook> {
  const bytes = Buffer.from(file.base64, 'base64');
  const wb = new Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

/** The column number of `header` in row `row`. */
function column(ws: Worksheet, row: number, header: string): number {
  const values = ws.getRow(row).values as unknown[];
  const i = values.indexOf(header);
  if (i < 1) throw new Error(`no column ${header} in row ${row}`);
  return i;
}

const bj = (day: string, hour = 9): string => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000).toISOString();

/** Every file a test asks for: each KPI grouping, the assessment in each format and each ranking. */
const FILES: Array<[pattern: string, request: Record<string, unknown>]> = [
  ['reporting.export.kpis', { node: SUBDISTRICT, period: '2013-Q1', format: 'csv' }],
  ...['child', 'category', 'day', 'month'].flatMap((groupBy): Array<[string, Record<string, unknown>]> => [
    ['reporting.export.kpis', { node: SUBDISTRICT, period: '2013-Q1', groupBy, format: 'csv' }],
    ['reporting.export.kpis', { node: SUBDISTRICT, period: '2013-Q1', groupBy, format: 'xlsx' }],
  ]),
  ['reporting.export.kpis', { node: SUBDISTRICT, period: '2013-Q1', format: 'xlsx' }],
  ['reporting.export.kpis', { node: COMMUNITY_1, from: '2013-01-01', to: '2013-04-30', category: 'CM', format: 'xlsx' }],
  ['reporting.export.assessments', { node: SUBDISTRICT, quarter: '2013-Q1', format: 'csv' }],
  ['reporting.export.assessments', { node: SUBDISTRICT, quarter: '2013-Q1', format: 'xlsx' }],
  ['reporting.export.assessments', { node: SUBDISTRICT, quarter: '2013-Q1', format: 'html' }],
  ...['children', 'grids', 'staff'].flatMap((of): Array<[string, Record<string, unknown>]> => [
    ['reporting.export.rankings', { node: SUBDISTRICT, quarter: '2013-Q1', of, format: 'csv' }],
    ['reporting.export.rankings', { node: SUBDISTRICT, quarter: '2013-Q1', of, format: 'xlsx' }],
  ]),
];

/**
 * Exports on a real reporting process, Postgres and JetStream: every report as a file, read back;
 * then the read models rebuilt from the stream, and every file again the same bytes.
 */
describe('exports: every report as CSV, XLSX and HTML, the same bytes after a rebuild (real Postgres and JetStream)', () => {
  const reporting = new ReportingProcess(testNamespace());
  const files = async (): Promise<ExportFileView[]> => {
    const out: ExportFileView[] = [];
    // one after the other: the first export of an ended quarter records the rule version it is scored with
    for (const [pattern, request] of FILES) out.push(await reporting.ok<ExportFileView>(pattern, request));
    return out;
  };
  let before: ExportFileView[];

  beforeAll(async () => {
    await reporting.start({ REBUILD_BATCH: '50' });
    const stories = [
      ...Array.from({ length: 6 }, (_, i) => new CaseStory(GRID_1_1, i % 2 ? 'CM05' : 'SJ0101', bj(`2013-0${1 + (i % 3)}-1${i}`)).file().dispatch(24).accept().after(5).handle().after(2).close()),
      ...Array.from({ length: 3 }, (_, i) => new CaseStory(GRID_1_2, 'CM05', bj(`2013-02-2${i}`)).file().dispatch(4).accept().after(30).handle().rework().after(2).handle().after(1).close()),
      new CaseStory(GRID_2_1, 'CM05', bj('2013-03-05')).file().dispatch(48),
      new CaseStory(GRID_2_1, 'SJ0101', bj('2013-03-06')).after(1).reject(),
    ];
    const staff = new StaffStory('王芳');
    const events = [
      ...treeEvents(),
      ...stories.flatMap((s) => s.events),
      patrolLogged(GRID_1_1, '2013-01-10'),
      patrolLogged(GRID_1_2, '2013-02-11'),
      flagged(GRID_1_2, bj('2013-02-25')),
      inspected(COMMUNITY_1, bj('2013-03-01'), { low: 1, medium: 0, high: 0 }),
      ...staff.assignment(GRID_1_1, bj('2012-12-01'), bj('2013-02-01')),
      ...staff.assignment(GRID_2_1, bj('2013-02-01')),
    ];
    for (const e of events) await reporting.publish(e);
    await reporting.applied(events);
    before = await files();
  }, 180000);

  afterAll(() => reporting.stop(), 60000);

  it('names each file and its type', () => {
    expect(before.map((f) => [f.filename, f.contentType])).toEqual([
      ['kpis-410102005-2013-Q1.csv', 'text/csv; charset=utf-8'],
      ['kpis-410102005-2013-Q1-child.csv', 'text/csv; charset=utf-8'],
      ['kpis-410102005-2013-Q1-child.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['kpis-410102005-2013-Q1-category.csv', 'text/csv; charset=utf-8'],
      ['kpis-410102005-2013-Q1-category.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['kpis-410102005-2013-Q1-day.csv', 'text/csv; charset=utf-8'],
      ['kpis-410102005-2013-Q1-day.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['kpis-410102005-2013-Q1-month.csv', 'text/csv; charset=utf-8'],
      ['kpis-410102005-2013-Q1-month.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['kpis-410102005-2013-Q1.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['kpis-410102005001-2013-01-01_2013-04-30-CM.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['assessment-410102005-2013-Q1.csv', 'text/csv; charset=utf-8'],
      ['assessment-410102005-2013-Q1.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['assessment-report-410102005-2013-Q1.html', 'text/html; charset=utf-8'],
      ['ranking-410102005-2013-Q1-children.csv', 'text/csv; charset=utf-8'],
      ['ranking-410102005-2013-Q1-children.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['ranking-410102005-2013-Q1-grids.csv', 'text/csv; charset=utf-8'],
      ['ranking-410102005-2013-Q1-grids.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['ranking-410102005-2013-Q1-staff.csv', 'text/csv; charset=utf-8'],
      ['ranking-410102005-2013-Q1-staff.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
  });

  it('writes the KPIs with Chinese headers, the header block, and the figures the KPI query gives', async () => {
    const csv = Buffer.from(before[1]!.base64, 'base64').toString('utf8');
    const lines = csv.slice(1).split('\r\n');
    expect(lines.slice(0, 8)).toEqual([
      '林山寨街道 关键指标报表',
      '节点,林山寨街道（410102005）',
      '期间,2013-01-01 至 2013-03-31（2013-Q1），Asia/Shanghai',
      '类别,全部类别',
      '分组,按下级节点',
      '考核规则版本,不适用（关键指标报表）',
      // the newest case fact: the closing of 15 March, 16:00
      '计算依据（数据截至）,2013-03-15 16:00:00（Asia/Shanghai）',
      '',
    ]);
    const kpis = await reporting.ok<{ figures: { found: number; closureRate: { percent: string } } }>('reporting.kpi.query', { node: SUBDISTRICT, period: '2013-Q1' });
    const totals = lines[10]!.split(',');
    expect(lines[9]!.split(',').slice(0, 4)).toEqual(['节点编码', '名称', '发现数', '立案数']);
    expect(totals.slice(0, 3)).toEqual([SUBDISTRICT, '林山寨街道', String(kpis.figures.found)]);
    expect(totals).toContain(kpis.figures.closureRate.percent);
    expect(lines).toContain('按下级节点');
    expect(lines.some((l) => l.startsWith(`${COMMUNITY_1},一号社区,`))).toBe(true);
  });

  it('writes a workbook with a sheet per grouping, numbers as numbers and the data’s date as its own', async () => {
    const wb = await workbook(before[9]!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按下级节点', '按类别', '按月', '按日']);
    expect(wb.created.toISOString()).toBe('2013-03-15T08:00:00.000Z');
    const totals = wb.getWorksheet('汇总')!;
    // title, six header lines, a blank row, then the column headers
    expect([totals.getCell('A1').value, totals.getCell('A2').value, totals.getCell('A7').value, totals.getCell('A9').value]).toEqual([
      '林山寨街道 关键指标报表',
      '节点',
      '计算依据（数据截至）',
      '节点编码',
    ]);
    expect(totals.getRow(10).getCell(3).value).toBe(11);
    expect(wb.getWorksheet('按日')!.rowCount).toBe(9 + 90);
    const months = wb.getWorksheet('按月')!;
    expect([10, 11, 12].map((r) => months.getRow(r).getCell(1).value)).toEqual(['2013-01', '2013-02', '2013-03']);
    const closure = months.getRow(11).getCell(column(months, 9, '办结率(%)')).value;
    expect(typeof closure).toBe('number');
  });

  it('writes the assessment as a sheet per kind, the staff, the reward and penalty list and the rule; and as a printable page', async () => {
    const wb = await workbook(before[12]!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['街道', '社区', '二级网格', '三级网格', '网格人员', '奖惩名单', '考核细则']);
    const grids = wb.getWorksheet('三级网格')!;
    expect(grids.getCell('B4').value).toBe('第 1 版「CityGrid 默认考核细则」（2000-01-01 起施行）');
    const assessed = await reporting.ok<{ scores: Array<{ subject: { code: string }; total: string; rank: number | null }> }>('reporting.assessment.query', { node: SUBDISTRICT, quarter: '2013-Q1' });
    // title, five header lines, a blank row, the column headers at row 8
    const total = column(grids, 8, '总分');
    const rows = grids.getRows(9, 3)!.map((r) => [r.getCell(3).value, r.getCell(1).value, r.getCell(total).value]);
    const expected = assessed.scores.filter((s) => s.subject.code.length === 16).map((s) => [s.subject.code, s.rank, Number(s.total)]);
    expect(rows).toEqual(expected);
    expect(wb.getWorksheet('网格人员')!.getCell('D9').value).toBe('王芳');
    const html = Buffer.from(before[13]!.base64, 'base64').toString('utf8');
    expect(html).toContain('<title>林山寨街道 2013 年第 1 季度量化考核</title>');
    expect(html).toContain('@page { size: A4 landscape;');
    expect(html).toContain('<h2>一、街道</h2>');
    expect(html).toContain('王芳');
  });

  it('refuses a bad request naming the field, and another subtree as it does not exist', async () => {
    expect((await reporting.rpc('reporting.export.kpis', { node: SUBDISTRICT, period: '2013-Q1', format: 'pdf' })).err).toMatchObject({
      code: 'validation-failed',
      errors: [expect.objectContaining({ field: 'format' })],
    });
    expect((await reporting.rpc('reporting.export.assessments', { node: SUBDISTRICT, quarter: '2013', format: 'html' })).err).toMatchObject({
      errors: [expect.objectContaining({ field: 'quarter' })],
    });
    const operator = await reporting.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: `${SUBDISTRICT}002` });
    expect((await reporting.rpc('reporting.export.kpis', { node: COMMUNITY_1, period: '2013-Q1', format: 'csv' }, operator)).err).toMatchObject({ code: 'not-found' });
    expect((await reporting.rpc('reporting.export.assessments', { node: COMMUNITY_1, quarter: '2013-Q1', format: 'xlsx' }, operator)).err).toMatchObject({ code: 'not-found' });
  });

  it('gives byte-identical files after the read models are rebuilt from the stream', async () => {
    const factsBefore = await sql(`select count(*)::int as n from "${reporting.schema}"."case_fact"`);
    const started = await reporting.ok<RebuildView>('reporting.rebuild.start', {});
    const done = await eventually(async () => {
      const latest = await reporting.ok<RebuildView>('reporting.rebuild.latest', {});
      return latest.status !== 'running' ? latest : undefined;
    }, 60000);
    expect(done).toMatchObject({ id: started.id, status: 'completed' });
    expect(done.eventsReplayed).toBeGreaterThan(50);
    expect(await sql(`select count(*)::int as n from "${reporting.schema}"."case_fact"`)).toEqual(factsBefore);
    const after = await files();
    for (const [i, file] of after.entries()) {
      expect([file.filename, Buffer.from(file.base64, 'base64').equals(Buffer.from(before[i]!.base64, 'base64'))]).toEqual([before[i]!.filename, true]);
    }
  }, 90000);
});
