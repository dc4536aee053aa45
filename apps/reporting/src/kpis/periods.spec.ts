import { KpiGroupBy } from '@citygrid/contracts/reporting';

import { dashboardRanges, isoWeekOf, periodRange, queryRange } from './periods';

describe('periodRange', () => {
  it('gives the days of a year, a quarter and a month', () => {
    expect(periodRange('2013')).toEqual({ from: '2013-01-01', to: '2013-12-31', label: '2013' });
    expect(periodRange('2013-Q1')).toEqual({ from: '2013-01-01', to: '2013-03-31', label: '2013-Q1' });
    expect(periodRange('2012-Q1')?.to).toBe('2012-03-31');
    expect(periodRange('2013-Q4')).toEqual({ from: '2013-10-01', to: '2013-12-31', label: '2013-Q4' });
    expect(periodRange('2012-02')).toEqual({ from: '2012-02-01', to: '2012-02-29', label: '2012-02' });
    expect(periodRange('2013-02')?.to).toBe('2013-02-28');
  });

  it('gives ISO weeks Monday to Sunday, week 1 holding 4 January, and refuses a week 53 a year lacks', () => {
    // 2013-01-01 was a Tuesday: week 1 began on Monday 31 December 2012
    expect(periodRange('2013-W01')).toEqual({ from: '2012-12-31', to: '2013-01-06', label: '2013-W01' });
    expect(periodRange('2013-W05')).toEqual({ from: '2013-01-28', to: '2013-02-03', label: '2013-W05' });
    // 2015 began on a Thursday: 53 weeks; 2013 did not
    expect(periodRange('2015-W53')).toEqual({ from: '2015-12-28', to: '2016-01-03', label: '2015-W53' });
    expect(periodRange('2013-W53')).toBeUndefined();
    expect(periodRange('2013-13')).toBeUndefined();
    // years as dates take them: 1900 to 2999
    expect(periodRange('0000')).toBeUndefined();
    expect(periodRange('1899-Q4')).toBeUndefined();
    expect(periodRange('1900-W01')).toEqual({ from: '1900-01-01', to: '1900-01-07', label: '1900-W01' });
  });
});

describe('queryRange', () => {
  it('takes from and to, both days included, or a named period', () => {
    expect(queryRange({ from: '2013-01-01', to: '2013-04-30' })).toEqual({ from: '2013-01-01', to: '2013-04-30', label: null });
    expect(queryRange({ period: '2013-Q2' })).toEqual({ from: '2013-04-01', to: '2013-06-30', label: '2013-Q2' });
  });

  it('names the field of every refusal', () => {
    expect(queryRange({})).toEqual([
      { field: 'from', reason: 'from is required unless period is given' },
      { field: 'to', reason: 'to is required unless period is given' },
    ]);
    expect(queryRange({ period: '2013', from: '2013-01-01' })).toEqual([{ field: 'period', reason: 'period excludes from and to: give one or the other' }]);
    expect(queryRange({ from: '2013-05-01', to: '2013-04-30' })).toEqual([{ field: 'to', reason: 'must not be before from (2013-05-01)' }]);
    expect(queryRange({ from: '2000-01-01', to: '2013-04-30' })).toEqual([{ field: 'to', reason: 'the period may span at most 3660 days' }]);
    expect(queryRange({ period: '2012', groupBy: KpiGroupBy.Day })).toEqual({ from: '2012-01-01', to: '2012-12-31', label: '2012' });
    expect(queryRange({ from: '2012-01-01', to: '2013-01-01', groupBy: KpiGroupBy.Day })).toEqual([{ field: 'groupBy', reason: 'day rows are given for at most 366 days; group by month instead' }]);
    expect(queryRange({ period: '2013-W53' })).toEqual([{ field: 'period', reason: '2013-W53 is no period (a year, quarter, month or an ISO week that exists)' }]);
  });
});

describe('dashboardRanges', () => {
  it('names the ISO week of a day, its year crossing New Year where the weeks do', () => {
    expect(isoWeekOf('2013-01-30')).toBe('2013-W05');
    expect(isoWeekOf('2013-12-30')).toBe('2014-W01');
    expect(isoWeekOf('2016-01-03')).toBe('2015-W53');
    expect(isoWeekOf('2026-12-01')).toBe('2026-W49');
  });

  it('gives today and the week, month, quarter and year holding it', () => {
    expect(dashboardRanges('2013-04-30').map((p) => [p.key, p.range.from, p.range.to, p.range.label])).toEqual([
      ['today', '2013-04-30', '2013-04-30', '2013-04-30'],
      ['week', '2013-04-29', '2013-05-05', '2013-W18'],
      ['month', '2013-04-01', '2013-04-30', '2013-04'],
      ['quarter', '2013-04-01', '2013-06-30', '2013-Q2'],
      ['year', '2013-01-01', '2013-12-31', '2013'],
    ]);
  });
});
