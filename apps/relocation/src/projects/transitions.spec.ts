import { ErrorCode } from '@citygrid/contracts';
import { HOUSEHOLD_STATES } from '@citygrid/contracts/relocation';

import { atLeast, decideStep, StepRefused, stepError } from './transitions';

const now = new Date('2026-11-10T12:00:00Z');
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));

describe('household transitions', () => {
  it('goes visited → agreed → signed → moved → demolished, one step at a time', () => {
    let state: (typeof HOUSEHOLD_STATES)[number] | null = null;
    for (const [i, next] of HOUSEHOLD_STATES.entries()) {
      expect(() => decideStep(state, next, day(i + 1), i === 0 ? null : day(i), now)).not.toThrow();
      state = next;
    }
    expect(state).toBe('demolished');
  });

  it('refuses a skipped step and a step back as a conflict naming the current state', () => {
    const skip = catchRefusal(() => decideStep('visited', 'signed', day(2), day(1), now));
    expect(skip.kind).toBe('state');
    expect(skip.message).toContain('visited');
    expect(stepError(skip).code).toBe(ErrorCode.Conflict);
    expect(catchRefusal(() => decideStep('signed', 'agreed', day(3), day(2), now)).kind).toBe('state');
    expect(catchRefusal(() => decideStep(null, 'agreed', day(3), null, now)).message).toContain('not yet visited');
    expect(catchRefusal(() => decideStep('demolished', 'visited', day(3), day(2), now)).kind).toBe('state');
  });

  it('takes a backdated step but never one before the previous step or in the future', () => {
    expect(() => decideStep('agreed', 'signed', day(2), day(2), now)).not.toThrow();
    const early = catchRefusal(() => decideStep('agreed', 'signed', day(1), day(2), now));
    expect(early.kind).toBe('at');
    expect(stepError(early)).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'at' }] });
    expect(catchRefusal(() => decideStep(null, 'visited', new Date('2026-11-11T00:00:00Z'), null, now)).message).toBe('is in the future');
    // ISO 8601 forms the Date parser does not read (e.g. the basic `20261101`) are refused, not stored
    expect(catchRefusal(() => decideStep(null, 'visited', new Date('20261101'), null, now)).kind).toBe('at');
  });

  it('orders states', () => {
    expect(atLeast('moved', 'signed')).toBe(true);
    expect(atLeast('signed', 'signed')).toBe(true);
    expect(atLeast('agreed', 'signed')).toBe(false);
    expect(atLeast(null, 'visited')).toBe(false);
  });
});

function catchRefusal(fn: () => void): StepRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof StepRefused) return err;
    throw err;
  }
  throw new Error('no refusal');
}
