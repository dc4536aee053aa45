import type { CityGridCloudEvent } from '@citygrid/contracts';
import { GridRegistryEvents, NODE_CODE_PATTERN, type StaffAssignmentV1 } from '@citygrid/contracts/grid-registry';
import { IdentityEvents, Role, type AccountUpdateCause, type AccountUpdatedV1 } from '@citygrid/contracts/identity';
import { Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import type { ServiceConsumer } from '@citygrid/service-kit';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Account } from '../shared/entities';
import { IdentityException } from '../shared/identity.exception';
import { StaffAssignmentRecord } from './staff-assignment.entity';
import { roleOfAssignment, rolesFollowing, rolesWithout, scopeOnAssigned, scopeOnUnassigned } from './staff-link-rules';

/** identity's durable consumer: its JetStream name, inbox key and the `consumer` of its dead letters. */
export const IDENTITY_CONSUMER = 'identity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff assignments reach accounts: identity consumes grid-registry's `citygrid.staff.assigned.v1`
 * and `citygrid.staff.unassigned.v1`, and an account linked to the staff member (`staffId`) works
 * where the member is assigned, in the role of that assignment (the rules are `scopeOnAssigned`,
 * `scopeOnUnassigned` and `roleOfAssignment`: a grid leader's assignment makes the account a grid
 * leader there; the end of its last assignment takes the role away with the scope). Each change
 * writes the account, its audit row and `citygrid.account.updated.v1` in the transaction that
 * marks the event applied, so it happens once however often the event comes.
 *
 * - A staff id linked to no enabled account: nothing happens (a disabled account keeps its scope).
 * - Linked to more than one enabled account, an assignment is refused: whose scope it is cannot
 *   be told, and granting an area to a stale login is worse than waiting. An unassignment narrows
 *   every one of them (it takes away, it grants nothing).
 * - A refusal (that one, or a node the account may not take: `scopeRefusal`) throws: the event is
 *   retried, then dead-lettered. Once an operator fixes the accounts (disables the stale one,
 *   creates a fitting one), she replays it from `/api/v1/ops/dead-letters`.
 *
 * Tokens issued before a change keep the old scope until they expire (`ACCESS_TOKEN_TTL_S`);
 * the next login or refresh carries the new one.
 */
@Injectable()
export class StaffLinksService {
  constructor(
    private readonly events: EventRecorder,
    private readonly subjects: Subjects,
  ) {}

  /** The consumer `serviceConsumerProviders` runs: every staff event of grid-registry. */
  consumer(): ServiceConsumer {
    return {
      consumer: IDENTITY_CONSUMER,
      filterSubject: this.subjects.event('citygrid.grid-registry.staff.>'),
      handlers: {
        [GridRegistryEvents.staffAssigned.type]: (event, em) => this.assigned(event, em),
        [GridRegistryEvents.staffUnassigned.type]: (event, em) => this.unassigned(event, em),
      },
    };
  }

  /** `citygrid.staff.assigned.v1`, on the transaction of the consumer (or of a replay). */
  async assigned(event: CityGridCloudEvent, em: EntityManager): Promise<void> {
    const a = assignmentOf(event);
    const [account, ...others] = await linkedAccounts(em, a.staffId);
    if (!account) return;
    const known = await em.findOne(StaffAssignmentRecord, { assignmentId: a.assignmentId });
    // its unassignment came first (this event is late, or replayed): the assignment is over
    if (known?.endedAt) return;
    if (others.length) {
      const accounts = [account, ...others];
      throw IdentityException.conflict(
        `Staff member ${a.staffId} is linked to ${accounts.length} enabled accounts (${accounts.map((x) => x.id).join(', ')}): disable all but the one whose scope follows the assignment, then replay.`,
      );
    }
    const record = known ?? newRecord(a, timeOf(event));
    const active = await em.find(StaffAssignmentRecord, { staffId: a.staffId, endedAt: null });
    // the rules judge the account as it will be: in the role this assignment gives
    const given = roleOfAssignment(a.role, a.path);
    const roles = given && !account.roles.includes(Role.SystemAdmin) ? rolesFollowing(account.roles, given) : account.roles;
    const decision = scopeOnAssigned({ roles, nodeScope: account.nodeScope, granterScope: account.granterScope }, record, active);
    if (decision.kind === 'refuse') throw IdentityException.conflict(`Account ${account.id} cannot follow assignment ${a.assignmentId}: ${decision.reason}.`);
    em.persist(record);
    // it follows this assignment when it moves to it, or already works at its node (not when a newer one holds it)
    const follows = decision.kind === 'move' || account.nodeScope === a.nodeCode;
    if (!follows) return;
    this.apply(em, account, decision.kind === 'move' ? { nodeScope: decision.nodeScope, path: decision.path } : { nodeScope: account.nodeScope, path: a.path }, roles, event, a, 'staff-assigned');
  }

