import { assertAllowed, hasAnyRole, isFieldStaffOrOperator, isOperator, pathFilter } from '@citygrid/auth';
import { Role, type Caller } from '@citygrid/contracts/identity';
import type { FilterQuery } from '@mikro-orm/core';

/**
 * Who may do what in employment. Operators (any level) and grid staff manage seekers, employers,
 * postings, fairs and placements in their subtree; auditors read there; yearly targets are the
 * operators'. API clients have no access: seekers are personal data, and no other system needs
 * this office's working records (reporting gets its figures from the events).
 */
export function assertCanRead(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && (isFieldStaffOrOperator(caller) || hasAnyRole(caller, [Role.Auditor])), 'Only operators, grid staff and auditors see employment records.');
}

export function assertCanManage(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && isFieldStaffOrOperator(caller), 'Only operators and grid staff change employment records.');
}

export function assertCanSetTargets(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && isOperator(caller), 'Only operators set employment targets.');
}

/**
 * The caller's subtree as a MikroORM filter on a `text[]` path column (`pathFilter` of
 * `@citygrid/auth`), or `null` when the caller sees nothing: answer empty without a query.
 */
export function scopeFilter<T>(caller: Caller, column: string, under?: string): FilterQuery<T> | null {
  return pathFilter(caller, column, under) as FilterQuery<T> | null;
}
