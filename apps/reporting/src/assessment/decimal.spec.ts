import { add, compare, div, formatHundredths, fraction, mul, parseDecimal, sub, toFixed2, toHundredths } from './decimal';

describe('exact decimals', () => {
  it('parses decimals exactly and keeps fractions in lowest terms', () => {
    expect(parseDecimal('99.22')).toEqual({ n: 4961n, d: 50n });
    expect(parseDecimal('-3')).toEqual({ n: -3n, d: 1n });
    expect(parseDecimal('0.0125')).toEqual({ n: 1n, d: 80n });
    expect(fraction(6, -4)).toEqual({ n: -3n, d: 2n });
    expect(() => parseDecimal('1e3')).toThrow(RangeError);
    expect(() => fraction(1, 0)).toThrow(RangeError);
  });

  it('adds what floats cannot: 0.1 + 0.2 is 0.3', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(compare(add(parseDecimal('0.1'), parseDecimal('0.2')), parseDecimal('0.3'))).toBe(0);
    expect(sub(parseDecimal('1'), parseDecimal('0.9'))).toEqual({ n: 1n, d: 10n });
    expect(mul(parseDecimal('30'), div(fraction(1922, 100), fraction(20)))).toEqual({ n: 2883n, d: 100n });
  });

  it('rounds half-up, away from zero at exactly half a hundredth', () => {
    expect(toFixed2(fraction(1, 8))).toBe('0.13');
    expect(toFixed2(fraction(-1, 8))).toBe('-0.13');
    expect(toFixed2(fraction(1, 3))).toBe('0.33');
    expect(toFixed2(fraction(2, 3))).toBe('0.67');
    // 15758 / 15882 in percent: the seed's 99.22
    expect(toFixed2(mul(fraction(15758, 15882), fraction(100)))).toBe('99.22');
    // 1.005 is no double: as a float it rounds down, exactly it rounds up
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(toFixed2(parseDecimal('1.005'))).toBe('1.01');
    expect(toHundredths(fraction(0))).toBe(0n);
  });

  it('formats hundredths with two places and a sign', () => {
    expect(formatHundredths(9922n)).toBe('99.22');
    expect(formatHundredths(5n)).toBe('0.05');
    expect(formatHundredths(-5n)).toBe('-0.05');
    expect(formatHundredths(10000n)).toBe('100.00');
  });
});
