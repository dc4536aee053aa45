import { cityDay, cityDayBounds, isRealDay, keyLocationGaps, previousDay, unpatrolledGrids, validatePatrol } from './coverage';

describe('city days', () => {
  it('puts an instant on its Beijing-time day, whatever the host time zone', () => {
    expect(cityDay(new Date('2026-11-25T15:59:59Z'))).toBe('2026-11-25');
    expect(cityDay(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26');
  });

  it('bounds a day at Beijing midnight and steps back across months', () => {
    expect(cityDayBounds('2026-11-25')).toEqual({ start: new Date('2026-11-24T16:00:00Z'), end: new Date('2026-11-25T16:00:00Z') });
    expect(previousDay('2026-12-01')).toBe('2026-11-30');
    expect(previousDay('2026-01-01')).toBe('2025-12-31');
  });

  it('refuses dates that do not exist', () => {
    expect(isRealDay('2026-02-28')).toBe(true);
    expect(isRealDay('2026-02-31')).toBe(false);
  });
});

describe('validatePatrol', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const start = new Date('2026-11-25T08:00:00Z');

  it('accepts a plausible patrol with a track', () => {
    expect(
      validatePatrol(
        start,
        new Date('2026-11-25T09:00:00Z'),
        {
          type: 'LineString',
          coordinates: [
            [113.6, 34.75],
            [113.61, 34.76],
          ],
        },
        now,
      ),
    ).toEqual([]);
  });

  it('names an end before the start, in the future, and each bad position', () => {
    const errors = validatePatrol(start, new Date('2026-11-25T07:00:00Z'), { type: 'LineString', coordinates: [[113.6, 34.75], [200, 34], [1], [Number.NaN, 1]] }, now);
    expect(errors.map((e) => e.field)).toEqual(['endedAt', 'track.coordinates[1]', 'track.coordinates[2]', 'track.coordinates[3]']);
    expect(validatePatrol(start, new Date('2026-11-25T11:00:00Z'), undefined, now)).toEqual([{ field: 'endedAt', reason: 'must not be in the future' }]);
  });

  it('refuses a track longer than 2000 positions', () => {
    const coordinates = Array.from({ length: 2001 }, (_, i) => [113.6 + i * 1e-6, 34.75]);
    expect(validatePatrol(start, now, { type: 'LineString', coordinates }, now)).toEqual([{ field: 'track.coordinates', reason: 'at most 2000 positions' }]);
  });
});

describe('coverage', () => {
  const grids = [
    { code: '4101020050010102', name: 'B', path: [] },
    { code: '4101020050010101', name: 'A', path: [] },
    { code: '4101020050010201', name: 'C', path: [] },
  ];

  it('lists the grids without a patrol, in code order', () => {
    expect(unpatrolledGrids(grids, new Set()).map((g) => g.code)).toEqual(['4101020050010101', '4101020050010102', '4101020050010201']);
    expect(unpatrolledGrids(grids, new Set(['4101020050010101'])).map((g) => g.name)).toEqual(['B', 'C']);
  });

  it('needs both a patrol of the grid and a visit of the place for a key location', () => {
    const places = [
      { id: 'p1', name: '加油站', gridCode: '4101020050010101' },
      { id: 'p2', name: '学校', gridCode: '4101020050010101' },
      { id: 'p3', name: '市场', gridCode: '4101020050010102' },
    ];
    const gaps = keyLocationGaps(places, new Set(['4101020050010101']), new Set(['p1', 'p3']));
    expect(gaps).toEqual([
      { id: 'p2', name: '学校', gridCode: '4101020050010101', patrolled: true, visited: false },
      { id: 'p3', name: '市场', gridCode: '4101020050010102', patrolled: false, visited: true },
    ]);
  });
});
