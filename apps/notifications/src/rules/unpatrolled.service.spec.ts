import { localDayAndTime } from './unpatrolled.service';

describe('localDayAndTime', () => {
  it('gives the day and time of the working time zone', () => {
    expect(localDayAndTime(new Date('2026-12-08T08:00:00.000Z'), 'Asia/Shanghai')).toEqual({ day: '2026-12-08', time: '16:00' });
    // past local midnight the day is the next one already
    expect(localDayAndTime(new Date('2026-12-08T16:30:00.000Z'), 'Asia/Shanghai')).toEqual({ day: '2026-12-09', time: '00:30' });
  });
});
