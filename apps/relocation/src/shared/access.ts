import { hasAnyRole, inScope, isOperator } from '@citygrid/auth';
import { GRID_STAFF_ROLES, type Caller } from '@citygrid/contracts/identity';

/** Who may read and change a project at `path`: the scope rules of relocation, in one place. */

/** Staff in whose subtree the project lies read it (auditors, supervisors too); outside it, it does not exist (404). */
export function canSee(caller: Caller, path: readonly string[]): boolean {
  return caller.kind === 'staff' && inScope(caller, path);
}

/** Operators of the area open projects, resolve their red line and make work packages. */
export function manages(caller: Caller, path?: readonly string[]): boolean {
  return caller.kind === 'staff' && isOperator(caller) && (path === undefined || inScope(caller, path));
}

/** Operators and grid staff of the area record households' steps, holdouts and help requests. */
export function works(caller: Caller, path?: readonly string[]): boolean {
  return caller.kind === 'staff' && (isOperator(caller) || hasAnyRole(caller, GRID_STAFF_ROLES)) && (path === undefined || inScope(caller, path));
}

export const MANAGERS_ONLY = 'Only operators of the project’s area manage relocation projects and their work packages.';
export const WORKERS_ONLY = 'Only operators and grid staff of the project’s area record households’ steps and help requests.';
