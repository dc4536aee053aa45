import { assertAllowed, pathFilter } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import type { FilterQuery } from '@mikro-orm/core';

/** Field work is staff business; API clients hold no ticketing scope for it. */
export function assertStaff(caller: Caller): void {
  assertAllowed(caller.kind === 'staff', 'API clients may not use field work records.');
}

/**
 * The caller's subtree (narrowed to `under`, when given) as a MikroORM filter on a `text[]` path
 * column (`pathFilter` of `@citygrid/auth`), or `null` when the caller sees nothing.
 */
export function subtreeFilter<T>(caller: Caller, column: string, under?: string): FilterQuery<T> | null {
  return pathFilter(caller, column, under) as FilterQuery<T> | null;
}

/** The empty page answered to a caller who sees nothing. */
export function emptyPage<T>(page: { offset: number; limit: number }): Page<T> {
  return { items: [], total: 0, ...page };
}

/** Offset and limit with the list defaults (100, at most 500). */
export function paging(q: { offset?: number; limit?: number }): { offset: number; limit: number } {
  return { offset: q.offset ?? 0, limit: Math.min(q.limit ?? 100, 500) };
}
