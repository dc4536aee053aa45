import { isRfc3339Date, isRfc3339DateTime } from './dates';

describe('RFC 3339 dates', () => {
  it('accepts date-times with an offset, with or without fractions', () => {
    for (const v of ['2026-12-01T08:30:00+08:00', '2026-12-01T00:30:00Z', '2026-12-01t00:30:00.123456z', '2024-02-29T23:59:59-05:30']) expect(isRfc3339DateTime(v)).toBe(true);
  });
  it('refuses ISO 8601 forms outside RFC 3339 and impossible instants', () => {
    for (const v of [
      '2026-W01',
      '20261201',
      '2026-335',
      '2026-12-01',
      '2026-12-01T08:30:00',
      '2026-12-01 08:30:00Z',
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T10:00:00+25:00',
      '0001-01-01T00:00:00Z',
      '+012026-12-01T00:00:00Z',
      20261201,
      null,
    ]) {
      expect(isRfc3339DateTime(v)).toBe(false);
    }
  });
  it('accepts real full-dates only', () => {
    expect(isRfc3339Date('2026-10-01')).toBe(true);
    for (const v of ['2026-W01', '20261001', '2026-02-29', '2026-10-01T00:00:00Z', '2026-1-1']) expect(isRfc3339Date(v)).toBe(false);
  });
});
