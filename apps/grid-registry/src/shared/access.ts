import { assertAllowed, beneathScope, hasApiScope, inScope, isFieldStaffOrOperator, isOperator, isSystemAdmin, pathFilter } from '@citygrid/auth';
import { ApiScope, Role, type Caller } from '@citygrid/contracts/identity';
import type { FilterQuery } from '@mikro-orm/core';

/**
 * Who may do what in the registry. Reads: any staff member, or an API client with
 * `registry:read`, always within the caller's subtree. Tree changes: operators (or clients with
 * `registry:write`) strictly beneath their node. Places: grid staff and operators in their subtree.
 */
export function assertCanRead(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' || hasApiScope(caller, ApiScope.RegistryRead) || hasApiScope(caller, ApiScope.RegistryWrite), 'This client has no registry:read scope.');
}

export function canChangeTree(caller: Caller): boolean {
  return (caller.kind === 'staff' && isOperator(caller)) || hasApiScope(caller, ApiScope.RegistryWrite);
}

export function canRegisterPlaces(caller: Caller): boolean {
  return (caller.kind === 'staff' && isFieldStaffOrOperator(caller)) || hasApiScope(caller, ApiScope.RegistryWrite);
}

/** Change a node at `path` (its own path, for updates; the new node's, for creates). */
export function assertCanChangeNodeAt(caller: Caller, path: readonly string[]): void {
  assertAllowed(canChangeTree(caller), 'Only operators change the tree.');
  assertAllowed(beneathScope(caller, path), 'That part of the tree is outside your area.');
}

/**
 * The caller's subtree as a MikroORM filter on a `text[]` path column (`pathFilter` of
 * `@citygrid/auth`), or `null` when the caller sees nothing: answer empty without a query.
 */
export function scopeFilter<T>(caller: Caller, column: string, under?: string): FilterQuery<T> | null {
  return pathFilter(caller, column, under) as FilterQuery<T> | null;
}

export { inScope, isSystemAdmin, Role };
