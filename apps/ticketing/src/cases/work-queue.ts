import { CaseState, CaseTier, WorkKind } from '@citygrid/contracts/ticketing';
import type { Caller } from '@citygrid/contracts/identity';

import type { Case } from './case.entity';
import { actorRoles } from './case-access';
import { tierAt } from './tiers';

/** The states in which a case waits on someone (a pending request waits in any working state). */
export const WAITING_STATES: readonly CaseState[] = [CaseState.Reported, CaseState.Filed, CaseState.Returned, CaseState.Dispatched, CaseState.Accepted, CaseState.Handled];

/**
 * What `caller` must do with `c` now, or null. Operators act on the cases whose responsible platform
 * is their own node (`platformOf`: an escalated case moves to the upper operators' queue); handlers on the cases
 * dispatched to their side; verifiers on cases someone else handled. The roles come from the same
 * rule the transitions use (`actorRoles`), so the queue never offers what the API would refuse.
 */
export function workKind(caller: Caller, c: Case, verifyByHandler: ReadonlySet<string>): WorkKind | null {
  const roles = actorRoles(caller, c);
  const atMyLevel = roles.has('operator') && caller.nodeScope !== null && platformOf(c) === caller.nodeScope;
  if (atMyLevel && c.pendingRequest) return WorkKind.Approve;
  if (atMyLevel && c.state === CaseState.Reported) return WorkKind.Triage;
  if (atMyLevel && (c.state === CaseState.Filed || c.state === CaseState.Returned)) return WorkKind.Dispatch;
  if (atMyLevel && c.escalationCount > 0 && tierAt(c.gridPath, c.level) !== CaseTier.Grid && (c.state === CaseState.Dispatched || c.state === CaseState.Accepted)) return WorkKind.Escalated;
  if (roles.has('handler') && !c.pendingRequest && c.state === CaseState.Dispatched) return WorkKind.Accept;
  if (roles.has('handler') && !c.pendingRequest && c.state === CaseState.Accepted) return WorkKind.Handle;
  if (roles.has('verifier') && c.state === CaseState.Handled && (c.handledBy !== caller.id || verifyByHandler.has(c.categoryCode))) return WorkKind.Verify;
  return null;
}

/**
 * The node whose operators must act on the case now: its responsible level, or for a case at the
 * grid tier the community above it (grids have staff, not a platform).
 */
export function platformOf(c: Pick<Case, 'gridPath' | 'level'>): string | undefined {
  for (let i = c.level; i >= 0; i--) if (tierAt(c.gridPath, i) !== CaseTier.Grid) return c.gridPath[i];
  return undefined;
}
