import { inScope, isOperator, nodeWithin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';

/** Who sees and who manages a school: the scope rules of schools, in one place. */

/**
 * Whether the caller sees a school of `nodeCode` at `path`: the schools of the caller's subtree,
 * and those of the nodes above it (a grid member sees the subdistrict's schools, whose catchments
 * cover the grid).
 */
export function canSeeSchool(caller: Caller, school: { nodeCode: string; path: readonly string[] }): boolean {
  if (inScope(caller, school.path)) return true;
  return caller.kind === 'staff' && caller.nodeScope !== null && nodeWithin(school.nodeCode, caller.nodeScope);
}

/** Operators (and the system administrator) manage the schools of their own subtree. */
export function mayManageSchool(caller: Caller, path: readonly string[]): boolean {
  return isOperator(caller) && inScope(caller, path);
}
