import { ErrorCode } from '@citygrid/contracts';
import { GRID_STAFF_ROLES, OPERATOR_ROLES, PERSONAL_DATA_ROLES, Role, type Caller } from '@citygrid/contracts/identity';

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
