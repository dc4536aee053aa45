import type { FieldError } from '@citygrid/contracts';
import { Role, type Caller } from '@citygrid/contracts/identity';

/**
 * Node-code containment. Codes are hierarchical (a child's code starts with its parent's) except a
 * district under its city, which shares only the first four digits (GB/T 2260: city 410100,
 * district 410102). So a city's subtree is every code starting with its first four digits.
 */
export function scopePrefix(scope: string): string {
  return isCityCode(scope) ? scope.slice(0, 4) : scope;
}

/** True when `code` is a city's (six digits ending in `00`, e.g. 410100 郑州市). */
export function isCityCode(code: string): boolean {
  return /^\d{4}00$/.test(code);
}

/** True when node `target` lies in the subtree of `scope` (itself included). */
export function nodeWithin(scope: string, target: string): boolean {
  return target.startsWith(scopePrefix(scope));
}

/** True when node `target` lies in the subtree of `scope` but is not `scope` itself. */
export function nodeStrictlyWithin(scope: string, target: string): boolean {
  return target !== scope && nodeWithin(scope, target);
}

/**
 * Authority to grant, highest first: the system administrator, then the operators of the five
 * levels 五级联动 down to the community. Every other role (grid staff, department officers,
 * supervisors, auditors) grants nothing.
 */
const AUTHORITY: ReadonlyArray<Role> = [Role.SystemAdmin, Role.CityOperator, Role.DistrictOperator, Role.SubdistrictOperator, Role.CommunityOperator];

/** How a role may be granted: by whom at least, and where. */
export interface GrantRule {
  /** The lowest role in `AUTHORITY` that may grant it; operators above it may too. */
  grantedBy: Role;
  /** The account's node must lie strictly beneath the granter's own (not at it). */
  strictlyBeneath: boolean;
}

/**
 * The "may grant" table. A caller grants only roles at or below its own, and only for a node
 * scope inside its own subtree:
 *
 * | Role | Granted by (and every operator above) | Node scope of the account |
 * | --- | --- | --- |
 * | `system_admin` | `system_admin` | none (the whole system) |
 * | `city_operator` | `city_operator` | within the granter's |
 * | `district_operator` | `district_operator` | within the granter's |
 * | `subdistrict_operator` | `subdistrict_operator` | within the granter's |
 * | `community_operator` | `community_operator` | within the granter's |
 * | `grid_leader`, `grid_member`, `responsible_person` | `community_operator` | within the granter's |
 * | `department_officer` | `community_operator` | within the granter's (its cases: department ∩ node scope) |
 * | `supervisor`, `auditor` | `subdistrict_operator` | strictly beneath the granter's |
 *
 * Supervisors 督查 and auditors oversee the operators of their node (supervisors flag cases and
 * tighten deadlines, which operators cannot do), so they are appointed from above: never by the
 * community that they oversee, nor by an operator for her own node. `api_client` is no account
 * role: API clients are registered by the system administrator, never granted.
 */
export const GRANT_RULES: Readonly<Record<Role, GrantRule | null>> = {
  [Role.SystemAdmin]: { grantedBy: Role.SystemAdmin, strictlyBeneath: false },
  [Role.CityOperator]: { grantedBy: Role.CityOperator, strictlyBeneath: false },
  [Role.DistrictOperator]: { grantedBy: Role.DistrictOperator, strictlyBeneath: false },
  [Role.SubdistrictOperator]: { grantedBy: Role.SubdistrictOperator, strictlyBeneath: false },
  [Role.CommunityOperator]: { grantedBy: Role.CommunityOperator, strictlyBeneath: false },
  [Role.GridLeader]: { grantedBy: Role.CommunityOperator, strictlyBeneath: false },
  [Role.GridMember]: { grantedBy: Role.CommunityOperator, strictlyBeneath: false },
  [Role.ResponsiblePerson]: { grantedBy: Role.CommunityOperator, strictlyBeneath: false },
  [Role.DepartmentOfficer]: { grantedBy: Role.CommunityOperator, strictlyBeneath: false },
  [Role.Supervisor]: { grantedBy: Role.SubdistrictOperator, strictlyBeneath: true },
  [Role.Auditor]: { grantedBy: Role.SubdistrictOperator, strictlyBeneath: true },
  [Role.ApiClient]: null,
};

/** What is granted: the roles and node scope of an account being created or changed. */
export interface Grant {
  roles: readonly Role[];
  /** `null`: the whole system (only a system administrator). */
  nodeScope: string | null;
}

/**
 * The highest granting role the caller holds, or `undefined` when it may grant nothing. A system
 * administrator counts only without a node scope (as in `isSystemAdmin`); an operator only with one.
 */
export function grantingRole(caller: Caller): Role | undefined {
  if (caller.kind !== 'staff') return undefined;
  return AUTHORITY.find((role) => caller.roles.includes(role) && (role === Role.SystemAdmin ? caller.nodeScope === null : caller.nodeScope !== null));
}

/**
 * Why `caller` may not grant `grant`, one `{ field, reason }` per violation (`roles` or
 * `nodeScope`); empty when it may. The rules are `GRANT_RULES`, with node containment by
 * `nodeWithin`.
 */
export function grantViolations(caller: Caller, grant: Grant): FieldError[] {
  const granter = grantingRole(caller);
  if (granter === undefined) return [{ field: 'roles', reason: 'only operators and the system administrator grant roles' }];
  const rank = AUTHORITY.indexOf(granter);
  const errors: FieldError[] = [];
  for (const role of new Set(grant.roles)) {
    const rule = GRANT_RULES[role];
    if (!rule) errors.push({ field: 'roles', reason: `${role} is not an account role` });
    else if (AUTHORITY.indexOf(rule.grantedBy) < rank) errors.push({ field: 'roles', reason: `${granter} may not grant ${role} (only ${rule.grantedBy} and above)` });
  }
  if (granter === Role.SystemAdmin) return errors;
  const own = caller.nodeScope ?? '';
  if (grant.nodeScope === null) {
    errors.push({ field: 'nodeScope', reason: `required: a node within your scope ${own}` });
  } else if (!nodeWithin(own, grant.nodeScope)) {
    errors.push({ field: 'nodeScope', reason: `${grant.nodeScope} lies outside your scope ${own}` });
  } else if (!nodeStrictlyWithin(own, grant.nodeScope)) {
    const overseers = grant.roles.filter((role) => GRANT_RULES[role]?.strictlyBeneath);
    if (overseers.length) errors.push({ field: 'nodeScope', reason: `${overseers.join(', ')} oversees its node: grant it only beneath your own node ${own}` });
  }
  return errors;
}

/** True when `caller` may grant `grant` (no `grantViolations`). */
export function mayGrant(caller: Caller, grant: Grant): boolean {
  return grantViolations(caller, grant).length === 0;
}
