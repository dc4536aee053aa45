import type { HouseholdState } from '@citygrid/contracts/relocation';

import { dailyFigures, dayIn, median, packagesBehind, progressCurve, statesAt, withoutRecentVisit, type ReportStep } from './arithmetic';

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const households = Array.from({ length: 6 }, (_, i) => ({ id: `h${i + 1}`, packageId: i < 3 ? 'p1' : 'p2' }));
const packages = [
  { id: 'p1', leader: 'Wang', group: 'A' },
  { id: 'p2', leader: 'Li', group: 'B' },
];

/** Steps of each household: the days on which it reached visited, agreed, signed, moved, demolished. */
function walk(id: string, days: number[]): ReportStep[] {
  const states: HouseholdState[] = ['visited', 'agreed', 'signed', 'moved', 'demolished'];
  return days.map((d, i) => ({ householdId: id, state: states[i] as HouseholdState, day: day(d) }));
}

const steps = [...walk('h1', [1, 1, 2, 3, 20]), ...walk('h2', [1, 2, 3, 3]), ...walk('h3', [1, 2]), ...walk('h4', [2, 4, 9, 10]), ...walk('h5', [1]), ...walk('h6', [])];

describe('report arithmetic', () => {
  it('counts a step on the day of the working time zone, not the UTC one', () => {
    // 23:30 in Zhengzhou on 3 November is still 2 November in UTC
    expect(dayIn(new Date('2026-11-03T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-03');
    expect(dayIn(new Date('2026-11-03T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-04');
    expect(dayIn(new Date('2026-11-03T16:30:00Z'), 'UTC')).toBe('2026-11-03');
  });

  it('takes each household at its furthest step by the end of the day', () => {
    const s = statesAt(households, steps, '2026-11-02');
    expect(Object.fromEntries(s)).toEqual({ h1: 'signed', h2: 'agreed', h3: 'agreed', h4: 'visited', h5: 'visited', h6: null });
  });

  it('counts per state at the day’s end, the day’s changes and per package', () => {
    const r = dailyFigures(households, steps, packages, '2026-11-03');
    expect(r.counts).toEqual({ none: 1, visited: 2, agreed: 1, signed: 0, moved: 2, demolished: 0 });
    // h1 moved, h2 signed and moved that day
    expect(r.changes).toEqual({ none: 0, visited: 0, agreed: 0, signed: 1, moved: 2, demolished: 0 });
    expect(r.packages).toEqual([
      { packageId: 'p1', leader: 'Wang', group: 'A', households: 3, counts: { none: 0, visited: 0, agreed: 1, signed: 0, moved: 2, demolished: 0 }, signedOrLater: 2 },
      { packageId: 'p2', leader: 'Li', group: 'B', households: 3, counts: { none: 1, visited: 2, agreed: 0, signed: 0, moved: 0, demolished: 0 }, signedOrLater: 0 },
    ]);
  });

  it('draws cumulative curves from the start with days 3, 10 and 30 marked', () => {
    const curve = progressCurve(households, steps, '2026-11-01', '2026-11-30');
    expect(curve).toHaveLength(30);
    expect(curve[0]).toEqual({ day: 1, date: '2026-11-01', signed: 0, moved: 0, demolished: 0, milestone: false });
    expect(curve[2]).toEqual({ day: 3, date: '2026-11-03', signed: 2, moved: 2, demolished: 0, milestone: true });
    expect(curve[9]).toEqual({ day: 10, date: '2026-11-10', signed: 3, moved: 3, demolished: 0, milestone: true });
    expect(curve[29]).toMatchObject({ day: 30, signed: 3, moved: 3, demolished: 1, milestone: true });
    expect(curve.filter((p) => p.milestone).map((p) => p.day)).toEqual([3, 10, 30]);
    for (let i = 1; i < curve.length; i += 1) expect((curve[i] as { signed: number }).signed).toBeGreaterThanOrEqual((curve[i - 1] as { signed: number }).signed);
  });

  it('finds the packages behind the median and households without a visit in 2 days', () => {
    const r = dailyFigures(households, steps, packages, '2026-11-03');
    // p1: 2 of 3 signed or further, p2: none of 3
    const { median: m, behind } = packagesBehind(r.packages);
    expect(m).toBeCloseTo(1 / 3);
    expect(behind.map((p) => p.packageId)).toEqual(['p2']);
    // on day 3: h1 and h2 moved; h3 last seen day 2, h4 day 2 (within 2 days); h5 day 1; h6 never
    expect(withoutRecentVisit(households, steps, '2026-11-03')).toEqual(['h5', 'h6']);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([0.5, 0.1, 0.9, 0.3])).toBeCloseTo(0.4);
    expect(median([])).toBe(0);
  });
});
