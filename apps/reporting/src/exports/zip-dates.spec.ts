import { Workbook } from 'exceljs';

import { dosDateTime, withZipDates } from './zip-dates';

async function workbook(): Promise<Buffer> {
  const wb = new Workbook();
  wb.created = new Date('2013-04-30T10:00:00Z');
  wb.modified = wb.created;
  wb.addWorksheet('汇总').addRow(['节点', 1]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('withZipDates', () => {
  it('encodes MS-DOS dates and times, clamping what came before 1980', () => {
    // 2013-04-30 10:00:08: ((33 << 9) | (4 << 5) | 30), ((10 << 11) | (0 << 5) | 4)
    expect(dosDateTime(new Date('2013-04-30T10:00:08Z'))).toEqual({ date: (33 << 9) | (4 << 5) | 30, time: (10 << 11) | 4 });
    expect(dosDateTime(new Date('1970-01-01T00:00:00Z'))).toEqual({ date: 33, time: 0 });
  });

  it('makes two archives written at different times the same bytes, changing only their dates', async () => {
    const a = await workbook();
    // JSZip stamps entries with the time they were added, to 2 seconds
    await new Promise((r) => setTimeout(r, 2100));
    const b = await workbook();
    expect(a.equals(b)).toBe(false);
    const at = new Date('2013-04-30T10:00:00Z');
    const fixedA = withZipDates(a, at);
    expect(fixedA.equals(withZipDates(b, at))).toBe(true);
    expect(fixedA.length).toBe(a.length);
    // still a workbook that reads back
    const back = new Workbook();
    await back.xlsx.load(fixedA.buffer.slice(fixedA.byteOffset, fixedA.byteOffset + fixedA.byteLength) as ArrayBuffer);
    expect(back.getWorksheet('汇总')?.getCell('B1').value).toBe(1);
  });

  it('refuses what is no ZIP archive', () => {
    expect(() => withZipDates(Buffer.from('not a zip at all, not even close to one'), new Date())).toThrow(/not a ZIP archive/);
  });
});
