import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryEvents, StaffRole } from '@citygrid/contracts/grid-registry';
import { IdentityEvents, Role } from '@citygrid/contracts/identity';
import { buildCloudEvent, Subjects } from '@citygrid/messaging';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb } from '@citygrid/testing';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Account } from '../shared/entities';
import type { IdentityException } from '../shared/identity.exception';
import { StaffAssignmentRecord } from './staff-assignment.entity';
import { StaffLinksService } from './staff-links.service';

const COMMUNITY = '410102005001';
const GRID_1 = `${COMMUNITY}0101`;
const GRID_2 = `${COMMUNITY}0102`;
const pathOf = (code: string): string[] => ['410100', ...[6, 9, 12, 14, 16].filter((l) => l <= code.length).map((l) => code.slice(0, l))];

function setup() {
  const db = new InMemoryDb();
  const sut = new StaffLinksService(db.recorder as unknown as EventRecorder, new Subjects({}));
  let created = Date.parse('2026-11-01T00:00:00Z');
  const account = (staffId: string, over: Partial<Account> = {}): Account =>
    db.insert(Account, {
      id: randomUUID(),
      login: `user-${randomUUID().slice(0, 8)}`,
      passwordHash: 'x',
      roles: [Role.GridMember],
      nodeScope: COMMUNITY,
      departmentCode: null,
      staffId,
      disabled: false,
      createdBy: null,
      granterScope: null,
      // one after the other, as accounts are made
      createdAt: new Date((created += 60_000)),
      updatedAt: new Date(created),
      ...over,
    })[0]!;
  const event = (kind: 'assigned' | 'unassigned', staffId: string, nodeCode: string, assignmentId: string = randomUUID(), time?: string, role: StaffRole = StaffRole.GridMember) => {
    const e = buildCloudEvent(kind === 'assigned' ? GridRegistryEvents.staffAssigned : GridRegistryEvents.staffUnassigned, {
      subject: staffId,
      data: { assignmentId, staffId, staffName: '王芳', nodeId: randomUUID(), nodeCode, path: pathOf(nodeCode), role },
    });
    return time ? { ...e, time } : e;
  };
  /** Apply as the consumer does: inside one transaction, which a failure rolls back. */
  const apply = (handler: 'assigned' | 'unassigned', e: ReturnType<typeof event>) =>
    db.orm.em.fork().transactional((tx) => (handler === 'assigned' ? sut.assigned(e, tx as unknown as EntityManager) : sut.unassigned(e, tx as unknown as EntityManager)));
  return { db, sut, account, event, apply };
}

