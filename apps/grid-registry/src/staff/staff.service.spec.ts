import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryEvents, NodeStatus, StaffRole } from '@citygrid/contracts/grid-registry';
import { Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { CODES, plantTree } from '../../test/fixtures';
import { NodesService } from '../nodes/nodes.service';
import { GridNode } from '../nodes/grid-node.entity';
import { Staff, StaffAssignment } from './staff.entity';
import { StaffService } from './staff.service';

const admin = testCaller({ roles: [Role.SystemAdmin] });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.community });
const neighbourOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.neighbour });
const leader = testCaller({ roles: [Role.GridLeader], nodeScope: CODES.grid2 });

function setup() {
  const db = new InMemoryDb();
  const { nodes, gridIndex } = plantTree(db);
  const orm = db.orm as unknown as MikroORM;
  const events = db.recorder as unknown as EventRecorder;
  const sut = new StaffService(orm, events, new NodesService(orm, events, gridIndex));
  const active = (staffId: string) => db.rows(StaffAssignment).filter((a) => a.staffId === staffId && a.unassignedAt === null);
  const nodeById = (id: string) => db.rows(GridNode).find((n) => n.id === id)!;
  // What the database answers to the service's two queries of staff by area (home, or an active assignment, in the subtree).
  db.onSql = (sql, params) => {
    if (sql.includes('select st.id from')) {
      const [scope, , onlyId] = params as string[];
      return db
        .rows(Staff)
        .filter((s) => (!onlyId || s.id === onlyId) && (s.homePath.includes(scope!) || active(s.id).some((a) => nodeById(a.nodeId).path.includes(scope!))))
        .map((s) => ({ id: s.id }));
    }
    throw new Error(`unexpected SQL: ${sql}`);
  };
  const person = (name: string, home: string | null, employeeNo: string | null = null): Staff =>
    db.insert(Staff, { id: randomUUID(), name, employeeNo, homeCode: home, homePath: home ? nodes.get(home)!.path : [] })[0]!;
  const assignment = (staff: Staff, code: string, role = StaffRole.GridMember, unassignedAt: Date | null = null): StaffAssignment =>
    db.insert(StaffAssignment, { id: randomUUID(), staffId: staff.id, nodeId: nodes.get(code)!.id, role, unassignedAt })[0]!;
  return { db, sut, nodes, person, assignment };
}

