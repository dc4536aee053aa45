import { closureRate, coversCategory, toProgress } from './progress';

describe('campaign progress', () => {
  it('computes the closure rate from the counts, null when nothing was found', () => {
    expect(closureRate(0, 0)).toBeNull();
    expect(closureRate(3, 1)).toBe(0.3333);
    expect(closureRate(15882, 15758)).toBe(0.9922);
    expect(toProgress('c', { found: 4, closed: 4, overdue: 0 }, new Date('2026-11-25T00:00:00Z'))).toEqual({
      campaignId: 'c',
      found: 4,
      closed: 4,
      overdue: 0,
      closureRate: 1,
      asOf: '2026-11-25T00:00:00.000Z',
    });
  });

  it('covers the sub-classes of a class', () => {
    expect(coversCategory(['CM'], 'CM05')).toBe(true);
    expect(coversCategory(['SJ0201'], 'SJ0201')).toBe(true);
    expect(coversCategory(['SJ0201'], 'SJ0202')).toBe(false);
  });
});
