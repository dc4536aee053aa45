import { GRID_STAFF_ROLES, type Caller } from '@citygrid/contracts/identity';
import { hasAnyRole, inScope, isOperator } from '@citygrid/auth';

import type { ActorRole } from './transitions';

/** Who may raise, advance and read a request: the scope rules of requests, in one place. */

/** Staff in whose subtree the request lies read it (auditors, supervisors too); outside it, it does not exist (404). */
export function canSeeRequest(caller: Caller, path: readonly string[]): boolean {
  return caller.kind === 'staff' && inScope(caller, path);
}

/** What the caller is to a request at `path`, for the transition table (empty for readers only). */
export function actorRoles(caller: Caller, path: readonly string[]): Set<ActorRole> {
  const roles = new Set<ActorRole>();
  if (caller.kind !== 'staff' || !inScope(caller, path)) return roles;
  if (isOperator(caller)) roles.add('operator');
  if (hasAnyRole(caller, GRID_STAFF_ROLES)) roles.add('gridStaff');
  return roles;
}

/** Operators and grid staff raise requests for households of their area. */
export function mayRaise(caller: Caller, path: readonly string[]): boolean {
  return actorRoles(caller, path).size > 0;
}

/** Whether the caller's role could raise a request anywhere (checked before asking the registry). */
export function raisesRequests(caller: Caller): boolean {
  return caller.kind === 'staff' && (isOperator(caller) || hasAnyRole(caller, GRID_STAFF_ROLES));
}
