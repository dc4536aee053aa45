import { GRANT_RULES, nodeStrictlyWithin, nodeWithin } from '@citygrid/auth';
import { StaffRole } from '@citygrid/contracts/grid-registry';
import { GRID_STAFF_ROLES, OPERATOR_ROLES, Role } from '@citygrid/contracts/identity';

import { scopeLevelErrors } from '../accounts/account-rules';

/** What the rules read of an account linked to a staff member. */
export interface LinkedAccount {
  roles: readonly Role[];
  nodeScope: string | null;
  /** Node scope of whoever created it; null: the system administrator (anywhere). */
  granterScope: string | null;
}

/** What the rules read of one of the staff member's assignments. */
export interface KnownAssignment {
  assignmentId: string;
  nodeCode: string;
  nodePath: readonly string[];
  /** When grid-registry made it; null when only its end is known. */
  assignedAt: Date | null;
}

/** What becomes of an account's node scope. */
export type ScopeDecision =
  /** No change (and nothing recorded about the account). */
  | { kind: 'keep' }
  /** The scope becomes `nodeScope` (null: none, the account sees nothing); `path` is what the change is about. */
  | { kind: 'move'; nodeScope: string | null; path: readonly string[] }
  /** The change cannot be made as the account stands: retried, then dead-lettered until someone fixes the account. */
  | { kind: 'refuse'; reason: string };

/**
 * Why `nodeCode` cannot become this account's node scope, or undefined when it can: the scope
 * moves only where whoever created the account could have granted it (within her subtree, and
 * strictly beneath it for supervisors and auditors, as `GRANT_RULES` say), and an operator only to
 * a node of its level. Both can be fixed: by an account created by someone with authority there,
 * or with a role that fits the node.
 */
export function scopeRefusal(account: LinkedAccount, nodeCode: string): string | undefined {
  const bound = account.granterScope;
  if (bound !== null) {
    if (!nodeWithin(bound, nodeCode)) return `node ${nodeCode} lies outside ${bound}, where the account's creator may grant`;
    const overseers = account.roles.filter((role) => GRANT_RULES[role]?.strictlyBeneath);
    if (overseers.length && !nodeStrictlyWithin(bound, nodeCode)) return `${overseers.join(', ')} may be granted only strictly beneath ${bound}, where the account's creator works`;
  }
  const level = scopeLevelErrors(account.roles, nodeCode);
  return level.length ? `${level.join('; ')}, not ${nodeCode}` : undefined;
}

/** Roles an assignment gives (and takes back): the account's other roles are its creator's to change. */
export const ASSIGNED_ROLES: ReadonlySet<Role> = new Set([...GRID_STAFF_ROLES, ...OPERATOR_ROLES, Role.Supervisor]);

/** The platform operator of each level of the five, by the length of the node's path (city first). */
const OPERATOR_BY_DEPTH: readonly Role[] = [Role.CityOperator, Role.DistrictOperator, Role.SubdistrictOperator, Role.CommunityOperator];

/**
 * The account role an assignment gives: its staff role, and for a platform operator the operator
 * role of the node's level; null for one with no account role (a platform operator of a grid).
 */
export function roleOfAssignment(role: string, nodePath: readonly string[]): Role | null {
  switch (role) {
    case StaffRole.GridLeader:
      return Role.GridLeader;
    case StaffRole.GridMember:
      return Role.GridMember;
    case StaffRole.ResponsiblePerson:
      return Role.ResponsiblePerson;
    case StaffRole.Supervisor:
      return Role.Supervisor;
    case StaffRole.PlatformOperator:
      return OPERATOR_BY_DEPTH[nodePath.length - 1] ?? null;
    default:
      return null;
  }
}

/** The account's roles once it follows an assignment giving `given`: its other roles, and `given` in place of any assigned role it had. */
export function rolesFollowing(roles: readonly Role[], given: Role): Role[] {
  return [...roles.filter((r) => !ASSIGNED_ROLES.has(r)), given];
}

/** The account's roles once the assignment that gave `taken` is over and no other gives it one: `taken` goes. */
export function rolesWithout(roles: readonly Role[], taken: Role | null): Role[] {
  return taken ? roles.filter((r) => r !== taken) : [...roles];
}

/** The newest of `assignments` (by when they were made, then by id so that the choice is stable). */
function newest<T extends KnownAssignment>(assignments: readonly T[]): T | undefined {
  return [...assignments].sort((a, b) => (b.assignedAt?.getTime() ?? 0) - (a.assignedAt?.getTime() ?? 0) || (a.assignmentId < b.assignmentId ? 1 : -1))[0];
}

function isAdmin(account: LinkedAccount): boolean {
  return account.roles.includes(Role.SystemAdmin);
}

/**
 * The linked staff member was assigned to a node (`assignment`; `active` are the assignments that
 * last, this one or not). The account works at the node of the newest active assignment: it moves there when
 * `assignment` is that newest one, and keeps its scope when a newer one holds it (an old
 * assignment event replayed late moves nothing). A system administrator's scope (the whole
 * system) never changes.
 */
export function scopeOnAssigned(account: LinkedAccount, assignment: KnownAssignment, active: readonly KnownAssignment[]): ScopeDecision {
  if (isAdmin(account)) return { kind: 'keep' };
  const refusal = scopeRefusal(account, assignment.nodeCode);
  if (refusal) return { kind: 'refuse', reason: refusal };
  // made at the same moment, the one applied now wins: it came later in the stream
  const madeAt = (a: KnownAssignment): number => a.assignedAt?.getTime() ?? 0;
  const newer = active.some((a) => a.assignmentId !== assignment.assignmentId && madeAt(a) > madeAt(assignment) && scopeRefusal(account, a.nodeCode) === undefined);
  if (newer) return { kind: 'keep' };
  if (account.nodeScope === assignment.nodeCode) return { kind: 'keep' };
  return { kind: 'move', nodeScope: assignment.nodeCode, path: assignment.nodePath };
}

/**
 * The linked staff member's assignment `ended` is over; `remaining` are those that last. Only an
 * account working at the ended assignment's node changes: it falls back to the node of the newest
 * remaining assignment that fits it, or, with none left, to no scope at all (it then sees nothing
 * until the member is assigned again). Its scope is never widened on the way: a remaining
 * assignment the account could not take is skipped. An account working elsewhere (the scope its
 * creator gave it, or a newer assignment's) keeps its scope.
 */
export function scopeOnUnassigned<T extends KnownAssignment>(
  account: LinkedAccount,
  ended: KnownAssignment,
  remaining: readonly T[],
  /** The roles the account would have following each remaining assignment (its role goes with it); default: the account's own. */
  rolesFor: (a: T) => readonly Role[] = () => account.roles,
): ScopeDecision {
  if (isAdmin(account) || account.nodeScope !== ended.nodeCode) return { kind: 'keep' };
  const next = newest(remaining.filter((a) => scopeRefusal({ ...account, roles: rolesFor(a) }, a.nodeCode) === undefined));
  if (next?.nodeCode === account.nodeScope) return { kind: 'keep' };
  return next ? { kind: 'move', nodeScope: next.nodeCode, path: next.nodePath } : { kind: 'move', nodeScope: null, path: ended.nodePath };
}
