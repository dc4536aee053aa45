import { toCsv } from './csv';
import type { ReportFile } from './report-file';

const report: ReportFile = {
  title: '林山寨街道 关键指标报表',
  header: [
    ['节点', '林山寨街道（410102005）'],
    ['期间', '2013-01-01 至 2013-03-31'],
  ],
  tables: [
    {
      name: '汇总',
      columns: [
        { header: '名称', kind: 'text' },
        { header: '发现数', kind: 'integer' },
        { header: '办结率(%)', kind: 'decimal' },
        { header: '加减分', kind: 'decimal' },
      ],
      rows: [
        ['一号社区, "东"', 15882, '99.22', '-0.50'],
        ['=HYPERLINK("http://x")', 0, null, '0.00'],
      ],
    },
  ],
  dataAsOf: null,
};

describe('toCsv', () => {
  it('writes UTF-8 with a byte-order mark and CRLF, the header block, then each table with its name and headers', () => {
    const text = toCsv(report).toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      '林山寨街道 关键指标报表',
      '节点,林山寨街道（410102005）',
      '期间,2013-01-01 至 2013-03-31',
      '',
      '汇总',
      '名称,发现数,办结率(%),加减分',
      '"一号社区, ""东""",15882,99.22,-0.50',
      // a text a spreadsheet would run as a formula is kept as text; a negative number stays a number
      `"'=HYPERLINK(""http://x"")",0,,0.00`,
      '',
    ]);
  });
});
