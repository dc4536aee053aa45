import { formatQuarters, quartersBetween, quartersOf } from './hours';

const at = (hhmm: string): Date => new Date(`2026-06-01T${hhmm}:00Z`);

describe('volunteer hours', () => {
  it('rounds check-out − check-in to the nearest quarter hour, half-up', () => {
    expect(quartersBetween(at('09:00'), at('11:00'))).toBe(8);
    expect(quartersBetween(at('09:00'), at('11:07'))).toBe(8);
    expect(formatQuarters(quartersBetween(at('09:00'), new Date('2026-06-01T11:07:30Z')) ?? -1)).toBe('2.25');
    expect(quartersBetween(at('09:00'), at('11:08'))).toBe(9);
    expect(quartersBetween(at('09:00'), at('09:05'))).toBe(0);
    expect(quartersBetween(at('09:00'), at('09:00'))).toBeNull();
    expect(quartersBetween(at('10:00'), at('09:00'))).toBeNull();
  });

  it('rounds entered hours to quarters and prints them with two places', () => {
    expect(quartersOf(2.5)).toBe(10);
    expect(quartersOf(2.1)).toBe(8);
    expect(quartersOf(2.13)).toBe(9);
    expect(quartersOf(0.25)).toBe(1);
    expect(formatQuarters(10)).toBe('2.50');
    expect(formatQuarters(9)).toBe('2.25');
    expect(formatQuarters(3)).toBe('0.75');
    expect(formatQuarters(96)).toBe('24.00');
  });
});
