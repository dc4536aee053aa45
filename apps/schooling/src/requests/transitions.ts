import { AccessDenied } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { EnrolmentAction, type EnrolmentState } from '@citygrid/contracts/schooling';
import { ServiceError } from '@citygrid/service-kit';

/**
 * What a caller is to a request, for the transition table:
 * - `operator`: an operator (any level) or the system admin, with the request in scope;
 * - `gridStaff`: grid staff (leader, member, responsible person) with the request in scope.
 */
export type ActorRole = 'operator' | 'gridStaff';

/** One row of the table: from which states a step may run, where it leads, who may take it. */
export interface TransitionRule {
  from: readonly EnrolmentState[];
  to: EnrolmentState;
  roles: readonly ActorRole[];
}

/** Settled states: no step leads out of them and no deadline runs. */
export const SETTLED_STATES: readonly EnrolmentState[] = ['placed', 'refused'];

/** Open states, each with a step deadline. */
export const OPEN_STATES: readonly EnrolmentState[] = ['received', 'checked', 'referred'];

/**
 * The lifecycle: received → checked → referred → placed, or refused from any open state. Grid
 * staff check and refer; placing a child and refusing help are the operators' decisions.
 */
export const TRANSITIONS: Readonly<Record<EnrolmentAction, TransitionRule>> = {
  [EnrolmentAction.Check]: { from: ['received'], to: 'checked', roles: ['operator', 'gridStaff'] },
  [EnrolmentAction.Refer]: { from: ['checked'], to: 'referred', roles: ['operator', 'gridStaff'] },
  [EnrolmentAction.Place]: { from: ['referred'], to: 'placed', roles: ['operator'] },
  [EnrolmentAction.Refuse]: { from: OPEN_STATES, to: 'refused', roles: ['operator'] },
};

/** Why a step was refused: `state` (409, naming the current state) or `role` (403). */
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
 * Decide a step. The state is checked first: a step that cannot happen now is a conflict whoever
 * asks, and saying so leaks nothing the caller (who already sees the request) does not know.
 *
 * @returns the state after
 * @throws TransitionRefused
 */
export function decide(state: EnrolmentState, action: EnrolmentAction, roles: ReadonlySet<ActorRole>): EnrolmentState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    throw new TransitionRefused('state', `request is in state ${state}; ${action} is possible only from ${rule.from.join(', ')}.`);
  }
  if (!rule.roles.some((r) => roles.has(r))) {
    throw new TransitionRefused('role', `${action} is for the ${rule.roles.map((r) => (r === 'gridStaff' ? 'grid staff' : `${r}s`)).join(' or ')} of this request's area.`);
  }
  return rule.to;
}

/** The answer to a refused step: 409 naming the current state, or 403 naming who may take it. */
export function refusalError(err: TransitionRefused): ServiceError | AccessDenied {
  return err.kind === 'state' ? new ServiceError(ErrorCode.Conflict, `The ${err.message}`) : new AccessDenied(ErrorCode.Forbidden, `The step ${err.message}`);
}
