import { Workbook } from 'exceljs';

import type { ReportFile } from './report-file';
import { toXlsx } from './xlsx';

const report: ReportFile = {
  title: '林山寨街道 2013 年第 1 季度量化考核',
  header: [
    ['节点', '林山寨街道（410102005）'],
    ['考核规则版本', '第 1 版「CityGrid 默认考核细则」（2000-01-01 起施行）'],
  ],
  tables: [
    {
      name: '社区',
      columns: [
        { header: '排名', kind: 'integer' },
        { header: '名称', kind: 'text' },
        { header: '总分', kind: 'decimal' },
      ],
      rows: [
        [1, '一号社区', '99.22'],
        [null, '二号社区', null],
      ],
    },
    { name: '奖惩名单', columns: [{ header: '奖惩', kind: 'text' }], rows: [['奖励']] },
  ],
  dataAsOf: '2013-04-30T10:00:00.000Z',
};

describe('toXlsx', () => {
  it('writes a sheet per table, each with the header block, numbers as numbers and the data’s date as its own', async () => {
    const wb = new Workbook();
    const bytes = await toXlsx(report);
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['社区', '奖惩名单']);
    expect(wb.created.toISOString()).toBe('2013-04-30T10:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2013-04-30T10:00:00.000Z');
    const ws = wb.getWorksheet('社区')!;
    expect(ws.getCell('A1').value).toBe('林山寨街道 2013 年第 1 季度量化考核');
    expect([ws.getCell('A2').value, ws.getCell('B2').value]).toEqual(['节点', '林山寨街道（410102005）']);
    expect(ws.getRow(5).values).toEqual([undefined, '排名', '名称', '总分']);
    expect(ws.getCell('A6').value).toBe(1);
    expect(ws.getCell('C6').value).toBe(99.22);
    expect(ws.getCell('C6').numFmt).toBe('0.00');
    expect(ws.getCell('C7').value).toBeNull();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
  });

  it('gives the same bytes for the same report, whenever it is written', async () => {
    const first = await toXlsx(report);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await toXlsx(report)).equals(first)).toBe(true);
    expect((await toXlsx({ ...report, dataAsOf: '2013-05-01T00:00:00.000Z' })).equals(first)).toBe(false);
  });
});
