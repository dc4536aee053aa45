import { CaseAction, CaseState, OPEN_CASE_STATES } from '@citygrid/contracts/ticketing';

/**
 * What a caller is to a case, for the transition table:
 * - `operator`: an operator (any level) or the system admin, with the case in scope;
 * - `handler`: an officer of the department the case is dispatched to, or grid staff of the
 *   case's grid when it is dispatched to grid staff;
 * - `verifier`: grid staff of the case's grid, or a supervisor with the case in scope.
 */
export type ActorRole = 'operator' | 'handler' | 'verifier';

/** `same`: the state does not change (requests, escalation); `previous`: back to the state before the suspension. */
export type Target = CaseState | 'same' | 'previous';

/** One row of the table: from which states an action may run, where it leads, who may do it. */
export interface TransitionRule {
  from: readonly CaseState[];
  to: Target;
  roles: readonly ActorRole[];
}

/** Open states: not yet closed, rejected, cancelled or merged (`OPEN_CASE_STATES` of the contracts). */
export const OPEN_STATES: readonly CaseState[] = OPEN_CASE_STATES;

/** States in which a deadline runs and the escalation timer looks at the case. */
export const CLOCKED_STATES: readonly CaseState[] = [CaseState.Dispatched, CaseState.Accepted, CaseState.Returned];

const WORKING: readonly CaseState[] = [CaseState.Dispatched, CaseState.Accepted];
const IN_PROGRESS: readonly CaseState[] = [CaseState.Filed, CaseState.Dispatched, CaseState.Accepted, CaseState.Returned];

/** The lifecycle: state × action → state, and who may. */
export const TRANSITIONS: Readonly<Record<CaseAction, TransitionRule>> = {
  [CaseAction.File]: { from: [CaseState.Reported], to: CaseState.Filed, roles: ['operator'] },
  [CaseAction.Reject]: { from: [CaseState.Reported], to: CaseState.Rejected, roles: ['operator'] },
  [CaseAction.Dispatch]: { from: [CaseState.Filed, CaseState.Returned], to: CaseState.Dispatched, roles: ['operator'] },
  [CaseAction.Accept]: { from: [CaseState.Dispatched], to: CaseState.Accepted, roles: ['handler'] },
  [CaseAction.Return]: { from: [CaseState.Dispatched], to: CaseState.Returned, roles: ['handler'] },
  [CaseAction.Handle]: { from: [CaseState.Accepted], to: CaseState.Handled, roles: ['handler'] },
  [CaseAction.VerifyPass]: { from: [CaseState.Handled], to: CaseState.Closed, roles: ['verifier'] },
  [CaseAction.VerifyFail]: { from: [CaseState.Handled], to: CaseState.Accepted, roles: ['verifier'] },
  [CaseAction.Reopen]: { from: [CaseState.Closed], to: CaseState.Filed, roles: ['operator'] },
  [CaseAction.Cancel]: { from: OPEN_STATES, to: CaseState.Cancelled, roles: ['operator'] },
  [CaseAction.RequestExtension]: { from: WORKING, to: 'same', roles: ['handler'] },
  [CaseAction.ApproveExtension]: { from: WORKING, to: 'same', roles: ['operator'] },
  [CaseAction.RequestSuspension]: { from: WORKING, to: 'same', roles: ['handler'] },
  [CaseAction.ApproveSuspension]: { from: WORKING, to: CaseState.Suspended, roles: ['operator'] },
  [CaseAction.Resume]: { from: [CaseState.Suspended], to: 'previous', roles: ['operator'] },
  [CaseAction.Escalate]: { from: IN_PROGRESS, to: 'same', roles: ['handler', 'operator'] },
  [CaseAction.PushDown]: { from: IN_PROGRESS, to: 'same', roles: ['operator'] },
  [CaseAction.Merge]: { from: [CaseState.Reported, CaseState.Filed, CaseState.Dispatched, CaseState.Accepted, CaseState.Returned], to: CaseState.Merged, roles: ['operator'] },
};

/** Why a transition was refused: `state` (409, naming the current state) or `role` (403). */
export class TransitionRefused extends Error {
  constructor(
    readonly kind: 'state' | 'role',
    detail: string,
  ) {
    super(detail);
    this.name = 'TransitionRefused';
  }
}

/**
 * Decide a transition. The state is checked first: an action that cannot happen now is a
 * conflict whoever asks, and saying so leaks nothing the caller (who already sees the case)
 * does not know.
 *
 * @param previous the state before a suspension (for `resume`)
 * @returns the state after
 * @throws TransitionRefused
 */
export function decide(state: CaseState, action: CaseAction, roles: ReadonlySet<ActorRole>, previous: CaseState | null = null): CaseState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    throw new TransitionRefused('state', `case is in state ${state}; ${action} is possible only from ${rule.from.join(', ')}.`);
  }
  if (!rule.roles.some((r) => roles.has(r))) {
    throw new TransitionRefused('role', `${action} is for the ${rule.roles.join(' or ')} of this case.`);
  }
  if (rule.to === 'same') return state;
  if (rule.to === 'previous') return previous ?? CaseState.Accepted;
  return rule.to;
}
