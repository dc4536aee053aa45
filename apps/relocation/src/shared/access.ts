import { hasAnyRole, inScope, isOperator } from '@citygrid/auth';
import { GRID_STAFF_ROLES, type Caller } from '@citygrid/contracts/identity';

/** Who may read and change a project at `path`: the scope rules of relocation, in one place. */

/** Staff in whose subtree the project lies read it (auditors, supervisors too); outside it, it does not exist (404). */
export function canSee(caller: Caller, path: readonly string[]): boolean {
  return caller.kind === 'staff' && inScope(caller, path);
}

/** What the rules look at in a project: its own node's path, and the nodes its red line reaches. */
export interface ProjectScope {
  path: readonly string[];
  /** Every node on the paths of the grids holding a place inside the red line. */
  reach: readonly string[];
}

/**
 * Staff see a project in their subtree, and also one whose red line reaches into their node: a
 * project opened at the subdistrict is seen by the community and the grid staff of the grids it
 * covers, who visit its households.
 */
export function seesProject(caller: Caller, p: ProjectScope): boolean {
  return canSee(caller, p.path) || (caller.kind === 'staff' && caller.nodeScope !== null && p.reach.includes(caller.nodeScope));
}

/** Operators and grid staff who see the project record its households' steps, holdouts and help requests. */
export function worksOn(caller: Caller, p: ProjectScope): boolean {
  return seesProject(caller, p) && (isOperator(caller) || hasAnyRole(caller, GRID_STAFF_ROLES));
}

/** Operators of the area open projects, resolve their red line and make work packages. */
export function manages(caller: Caller, path?: readonly string[]): boolean {
  return caller.kind === 'staff' && isOperator(caller) && (path === undefined || inScope(caller, path));
}

export const MANAGERS_ONLY = 'Only operators of the project’s area manage relocation projects and their work packages.';
export const WORKERS_ONLY = 'Only operators and grid staff of the project’s area record households’ steps and help requests.';
