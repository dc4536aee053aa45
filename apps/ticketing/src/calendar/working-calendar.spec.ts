import { TimeUnit } from '@citygrid/contracts/ticketing';

import { addWorkingTime, localDate, parseWorkHours, workingMinutesPerDay, workingMsBetween, type WorkingCalendar } from './working-calendar';

/** Shanghai is UTC+8 all year: 08:30 local = 00:30Z. */
const at = (local: string): Date => new Date(`${local}+08:00`);

function calendar(holidays: string[] = [], workdays: string[] = []): WorkingCalendar {
  return { timeZone: 'Asia/Shanghai', periods: parseWorkHours('08:30-12:00,14:00-18:00'), holidays: new Set(holidays), workdays: new Set(workdays) };
}

describe('working calendar', () => {
  it('parses working periods and refuses bad ones', () => {
    expect(parseWorkHours('14:00-18:00,08:30-12:00')).toEqual([
      { start: 510, end: 720 },
      { start: 840, end: 1080 },
    ]);
    expect(workingMinutesPerDay(calendar())).toBe(450);
    expect(() => parseWorkHours('12:00-08:00')).toThrow();
    expect(() => parseWorkHours('08:00-12:00,11:00-13:00')).toThrow('overlap');
  });

  it('adds hours inside one period', () => {
    // Wednesday 2026-11-25
    expect(addWorkingTime(at('2026-11-25T09:00:00'), 2, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-25T11:00:00'));
  });

  it('skips the lunch break', () => {
    expect(addWorkingTime(at('2026-11-25T11:00:00'), 2, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-25T15:00:00'));
  });

  it('ends exactly at the end of a period rather than the start of the next', () => {
    expect(addWorkingTime(at('2026-11-25T11:00:00'), 1, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-25T12:00:00'));
  });

  it('counts a start before work or at lunch from the next period', () => {
    expect(addWorkingTime(at('2026-11-25T06:00:00'), 1, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-25T09:30:00'));
    expect(addWorkingTime(at('2026-11-25T12:30:00'), 1, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-25T15:00:00'));
  });

  it('skips the night and the weekend', () => {
    // Friday 2026-11-27 17:00 + 2 h → Monday 2026-11-30 09:30
    expect(addWorkingTime(at('2026-11-27T17:00:00'), 2, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-30T09:30:00'));
    // Saturday start counts from Monday morning
    expect(addWorkingTime(at('2026-11-28T10:00:00'), 1, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-30T09:30:00'));
  });

  it('adds working days as full working days of working time', () => {
    expect(addWorkingTime(at('2026-11-25T10:00:00'), 2, TimeUnit.WorkingDays, calendar())).toEqual(at('2026-11-27T10:00:00'));
    // Friday 17:00 + 2 days → Tuesday 17:00
    expect(addWorkingTime(at('2026-11-27T17:00:00'), 2, TimeUnit.WorkingDays, calendar())).toEqual(at('2026-12-01T17:00:00'));
  });

  it('skips holidays and works on make-up days (调休)', () => {
    // National Day 2026: Oct 1-7 off, Sunday Sep 27 and Saturday Oct 10 worked
    const cal = calendar(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], ['2026-09-27', '2026-10-10']);
    // Saturday Sep 26 → next working day is the make-up Sunday Sep 27
    expect(addWorkingTime(at('2026-09-26T10:00:00'), 1, TimeUnit.WorkingHours, cal)).toEqual(at('2026-09-27T09:30:00'));
    // Wednesday Sep 30 17:00 + 2 h → Thursday Oct 8 09:30 (Oct 1-7 off; 3/4 Oct are a weekend)
    expect(addWorkingTime(at('2026-09-30T17:00:00'), 2, TimeUnit.WorkingHours, cal)).toEqual(at('2026-10-08T09:30:00'));
    // Friday Oct 9 17:30 + 1 h → make-up Saturday Oct 10 09:00
    expect(addWorkingTime(at('2026-10-09T17:30:00'), 1, TimeUnit.WorkingHours, cal)).toEqual(at('2026-10-10T09:00:00'));
  });

  it('gives back the start for zero and refuses a calendar without working time', () => {
    expect(addWorkingTime(at('2026-11-25T20:00:00'), 0, TimeUnit.WorkingHours, calendar())).toEqual(at('2026-11-25T20:00:00'));
    expect(() => addWorkingTime(new Date(), 1, TimeUnit.WorkingHours, { ...calendar(), periods: [] })).toThrow('no working periods');
  });

  it('works in a zone with daylight saving time', () => {
    // Europe/Berlin switches to summer time on Sunday 2026-03-29; Monday 08:30 is then 06:30Z.
    const cal: WorkingCalendar = { ...calendar(), timeZone: 'Europe/Berlin' };
    expect(addWorkingTime(new Date('2026-03-27T16:00:00Z'), 2, TimeUnit.WorkingHours, cal)).toEqual(new Date('2026-03-30T07:30:00Z'));
  });

  it('gives the local date in the zone', () => {
    expect(localDate(new Date('2026-11-24T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-25');
  });

  it('measures the working time between two instants: periods of working days only, the inverse of adding it', () => {
    const H = 3_600_000;
    // Wednesday 09:00 to 15:00: 3 h before lunch, 1 h after
    expect(workingMsBetween(at('2026-11-25T09:00:00'), at('2026-11-25T15:00:00'), calendar())).toBe(4 * H);
    // Friday 17:00 to Monday 09:30: 1 h on Friday, 1 h on Monday, nothing at the weekend
    expect(workingMsBetween(at('2026-11-27T17:00:00'), at('2026-11-30T09:30:00'), calendar())).toBe(2 * H);
    // a holiday counts nothing, a make-up Saturday counts fully (7.5 h)
    expect(workingMsBetween(at('2026-11-25T18:00:00'), at('2026-11-27T08:30:00'), calendar(['2026-11-26']))).toBe(0);
    expect(workingMsBetween(at('2026-11-28T00:00:00'), at('2026-11-29T00:00:00'), calendar([], ['2026-11-28']))).toBe(7.5 * H);
    // outside working time, or backwards: nothing
    expect(workingMsBetween(at('2026-11-25T12:10:00'), at('2026-11-25T13:50:00'), calendar())).toBe(0);
    expect(workingMsBetween(at('2026-11-25T15:00:00'), at('2026-11-25T09:00:00'), calendar())).toBe(0);
    const start = at('2026-11-25T10:17:00');
    expect(workingMsBetween(start, addWorkingTime(start, 13, TimeUnit.WorkingHours, calendar()), calendar())).toBe(13 * H);
  });
});
