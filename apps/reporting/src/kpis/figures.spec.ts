import { closeBucket } from '../read-models/projection';
import { meanHours, p90Hours, rate, roundedQuotient } from './figures';

describe('rate', () => {
  it('gives the seed figure exactly: 15,758 closed of 15,882 found is 99.22%', () => {
    expect(rate(15758, 15882)).toEqual({ numerator: 15758, denominator: 15882, percent: '99.22' });
  });

  it('rounds half-up at the third decimal, with no float drift', () => {
    // 1/8 = 12.5% exactly; 2602/2580 = 100.852…%; 1/3 = 33.333…%; 2/3 = 66.666…%
    expect(rate(1, 8).percent).toBe('12.50');
    expect(rate(2602, 2580).percent).toBe('100.85');
    expect(rate(1, 3).percent).toBe('33.33');
    expect(rate(2, 3).percent).toBe('66.67');
    // 0.125% is exactly half a hundredth: up, not to even
    expect(rate(1, 800).percent).toBe('0.13');
    expect(rate(0, 5).percent).toBe('0.00');
    expect(rate(5, 5).percent).toBe('100.00');
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, percent: null });
  });

  it('rounds a negative quotient away from zero at half', () => {
    expect(roundedQuotient(-1n, 8n, 2)).toBe('-0.13');
    expect(roundedQuotient(1n, 3n, 4)).toBe('0.3333');
  });
});

describe('hours to close', () => {
  it('averages in hours rounded half-up, null for none', () => {
    expect(meanHours(3 * 3_600_000 + 1_800_000, 1)).toBe('3.50');
    expect(meanHours(3_600_000, 3)).toBe('0.33');
    expect(meanHours(0, 0)).toBeNull();
  });

  it('gives the upper edge of the bucket of the 90th percentile (nearest rank)', () => {
    const b = new Map<number, number>();
    const add = (hours: number, n = 1): void => void b.set(closeBucket(hours * 3_600_000), (b.get(closeBucket(hours * 3_600_000)) ?? 0) + n);
    add(0.1, 9); // within 15 minutes
    add(30); // between 24 and 30 hours
    // 10 closings: the 9th is within 15 minutes
    expect(p90Hours(b)).toBe('0.25');
    add(30);
    // 11: the 10th (⌈9.9⌉) took 30 hours
    expect(p90Hours(b)).toBe('30.00');
    expect(p90Hours(new Map())).toBeNull();
    // exactly on an edge stays in the bucket that ends there; beyond a year reports a year
    expect(closeBucket(24 * 3_600_000)).toBe(closeBucket(23.5 * 3_600_000));
    expect(p90Hours(new Map([[closeBucket(9000 * 3_600_000), 1]]))).toBe('8760.00');
  });
});
