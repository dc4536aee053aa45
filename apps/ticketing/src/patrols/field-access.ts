import { assertAllowed, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import type { FilterQuery } from '@mikro-orm/core';

/** Field work is staff business; API clients hold no ticketing scope for it. */
export function assertStaff(caller: Caller): void {
  assertAllowed(caller.kind === 'staff', 'API clients may not use field work records.');
}

/**
 * A MikroORM filter on a `text[]` path column restricting rows to the caller's subtree (a
 * scope-less non-admin matches nothing), optionally narrowed to the subtree of `under`.
 */
export function subtreeFilter<T>(caller: Caller, column: string, under?: string): FilterQuery<T> {
  const codes: string[] = [];
  if (caller.nodeScope !== null) codes.push(caller.nodeScope);
  else if (!isSystemAdmin(caller)) codes.push('\u0000none');
  if (under) codes.push(under);
  return (codes.length ? { [column]: { $contains: codes } } : {}) as FilterQuery<T>;
}

/** Offset and limit with the list defaults (100, at most 500). */
export function paging(q: { offset?: number; limit?: number }): { offset: number; limit: number } {
  return { offset: q.offset ?? 0, limit: Math.min(q.limit ?? 100, 500) };
}
