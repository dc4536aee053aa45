import type { EnrolmentState } from '@citygrid/contracts/schooling';

/** Calendar days each open state has before its deadline. */
export interface StepDays {
  CHECK_DAYS: number;
  REFER_DAYS: number;
  PLACE_DAYS: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deadline of the step a request enters `state` at `from`: received → check within
 * `CHECK_DAYS`, checked → refer within `REFER_DAYS`, referred → settle within `PLACE_DAYS`
 * (calendar days); none once settled.
 */
export function deadlineFor(state: EnrolmentState, from: Date, days: StepDays): Date | null {
  const n = state === 'received' ? days.CHECK_DAYS : state === 'checked' ? days.REFER_DAYS : state === 'referred' ? days.PLACE_DAYS : null;
  return n === null ? null : new Date(from.getTime() + n * DAY_MS);
}

/** Overdue: open, and its deadline has passed. */
export function isOverdue(r: { deadline: Date | null }, now: Date = new Date()): boolean {
  return r.deadline !== null && r.deadline.getTime() < now.getTime();
}
