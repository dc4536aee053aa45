import { addDays, dayIn, daysBetween } from './work-day';

describe('dayIn', () => {
  it('gives the day of the working time zone, not of UTC', () => {
    // 23:30 UTC on 30 April is 07:30 on 1 May in Zhengzhou
    expect(dayIn('2013-04-30T23:30:00.000Z', 'Asia/Shanghai')).toBe('2013-05-01');
    expect(dayIn('2013-04-30T15:59:59.999Z', 'Asia/Shanghai')).toBe('2013-04-30');
    expect(dayIn('2013-04-30T16:00:00.000Z', 'Asia/Shanghai')).toBe('2013-05-01');
    expect(dayIn(new Date('2013-04-30T23:30:00.000Z'), 'UTC')).toBe('2013-04-30');
  });
});

describe('day arithmetic', () => {
  it('adds days across months and leap days, and counts days inclusively', () => {
    expect(addDays('2012-02-28', 1)).toBe('2012-02-29');
    expect(addDays('2013-01-01', -1)).toBe('2012-12-31');
    expect(daysBetween('2013-01-01', '2013-03-31')).toBe(90);
    expect(daysBetween('2013-04-30', '2013-04-30')).toBe(1);
  });
});