describe('StaffService', () => {
  describe('create', () => {
    it('registers a staff member at the operator’s own node by default and records staff.registered', async () => {
      const { db, sut } = setup();
      const view = await sut.create(communityOperator, { name: '王网格', employeeNo: 'LSZ-001' });
      expect(view).toMatchObject({ name: '王网格', employeeNo: 'LSZ-001', homeNodeCode: CODES.community, assignments: [] });
      expect(db.rows(Staff)[0]).toMatchObject({ homePath: [CODES.city, CODES.district, CODES.subdistrict, CODES.community] });
      expect(db.events).toMatchObject([{ type: GridRegistryEvents.staffRegistered.type, subject: view.id, data: { id: view.id, name: '王网格', employeeNo: 'LSZ-001' } }]);
    });

    it('is for operators (403), at a home node in their area (404), with an employee number not yet taken (409 naming employeeNo)', async () => {
      const { db, sut, person } = setup();
      person('李四', CODES.community, 'LSZ-007');
      await expect(sut.create(leader, { name: 'x' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.create(communityOperator, { name: 'x', homeNodeCode: CODES.neighbour })).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.create(communityOperator, { name: 'x', employeeNo: 'LSZ-007' })).rejects.toMatchObject({ code: ErrorCode.Conflict, errors: [{ field: 'employeeNo' }] });
      expect(db.rows(Staff)).toHaveLength(1);
      expect(db.events).toEqual([]);
    });
  });

  describe('assign and unassign', () => {
    it('assigns a staff member to a node in the operator’s area and records staff.assigned with the node’s path', async () => {
      const { db, sut, person } = setup();
      const s = person('王网格', CODES.community);
      const view = await sut.assign(communityOperator, { staffId: s.id, nodeCode: CODES.gridA, role: StaffRole.GridMember });
      expect(view).toMatchObject({ staffId: s.id, nodeCode: CODES.gridA, role: StaffRole.GridMember });
      expect(db.events).toMatchObject([
        {
          type: GridRegistryEvents.staffAssigned.type,
          subject: s.id,
          data: { nodeCode: CODES.gridA, path: [CODES.city, CODES.district, CODES.subdistrict, CODES.community, CODES.grid2, CODES.gridA], role: 'grid_member' },
        },
      ]);
    });

    it('names the field it cannot use: a staff member out of sight (staffId), a node outside the area or retired (nodeCode); the same role twice is 409', async () => {
      const { db, sut, person, nodes } = setup();
      const mine = person('王网格', CODES.community);
      const theirs = person('赵网格', CODES.neighbour);
      await expect(sut.assign(communityOperator, { staffId: theirs.id, nodeCode: CODES.gridA, role: StaffRole.GridMember })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'staffId', reason: 'unknown staff member' }],
      });
      await expect(sut.assign(communityOperator, { staffId: mine.id, nodeCode: CODES.neighbourGrid, role: StaffRole.GridMember })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'nodeCode', reason: `unknown node ${CODES.neighbourGrid}` }],
      });
      nodes.get(CODES.gridB)!.status = NodeStatus.Retired;
      await expect(sut.assign(communityOperator, { staffId: mine.id, nodeCode: CODES.gridB, role: StaffRole.GridMember })).rejects.toMatchObject({
        errors: [{ field: 'nodeCode', reason: 'node is retired' }],
      });
      await sut.assign(communityOperator, { staffId: mine.id, nodeCode: CODES.gridA, role: StaffRole.GridMember });
      await expect(sut.assign(communityOperator, { staffId: mine.id, nodeCode: CODES.gridA, role: StaffRole.GridMember })).rejects.toMatchObject({
        code: ErrorCode.Conflict,
        errors: [{ field: 'role' }],
      });
      await expect(sut.assign(communityOperator, { staffId: mine.id, nodeCode: CODES.gridA, role: StaffRole.GridLeader })).resolves.toMatchObject({ role: StaffRole.GridLeader });
      expect(db.rows(StaffAssignment)).toHaveLength(2);
    });

    it('ends an assignment once (409 after), only by an operator above the node (403), only in her area (404)', async () => {
      const { db, sut, person, assignment } = setup();
      const a = assignment(person('王网格', CODES.community), CODES.gridA);
      await expect(sut.unassign(neighbourOperator, a.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.unassign(testCaller({ roles: [Role.Auditor], nodeScope: CODES.community }), a.id)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await sut.unassign(communityOperator, a.id);
      expect(a.unassignedAt).toBeInstanceOf(Date);
      expect(db.eventsOf(GridRegistryEvents.staffUnassigned.type)).toHaveLength(1);
      await expect(sut.unassign(communityOperator, a.id)).rejects.toMatchObject({ code: ErrorCode.Conflict });
    });
  });

  describe('reads', () => {
    it('shows a staff member homed elsewhere but assigned in the caller’s area, with active assignments only', async () => {
      const { sut, person, assignment } = setup();
      const visitor = person('跨区网格员', CODES.neighbour);
      const now = assignment(visitor, CODES.gridA);
      assignment(visitor, CODES.gridB, StaffRole.GridMember, new Date('2026-11-01T00:00:00Z'));
      await expect(sut.get(communityOperator, visitor.id)).resolves.toMatchObject({ homeNodeCode: CODES.neighbour, assignments: [{ id: now.id, nodeCode: CODES.gridA }] });
      const stranger = person('外人', CODES.neighbour);
      await expect(sut.get(communityOperator, stranger.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.get(admin, stranger.id)).resolves.toMatchObject({ name: '外人' });
    });

    it('lists only the staff the caller may see, searchable by name', async () => {
      const { sut, person } = setup();
      const mine = person('王网格', CODES.gridA);
      person('王二', CODES.neighbour);
      person('李网格', CODES.community);
      expect((await sut.list(communityOperator, { q: '王' })).items.map((s) => s.id)).toEqual([mine.id]);
      expect((await sut.list(communityOperator, {})).total).toBe(2);
      expect((await sut.list(admin, { q: '王' })).total).toBe(2);
    });

    it('lists the active assignments at a node of the caller’s area', async () => {
      const { sut, person, assignment } = setup();
      const a = assignment(person('王网格', CODES.community), CODES.gridA, StaffRole.ResponsiblePerson);
      assignment(person('李四', CODES.community), CODES.gridA, StaffRole.GridMember, new Date('2026-11-01T00:00:00Z'));
      expect(await sut.atNode(communityOperator, CODES.gridA)).toMatchObject([{ id: a.id, staffName: '王网格', role: StaffRole.ResponsiblePerson }]);
      await expect(sut.atNode(neighbourOperator, CODES.gridA)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });
  });
});
