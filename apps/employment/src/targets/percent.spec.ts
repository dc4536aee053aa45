import { percentOf } from './percent';

describe('percentOf', () => {
  it('prints 2,602 new jobs against a target of 2,580 as 100.85', () => {
    expect(percentOf(2602, 2580)).toBe('100.85');
  });

  it('rounds half up at the third place', () => {
    expect(percentOf(1, 8)).toBe('12.50');
    expect(percentOf(1, 3)).toBe('33.33');
    expect(percentOf(2, 3)).toBe('66.67');
    // 0.125 % exactly: half up to 0.13
    expect(percentOf(1, 800)).toBe('0.13');
    expect(percentOf(1, 1600)).toBe('0.06');
  });

  it('prints whole and zero results with two places', () => {
    expect(percentOf(2580, 2580)).toBe('100.00');
    expect(percentOf(0, 2580)).toBe('0.00');
  });

  it('has no percentage without a target', () => {
    expect(percentOf(5, null)).toBeNull();
    expect(percentOf(5, 0)).toBeNull();
  });
});