describe('StaffLinksService', () => {
  it('consumes the staff events of grid-registry as the durable consumer `identity`', () => {
    const { sut } = setup();
    const consumer = sut.consumer();
    expect(consumer.consumer).toBe('identity');
    expect(consumer.filterSubject).toMatch(/citygrid\.grid-registry\.staff\.>$/);
    expect(Object.keys(consumer.handlers).sort()).toEqual([GridRegistryEvents.staffAssigned.type, GridRegistryEvents.staffUnassigned.type].sort());
  });

  it('gives the linked account the role of the assignment with its scope, and takes both away when the last one ends', async () => {
    const { db, account, event, apply } = setup();
    const staffId = randomUUID();
    const a = account(staffId, { roles: [Role.GridMember, Role.Auditor] });
    const leader = randomUUID();
    await apply('assigned', event('assigned', staffId, GRID_1, leader, '2026-12-01T08:00:00.000Z', StaffRole.GridLeader));
    // the assigned role replaces the grid member's; a role its creator gave besides stays
    expect(a).toMatchObject({ nodeScope: GRID_1, roles: [Role.Auditor, Role.GridLeader] });
    expect(db.events.at(-1)).toMatchObject({ data: { changed: ['nodeScope', 'roles'], roles: [Role.Auditor, Role.GridLeader], previousRoles: [Role.GridMember, Role.Auditor] } });
    // a platform operator's assignment at a community makes it that community's operator
    const operator = randomUUID();
    await apply('assigned', event('assigned', staffId, COMMUNITY, operator, '2026-12-02T08:00:00.000Z', StaffRole.PlatformOperator));
    expect(a).toMatchObject({ nodeScope: COMMUNITY, roles: [Role.Auditor, Role.CommunityOperator] });
    // that one ends: back to the grid and the grid leader's role of the one that remains
    await apply('unassigned', event('unassigned', staffId, COMMUNITY, operator, '2026-12-03T08:00:00.000Z', StaffRole.PlatformOperator));
    expect(a).toMatchObject({ nodeScope: GRID_1, roles: [Role.Auditor, Role.GridLeader] });
    // the last one ends: no scope, and the role it gave goes with it
    await apply('unassigned', event('unassigned', staffId, GRID_1, leader, '2026-12-04T08:00:00.000Z', StaffRole.GridLeader));
    expect(a).toMatchObject({ nodeScope: null, roles: [Role.Auditor] });
    expect(db.events.at(-1)).toMatchObject({ data: { changed: ['nodeScope', 'roles'], cause: 'staff-unassigned' } });
  });

  it('changes only the role when the account works at the assignment’s node already', async () => {
    const { db, account, event, apply } = setup();
    const staffId = randomUUID();
    const a = account(staffId, { nodeScope: GRID_1 });
    await apply('assigned', event('assigned', staffId, GRID_1, randomUUID(), undefined, StaffRole.ResponsiblePerson));
    expect(a).toMatchObject({ nodeScope: GRID_1, roles: [Role.ResponsiblePerson] });
    expect(db.events).toEqual([expect.objectContaining({ data: expect.objectContaining({ changed: ['roles'], nodeScope: GRID_1, previousNodeScope: GRID_1 }) })]);
  });

  it('moves the linked account to the node and records account.updated with the state before', async () => {
    const { db, account, event, apply } = setup();
    const staffId = randomUUID();
    const a = account(staffId);
    const e = event('assigned', staffId, GRID_1);
    await apply('assigned', e);
    expect(a.nodeScope).toBe(GRID_1);
    expect(db.events).toEqual([
      {
        type: IdentityEvents.accountUpdated.type,
        subject: a.id,
        data: expect.objectContaining({ id: a.id, nodeScope: GRID_1, previousNodeScope: COMMUNITY, path: pathOf(GRID_1), cause: 'staff-assigned', causeEventId: e.id, staffId }),
        before: expect.objectContaining({ nodeScope: COMMUNITY }),
        after: expect.objectContaining({ nodeScope: GRID_1 }),
      },
    ]);
    expect(JSON.stringify(db.events)).not.toContain('王芳');
  });

  it('does nothing for a staff member linked to no enabled account', async () => {
    const { db, account, event, apply } = setup();
    const staffId = randomUUID();
    const disabled = account(staffId, { disabled: true });
    await apply('assigned', event('assigned', randomUUID(), GRID_1));
    await apply('assigned', event('assigned', staffId, GRID_1));
    expect(disabled.nodeScope).toBe(COMMUNITY);
    expect(db.events).toEqual([]);
    expect(db.table(StaffAssignmentRecord)).toEqual([]);
  });

  it('refuses an assignment of a member linked to two enabled accounts, changing nothing, so that it is retried and dead-lettered', async () => {
    const { db, account, event, apply } = setup();
    const staffId = randomUUID();
    const [first, second] = [account(staffId), account(staffId)];
    const failure = (await apply('assigned', event('assigned', staffId, GRID_1)).catch((err: unknown) => err)) as IdentityException;
    expect(failure.code).toBe(ErrorCode.Conflict);
    expect(failure.detail).toContain(`linked to 2 enabled accounts (${first.id}, ${second.id})`);
    expect([first.nodeScope, second.nodeScope]).toEqual([COMMUNITY, COMMUNITY]);
    expect(db.events).toEqual([]);
    expect(db.table(StaffAssignmentRecord)).toEqual([]);
  });

  it('narrows every linked account on unassignment: back to the remaining assignment, then to none', async () => {
    const { db, account, event, apply } = setup();
    const staffId = randomUUID();
    const a = account(staffId);
    const first = event('assigned', staffId, GRID_1, randomUUID(), '2026-12-01T08:00:00.000Z');
    const second = event('assigned', staffId, GRID_2, randomUUID(), '2026-12-01T09:00:00.000Z');
    await apply('assigned', first);
    await apply('assigned', second);
    expect(a.nodeScope).toBe(GRID_2);
    // a second login for the same member appears: taking away still reaches both
    const b = account(staffId, { nodeScope: GRID_2 });
    await apply('unassigned', event('unassigned', staffId, GRID_2, second.data.assignmentId));
    expect([a.nodeScope, b.nodeScope]).toEqual([GRID_1, GRID_1]);
    await apply('unassigned', event('unassigned', staffId, GRID_1, first.data.assignmentId));
    expect([a.nodeScope, b.nodeScope]).toEqual([null, null]);
    expect(db.eventsOf(IdentityEvents.accountUpdated.type).map((e) => [e.subject, e.data['nodeScope'], e.data['cause']])).toEqual([
      [a.id, GRID_1, 'staff-assigned'],
      [a.id, GRID_2, 'staff-assigned'],
      [a.id, GRID_1, 'staff-unassigned'],
      [b.id, GRID_1, 'staff-unassigned'],
      [a.id, null, 'staff-unassigned'],
      [b.id, null, 'staff-unassigned'],
    ]);
    // replayed after its unassignment, the first assignment changes nothing
    await apply('assigned', first);
    expect(a.nodeScope).toBeNull();
  });

  it('refuses a payload of another shape, naming the fields and not their values', async () => {
    const { account, event, apply } = setup();
    const staffId = randomUUID();
    account(staffId);
    const e = event('assigned', staffId, GRID_1);
    const bad = { ...e, data: { ...e.data, nodeCode: 'nowhere', path: 'x', assignmentId: 7 } as unknown as typeof e.data };
    await expect(apply('assigned', bad)).rejects.toThrow(`${e.type} ${e.id} has an invalid payload: assignmentId, nodeCode, path`);
  });
});
