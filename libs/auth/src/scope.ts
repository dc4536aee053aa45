import { clientAccessOf, ErrorCode } from '@citygrid/contracts';
import { GRID_STAFF_ROLES, OPERATOR_ROLES, PERSONAL_DATA_ROLES, Role, type Caller } from '@citygrid/contracts/identity';

import { isCityCode } from './grants';

/** A refusal the service turns into a typed error (403, or 404 to hide what is out of scope). */
export class AccessDenied extends Error {
  constructor(
    readonly code: ErrorCode.Forbidden | ErrorCode.NotFound | ErrorCode.Unauthenticated,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'AccessDenied';
  }
}

/** True when the caller is the system administrator (no node scope). */
export function isSystemAdmin(caller: Caller): boolean {
  return caller.roles.includes(Role.SystemAdmin) && caller.nodeScope === null;
}

/**
 * True when a resource at `path` (node codes from the root down, e.g. a grid's `path`) lies in
 * the caller's subtree. A caller sees its own node and everything beneath it, nothing beside it.
 */
export function inScope(caller: Caller, path: readonly string[]): boolean {
  if (caller.nodeScope === null) return isSystemAdmin(caller);
  return path.includes(caller.nodeScope);
}

/** True when `path` lies strictly beneath the caller's node (operators create and change there). */
export function beneathScope(caller: Caller, path: readonly string[]): boolean {
  if (caller.nodeScope === null) return isSystemAdmin(caller);
  const i = path.indexOf(caller.nodeScope);
  return i >= 0 && i < path.length - 1;
}

export function hasAnyRole(caller: Caller, roles: readonly Role[]): boolean {
  return caller.roles.some((r) => roles.includes(r));
}

/**
 * A city operator: staff with the city operator role scoped to a city node (`4101xx`-style
 * six-digit code ending in `00`). City-wide reference data (calendar, categories) is theirs.
 */
export function hasCityWideAuthority(caller: Caller): boolean {
  return caller.kind === 'staff' && caller.roles.includes(Role.CityOperator) && caller.nodeScope !== null && isCityCode(caller.nodeScope);
}

/** Operators (any level) or the system admin. */
export function isOperator(caller: Caller): boolean {
  return isSystemAdmin(caller) || hasAnyRole(caller, OPERATOR_ROLES);
}

/** Grid staff, operators or the system admin: the people who register what they find. */
export function isFieldStaffOrOperator(caller: Caller): boolean {
  return isOperator(caller) || hasAnyRole(caller, GRID_STAFF_ROLES);
}

/** Whether the caller may see full personal data (ID numbers, phones) of a resource in scope. */
export function seesPersonalData(caller: Caller): boolean {
  return hasAnyRole(caller, PERSONAL_DATA_ROLES) && (caller.nodeScope !== null || isSystemAdmin(caller));
}

/** An API client holding an OAuth scope. */
export function hasApiScope(caller: Caller, scope: string): boolean {
  return caller.kind === 'client' && caller.scopes.includes(scope);
}

/** Refuse unless `allowed`; out-of-scope reads answer 404 so ids of others leak nothing. */
export function assertInScope(caller: Caller, path: readonly string[], what = 'Resource'): void {
  if (!inScope(caller, path)) throw new AccessDenied(ErrorCode.NotFound, `${what} does not exist.`);
}

/** Refuse with 403 unless `allowed`. */
export function assertAllowed(allowed: boolean, detail = 'Your role may not do this.'): void {
  if (!allowed) throw new AccessDenied(ErrorCode.Forbidden, detail);
}

/**
 * The node codes a resource's path must all contain for the caller to see it, or `null` when the
 * caller sees nothing at all (a non-admin without a node scope). An empty list means everything
 * (the system administrator). `under` narrows the view to one subtree inside the caller's own.
 */
export function visibleSubtree(caller: Caller, under?: string): string[] | null {
  const codes: string[] = [];
  if (caller.nodeScope !== null) codes.push(caller.nodeScope);
  else if (!isSystemAdmin(caller)) return null;
  if (under && under !== caller.nodeScope) codes.push(under);
  return codes;
}

/**
 * The one scope filter every service uses on a `text[]` path column (node codes from the root
 * down): rows in the caller's subtree (and beneath `under`, when given). `null` when the caller
 * sees nothing, so the caller answers an empty result without querying. Shaped as a MikroORM
 * filter (`$contains` is Postgres `@>`).
 */
export function pathFilter(caller: Caller, column: string, under?: string): Record<string, { $contains: string[] }> | null {
  const codes = visibleSubtree(caller, under);
  if (codes === null) return null;
  return codes.length ? { [column]: { $contains: codes } } : {};
}

/**
 * Refuse (403) an API client calling an operation its OAuth scopes do not cover, by the table in
 * `@citygrid/contracts` (`CLIENT_ACCESS`). Staff callers pass: their role and node scope decide.
 */
export function assertClientMayCall(caller: Caller, pattern: string): void {
  if (caller.kind !== 'client') return;
  const access = clientAccessOf(pattern);
  if (access === undefined || access === 'staff-only') throw new AccessDenied(ErrorCode.Forbidden, 'API clients may not use this operation.');
  if (!access.some((scope) => caller.scopes.includes(scope))) throw new AccessDenied(ErrorCode.Forbidden, `This client lacks the OAuth scope ${access.join(' or ')}.`);
}