  /** `citygrid.staff.unassigned.v1`, on the transaction of the consumer (or of a replay). */
  async unassigned(event: CityGridCloudEvent, em: EntityManager): Promise<void> {
    const a = assignmentOf(event);
    const accounts = await linkedAccounts(em, a.staffId);
    if (!accounts.length) return;
    const known = await em.findOne(StaffAssignmentRecord, { assignmentId: a.assignmentId });
    if (known?.endedAt) return;
    // kept when its assignment was never seen too, so that a late assignment event knows it is over
    const ended = known ?? newRecord(a, null);
    ended.endedAt = timeOf(event);
    em.persist(ended);
    const remaining = await em.find(StaffAssignmentRecord, { staffId: a.staffId, endedAt: null, assignmentId: { $ne: a.assignmentId } });
    for (const account of accounts) {
      const following = (r: StaffAssignmentRecord): Role[] => {
        const role = roleOfAssignment(r.role, r.nodePath);
        return role && !account.roles.includes(Role.SystemAdmin) ? rolesFollowing(account.roles, role) : account.roles;
      };
      const decision = scopeOnUnassigned(account, ended, remaining, following);
      if (decision.kind !== 'move') continue;
      // the role goes with the scope: to the remaining assignment's, or away with the last one
      const next =
        decision.nodeScope === null ? undefined : [...remaining].filter((r) => r.nodeCode === decision.nodeScope).sort((x, y) => (y.assignedAt?.getTime() ?? 0) - (x.assignedAt?.getTime() ?? 0))[0];
      const roles = next ? following(next) : account.roles.includes(Role.SystemAdmin) ? account.roles : rolesWithout(account.roles, roleOfAssignment(a.role, a.path));
      this.apply(em, account, { nodeScope: decision.nodeScope, path: decision.path }, roles, event, a, 'staff-unassigned');
    }
  }

  /** Move the account to `to` in `roles`, recording what changed (nothing when nothing did). */
  private apply(
    em: EntityManager,
    account: Account,
    to: { nodeScope: string | null; path: readonly string[] },
    roles: Role[],
    event: CityGridCloudEvent,
    a: StaffAssignmentV1,
    cause: AccountUpdateCause,
  ): void {
    const scopeChanged = account.nodeScope !== to.nodeScope;
    const rolesChanged = [...roles].sort().join(',') !== [...account.roles].sort().join(',');
    if (!scopeChanged && !rolesChanged) return;
    const previousNodeScope = account.nodeScope;
    const previousRoles = [...account.roles];
    const before = { id: account.id, login: account.login, roles: previousRoles, nodeScope: previousNodeScope, staffId: account.staffId };
    account.nodeScope = to.nodeScope;
    account.roles = roles;
    account.updatedAt = new Date();
    const data: AccountUpdatedV1 = {
      id: account.id,
      login: account.login,
      roles,
      previousRoles,
      changed: [...(scopeChanged ? ['nodeScope'] : []), ...(rolesChanged ? ['roles'] : [])],
      nodeScope: to.nodeScope,
      previousNodeScope,
      path: [...to.path],
      staffId: a.staffId,
      cause,
      causeEventId: event.id,
      assignmentId: a.assignmentId,
    };
    this.events.record(em, IdentityEvents.accountUpdated, account.id, data, before);
  }
}

function newRecord(a: StaffAssignmentV1, assignedAt: Date | null): StaffAssignmentRecord {
  return Object.assign(new StaffAssignmentRecord(), { assignmentId: a.assignmentId, staffId: a.staffId, nodeCode: a.nodeCode, nodePath: a.path, role: a.role, assignedAt, endedAt: null });
}

/** Enabled accounts linked to the staff member, locked: two events about one member apply one after the other. */
function linkedAccounts(em: EntityManager, staffId: string): Promise<Account[]> {
  return em.find(Account, { staffId, disabled: false }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc', id: 'asc' } });
}

/**
 * The payload, checked: an event of another shape is refused (retried, then dead-lettered) rather
 * than half applied. The error names the fields, never their values (a name may be among them).
 */
function assignmentOf(event: CityGridCloudEvent): StaffAssignmentV1 {
  const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const bad = [
    ...(['assignmentId', 'staffId', 'nodeId'] as const).filter((k) => typeof d[k] !== 'string' || !UUID.test(d[k])),
    ...(typeof d['nodeCode'] === 'string' && NODE_CODE_PATTERN.test(d['nodeCode']) ? [] : ['nodeCode']),
    ...(Array.isArray(d['path']) && d['path'].every((c) => typeof c === 'string' && NODE_CODE_PATTERN.test(c)) && d['path'].at(-1) === d['nodeCode'] ? [] : ['path']),
    ...(typeof d['role'] === 'string' ? [] : ['role']),
  ];
  if (bad.length) throw new Error(`${event.type} ${event.id} has an invalid payload: ${bad.join(', ')}`);
  return d as unknown as StaffAssignmentV1;
}

/** When grid-registry made the change: the event's time (its clock is the one assignments are ordered by). */
function timeOf(event: CityGridCloudEvent): Date {
  const t = new Date(event.time);
  if (Number.isNaN(t.getTime())) throw new Error(`${event.type} ${event.id} has an invalid time`);
  return t;
}
