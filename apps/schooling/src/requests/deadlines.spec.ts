import { deadlineFor, isOverdue } from './deadlines';

const DAYS = { CHECK_DAYS: 3, REFER_DAYS: 5, PLACE_DAYS: 10 };
const at = new Date('2026-12-01T08:00:00.000Z');

describe('step deadlines', () => {
  it('gives each open state its own number of calendar days from when it was entered', () => {
    expect(deadlineFor('received', at, DAYS)?.toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(deadlineFor('checked', at, DAYS)?.toISOString()).toBe('2026-12-06T08:00:00.000Z');
    expect(deadlineFor('referred', at, DAYS)?.toISOString()).toBe('2026-12-11T08:00:00.000Z');
  });

  it('runs across weekends and month ends: calendar days, not working days', () => {
    expect(deadlineFor('referred', new Date('2026-12-28T00:00:00.000Z'), DAYS)?.toISOString()).toBe('2027-01-07T00:00:00.000Z');
  });

  it('has no deadline once settled', () => {
    expect(deadlineFor('placed', at, DAYS)).toBeNull();
    expect(deadlineFor('refused', at, DAYS)).toBeNull();
  });

  it('follows the configured days', () => {
    expect(deadlineFor('received', at, { ...DAYS, CHECK_DAYS: 1 })?.toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('is overdue only past its deadline, never when settled', () => {
    const deadline = deadlineFor('received', at, DAYS);
    expect(isOverdue({ deadline }, new Date('2026-12-04T07:59:59.000Z'))).toBe(false);
    expect(isOverdue({ deadline }, new Date('2026-12-04T08:00:01.000Z'))).toBe(true);
    expect(isOverdue({ deadline: null }, new Date('2030-01-01T00:00:00.000Z'))).toBe(false);
  });
});
