import { OPEN_SERVICE_REQUEST_STATES, type Satisfaction, type ServiceRequestAction, type ServiceRequestState } from '@citygrid/contracts/community-services';

/**
 * What a caller is to a request, for the transition table:
 * - `operator`: an operator (any level) or the system administrator with the request in scope;
 * - `assignee`: the staff member the request is assigned to.
 */
export type ActorRole = 'operator' | 'assignee';

/** `same`: the state does not change (a note). */
export type Target = ServiceRequestState | 'same';

/** One row of the table: from which states an action may run, where it leads, who may do it. */
export interface TransitionRule {
  from: readonly ServiceRequestState[];
  to: Target;
  roles: readonly ActorRole[];
}

/** The lifecycle: state × action → state, and who may. Assigning again (another member of staff) is allowed until handling starts. */
export const TRANSITIONS: Readonly<Record<ServiceRequestAction, TransitionRule>> = {
  assign: { from: ['received', 'assigned'], to: 'assigned', roles: ['operator'] },
  start: { from: ['assigned'], to: 'in_progress', roles: ['assignee'] },
  note: { from: ['assigned', 'in_progress'], to: 'same', roles: ['assignee', 'operator'] },
  close: { from: ['in_progress'], to: 'closed', roles: ['assignee', 'operator'] },
  cancel: { from: OPEN_SERVICE_REQUEST_STATES, to: 'cancelled', roles: ['operator'] },
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
 * conflict whoever asks, and saying so leaks nothing the caller (who already sees the request)
 * does not know.
 *
 * @returns the state after
 * @throws TransitionRefused
 */
export function decide(state: ServiceRequestState, action: ServiceRequestAction, roles: ReadonlySet<ActorRole>): ServiceRequestState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    throw new TransitionRefused('state', `request is in state ${state}; ${action} is possible only from ${rule.from.join(', ')}.`);
  }
  if (!rule.roles.some((r) => roles.has(r))) {
    throw new TransitionRefused('role', `${action} is for the ${rule.roles.join(' or ')} of this request.`);
  }
  return rule.to === 'same' ? state : rule.to;
}

/** The satisfaction a close records: required when the type asks for it, refused when it does not. */
export function satisfactionAtClose(asksSatisfaction: boolean, given: Satisfaction | undefined): { ok: true; value: Satisfaction | null } | { ok: false; reason: string } {
  if (asksSatisfaction && given === undefined) return { ok: false, reason: "is required: this request type asks for the resident's satisfaction" };
  if (!asksSatisfaction && given !== undefined) return { ok: false, reason: 'is not asked for this request type' };
  return { ok: true, value: given ?? null };
}

/** Due time from intake and the type's limit in hours (null: no limit). */
export function dueAtOf(receivedAt: Date, timeLimitHours: number | null): Date | null {
  return timeLimitHours === null ? null : new Date(receivedAt.getTime() + timeLimitHours * 3_600_000);
}

/** Open and past its due time. */
export function isOverdue(state: ServiceRequestState, dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && OPEN_SERVICE_REQUEST_STATES.includes(state) && dueAt.getTime() < now.getTime();
}

/** Closed by its due time (or without one). */
export function closedOnTime(closedAt: Date, dueAt: Date | null): boolean {
  return dueAt === null || closedAt.getTime() <= dueAt.getTime();
}
