import { addDays, dayIn, daysBetween, wholeHourDay } from './work-day';

describe('dayIn', () => {
  it('gives the day of the working time zone, not of UTC', () => {
    // 23:30 UTC on 30 April is 07:30 on 1 May in Zhengzhou
    expect(dayIn('2013-04-30T23:30:00.000Z', 'Asia/Shanghai')).toBe('2013-05-01');
    expect(dayIn('2013-04-30T15:59:59.999Z', 'Asia/Shanghai')).toBe('2013-04-30');
    expect(dayIn('2013-04-30T16:00:00.000Z', 'Asia/Shanghai')).toBe('2013-05-01');
    expect(dayIn(new Date('2013-04-30T23:30:00.000Z'), 'UTC')).toBe('2013-04-30');
  });

  it('agrees with formatting each instant, across midnights, half-hour zones and offset changes', () => {
    const exact = (ms: number, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
    // Lord Howe moves by 30 minutes at 02:00 local; Chatham is 12:45 ahead; Havana and Santiago change at midnight; Kathmandu is 5:45 ahead
    const zones = ['Asia/Shanghai', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Havana', 'America/Santiago', 'Asia/Kathmandu', 'Europe/London'];
    const transitions = ['2013-04-07T00:00:00Z', '2013-10-06T00:00:00Z', '2013-03-10T00:00:00Z', '2013-11-03T00:00:00Z', '2013-04-28T00:00:00Z', '2013-09-08T00:00:00Z', '2013-03-31T00:00:00Z'];
    for (const timeZone of zones) {
      for (const around of transitions) {
        // every 7 minutes for two days around each date, in a fresh order of hours
        for (let ms = Date.parse(around) - 86_400_000; ms < Date.parse(around) + 86_400_000; ms += 7 * 60_000) {
          expect([timeZone, new Date(ms).toISOString(), dayIn(new Date(ms).toISOString(), timeZone)]).toEqual([timeZone, new Date(ms).toISOString(), exact(ms, timeZone)]);
        }
      }
    }
  });
});

describe('wholeHourDay', () => {
  const hourOf = (iso: string): number => Date.parse(iso) / 3_600_000;

  it('names the day of an hour within one day, and none for an hour holding a midnight or an offset change', () => {
    expect(wholeHourDay('Asia/Shanghai', hourOf('2013-04-30T15:00:00Z'))).toBe('2013-04-30');
    expect(wholeHourDay('Asia/Kathmandu', hourOf('2013-04-30T18:00:00Z'))).toBeNull();
    // Lord Howe Island went to summer time at 15:30 UTC on 5 October 2013 (02:00 → 02:30 local), within one day
    expect(wholeHourDay('Australia/Lord_Howe', hourOf('2013-10-05T15:00:00Z'))).toBeNull();
    expect(wholeHourDay('Australia/Lord_Howe', hourOf('2013-10-05T16:00:00Z'))).toBe('2013-10-06');
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
