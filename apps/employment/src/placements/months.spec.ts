import { addMonths, followUpsOutstanding } from './months';

describe('follow-up days', () => {
  it('adds calendar months, a missing day becoming the last of the month', () => {
    expect(addMonths('2026-03-02', 3)).toBe('2026-06-02');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('lists the 3- and 6-month follow-ups until one is recorded on or after each day', () => {
    expect(followUpsOutstanding('2026-03-02', [])).toEqual([
      { months: 3, dueDate: '2026-06-02' },
      { months: 6, dueDate: '2026-09-02' },
    ]);
    expect(followUpsOutstanding('2026-03-02', ['2026-05-01'])).toHaveLength(2);
    expect(followUpsOutstanding('2026-03-02', ['2026-06-02'])).toEqual([{ months: 6, dueDate: '2026-09-02' }]);
    expect(followUpsOutstanding('2026-03-02', ['2026-06-10', '2026-09-05'])).toEqual([]);
  });
});
