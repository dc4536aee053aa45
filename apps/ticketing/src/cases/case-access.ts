import { hasAnyRole, inScope, isOperator, pathFilter } from '@citygrid/auth';
import { GRID_STAFF_ROLES, Role, type Caller } from '@citygrid/contracts/identity';
import { DispatchTarget } from '@citygrid/contracts/ticketing';
import type { FilterQuery } from '@mikro-orm/core';

import type { Case } from './case.entity';
import type { ActorRole } from './transitions';

/** Who may see a case and in which role she acts on it: the scope rules of cases, in one place. */

/**
 * Whether the caller sees the case: everyone sees the cases in their subtree; a department
 * officer only those of them dispatched to the officer's department.
 */
export function canSee(caller: Caller, c: Case): boolean {
  return canSeeAt(caller, c.gridPath, c.departmentCode);
}

/** `canSee` for a case known only by its grid path and department. */
export function canSeeAt(caller: Caller, gridPath: readonly string[], departmentCode: string | null): boolean {
  if (!inScope(caller, gridPath)) return false;
  return !caller.roles.includes(Role.DepartmentOfficer) || (caller.departmentCode !== null && departmentCode === caller.departmentCode);
}

/** The list filter matching `canSee`, narrowed to `under`; `null` when the caller sees no case. */
export function visibleFilter(caller: Caller, under?: string): FilterQuery<Case> | null {
  const scope = pathFilter(caller, 'gridPath', under) as FilterQuery<Case> | null;
  if (!scope || !caller.roles.includes(Role.DepartmentOfficer)) return scope;
  return caller.departmentCode === null ? null : ({ ...(scope as object), departmentCode: caller.departmentCode } as FilterQuery<Case>);
}

/** What the caller is to this case, for the transition table. */
export function actorRoles(caller: Caller, c: Case): Set<ActorRole> {
  const roles = new Set<ActorRole>();
  const here = inScope(caller, c.gridPath);
  const gridStaff = hasAnyRole(caller, GRID_STAFF_ROLES) && here;
  if (isOperator(caller) && here) roles.add('operator');
  if (c.dispatchTarget === DispatchTarget.Department && here && caller.roles.includes(Role.DepartmentOfficer) && caller.departmentCode !== null && caller.departmentCode === c.departmentCode)
    roles.add('handler');
  if (c.dispatchTarget === DispatchTarget.GridStaff && gridStaff) roles.add('handler');
  if (gridStaff || (caller.roles.includes(Role.Supervisor) && here)) roles.add('verifier');
  return roles;
}
