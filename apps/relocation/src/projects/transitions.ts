import { ErrorCode } from '@citygrid/contracts';
import { HOUSEHOLD_STATES, type HouseholdState } from '@citygrid/contracts/relocation';
import { ServiceError } from '@citygrid/service-kit';

/** The table: from which state each state is reached (null: a household not yet visited). */
export const TRANSITIONS: Readonly<Record<HouseholdState, HouseholdState | null>> = {
  visited: null,
  agreed: 'visited',
  signed: 'agreed',
  moved: 'signed',
  demolished: 'moved',
};

/** Why a step was refused: `state` (409, naming the current state) or `at` (422, naming the field). */
export class StepRefused extends Error {
  constructor(
    readonly kind: 'state' | 'at',
    detail: string,
  ) {
    super(detail);
    this.name = 'StepRefused';
  }
}

/**
 * Decide one step of a household: `to` must follow `from` in the table, and `at` (when it
 * happened) must be neither in the future nor before the previous step.
 *
 * @throws StepRefused
 */
export function decideStep(from: HouseholdState | null, to: HouseholdState, at: Date, previousAt: Date | null, now: Date): void {
  const wanted = TRANSITIONS[to];
  if (wanted !== from) {
    throw new StepRefused('state', `The household is ${from ?? 'not yet visited'}; ${to} follows only ${wanted ?? 'a household not yet visited'}.`);
  }
  if (Number.isNaN(at.getTime())) throw new StepRefused('at', 'must be a date-time (ISO 8601)');
  if (at.getTime() > now.getTime()) throw new StepRefused('at', 'is in the future');
  if (previousAt && at.getTime() < previousAt.getTime()) throw new StepRefused('at', `is before the previous step (${from} at ${previousAt.toISOString()})`);
}

/** The answer to a refused step. */
export function stepError(err: StepRefused): ServiceError {
  return err.kind === 'state' ? new ServiceError(ErrorCode.Conflict, err.message) : ServiceError.validation([{ field: 'at', reason: err.message }]);
}

/** Whether `state` is `than` or further on. */
export function atLeast(state: HouseholdState | null, than: HouseholdState): boolean {
  return state !== null && HOUSEHOLD_STATES.indexOf(state) >= HOUSEHOLD_STATES.indexOf(than);
}
