import { addDays, nextDue, standing } from './schedule';

describe('home-visit schedule', () => {
  it('is due on the day of enrolment before the first visit, then the interval after the latest visit', () => {
    expect(nextDue('2026-12-01', null, 30)).toBe('2026-12-01');
    expect(nextDue('2026-12-01', '2026-12-02', 30)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('is scheduled before the due day, due on it, overdue after it by whole days', () => {
    expect(standing(true, '2026-12-10', '2026-12-09')).toEqual({ status: 'scheduled', overdueDays: 0 });
    expect(standing(true, '2026-12-10', '2026-12-10')).toEqual({ status: 'due', overdueDays: 0 });
    expect(standing(true, '2026-12-10', '2026-12-13')).toEqual({ status: 'overdue', overdueDays: 3 });
    expect(standing(false, '2026-12-10', '2026-12-13')).toEqual({ status: 'inactive', overdueDays: 0 });
  });
});
