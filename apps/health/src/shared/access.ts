import { assertAllowed, hasAnyRole, isSystemAdmin, pathFilter } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import { GRID_STAFF_ROLES, OPERATOR_ROLES, Role, type Caller } from '@citygrid/contracts/identity';
import type { FilterQuery } from '@mikro-orm/core';

/** Operators (community station level and above) manage stations, the road graph, lectures and the follow-up list. */
export function mayManage(caller: Caller): boolean {
  return caller.kind === 'staff' && (isSystemAdmin(caller) || hasAnyRole(caller, OPERATOR_ROLES));
}

/** Grid staff read and log home visits; auditors and supervisors read. */
export function mayRead(caller: Caller): boolean {
  return caller.kind === 'staff' && (mayManage(caller) || hasAnyRole(caller, [...GRID_STAFF_ROLES, Role.Auditor, Role.Supervisor]));
}

/** Who logs home visits: operators and grid staff. */
export function mayLogVisits(caller: Caller): boolean {
  return caller.kind === 'staff' && (mayManage(caller) || hasAnyRole(caller, GRID_STAFF_ROLES));
}

export function assertManager(caller: Caller): void {
  assertAllowed(mayManage(caller), 'Only operators manage health stations, the road graph, lectures and the follow-up list.');
}

export function assertReader(caller: Caller): void {
  assertAllowed(mayRead(caller), 'Your role may not read health records.');
}

export function assertVisitor(caller: Caller): void {
  assertAllowed(mayLogVisits(caller), 'Only operators and grid staff log home visits.');
}

/** The caller's subtree (narrowed to `under`) as a filter on a `text[]` path column, or null when the caller sees nothing. */
export function subtreeFilter<T>(caller: Caller, column: string, under?: string): FilterQuery<T> | null {
  return pathFilter(caller, column, under) as FilterQuery<T> | null;
}

/** Offset and limit with the list defaults (100, at most 500). */
export function paging(q: { offset?: number; limit?: number }): { offset: number; limit: number } {
  return { offset: q.offset ?? 0, limit: Math.min(q.limit ?? 100, 500) };
}

/** The empty page answered to a caller who sees nothing. */
export function emptyPage<T>(page: { offset: number; limit: number }): Page<T> {
  return { items: [], total: 0, ...page };
}

/** Today's local date (Asia/Shanghai), YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
