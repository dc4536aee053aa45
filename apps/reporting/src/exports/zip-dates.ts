/**
 * Set the date of every entry of a ZIP archive (an XLSX is one) to one instant, in the local file
 * headers and the central directory alike. A ZIP writer stamps entries with the time they were
 * added; with the data's own time instead, the same workbook gives the same bytes whenever it is
 * written. Only the 4 date bytes of each header change (no length, offset or checksum does).
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** MS-DOS time and date of `at`, in UTC (years 1980 to 2107; earlier is 1980-01-01). */
export function dosDateTime(at: Date): { time: number; date: number } {
  if (at.getUTCFullYear() < 1980) return { time: 0, date: (1 << 5) | 1 };
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((Math.min(at.getUTCFullYear(), 2107) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  return { time, date };
}

export function withZipDates(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, date } = dosDateTime(at);
  // the end record is 22 bytes plus a comment of at most 65,535
  let end = -1;
  for (let p = out.length - 22; p >= Math.max(0, out.length - 22 - 65535); p--) {
    if (out.readUInt32LE(p) === END_OF_CENTRAL_DIRECTORY) {
      end = p;
      break;
    }
  }
  if (end < 0) throw new Error('not a ZIP archive: no end of central directory');
  const entries = out.readUInt16LE(end + 10);
  let p = out.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(p) !== CENTRAL_HEADER) throw new Error(`not a ZIP archive: no central header at ${p}`);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`not a ZIP archive: no local header at ${local}`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
