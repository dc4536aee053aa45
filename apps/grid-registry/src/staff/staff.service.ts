import { randomUUID } from 'node:crypto';

import type { Page } from '@citygrid/contracts';
import { GridRegistryEvents, type AssignmentView, type AssignStaffDto, type CreateStaffDto, type PageQuery, type StaffView } from '@citygrid/contracts/grid-registry';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { assertAllowed, assertInScope, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { Injectable } from '@nestjs/common';

import { NodesService } from '../nodes/nodes.service';
import { escapeLike } from '../shared/sql';
import { assertCanChangeNodeAt, assertCanRead, canChangeTree } from '../shared/access';
import { GridNode } from '../nodes/grid-node.entity';
import { Staff, StaffAssignment } from './staff.entity';
import { GridRegistryException } from '../shared/grid-registry.exception';

@Injectable()
export class StaffService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly nodes: NodesService,
  ) {}

  async create(caller: Caller, dto: CreateStaffDto): Promise<StaffView> {
    const em = this.orm.em.fork();
    assertAllowed(canChangeTree(caller), 'Only operators register staff.');
    const homeCode = dto.homeNodeCode ?? caller.nodeScope;
    const home = homeCode ? await this.nodes.mustFindFor(caller, em, homeCode) : null;
    if (!home) assertAllowed(isSystemAdmin(caller), 'A home node is required.');
    if (dto.employeeNo && (await em.count(Staff, { employeeNo: dto.employeeNo }))) throw duplicateEmployeeNo(dto.employeeNo);
    const staff = Object.assign(new Staff(), { id: randomUUID(), name: dto.name, employeeNo: dto.employeeNo ?? null, homeCode: home?.code ?? null, homePath: home?.path ?? [], createdAt: new Date() });
    try {
      await em.transactional(async (tx) => {
        tx.persist(staff);
        this.events.record(tx, GridRegistryEvents.staffRegistered, staff.id, { id: staff.id, name: staff.name, employeeNo: staff.employeeNo });
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException && dto.employeeNo) throw duplicateEmployeeNo(dto.employeeNo);
      throw err;
    }
    return { id: staff.id, name: staff.name, employeeNo: staff.employeeNo, homeNodeCode: staff.homeCode, assignments: [], createdAt: staff.createdAt.toISOString() };
  }

  async get(caller: Caller, id: string): Promise<StaffView> {
    const em = this.orm.em.fork();
    const staff = await this.mustFindFor(caller, em, id);
    const [view] = await this.views(em, [staff]);
    if (!view) throw GridRegistryException.notFound('Staff member', id);
    return view;
  }

  async list(caller: Caller, q: PageQuery): Promise<Page<StaffView>> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const where: FilterQuery<Staff> = {};
    if (!isSystemAdmin(caller)) where.id = { $in: await this.visibleStaffIds(em, caller) };
    if (q.q) where.name = { $ilike: `%${escapeLike(q.q)}%` };
    if (q.under) {
      const assigned = await em
        .getConnection()
        .execute<Array<{ staff_id: string }>>(
          `select distinct a.staff_id from "${schemaOf(this.orm)}"."staff_assignment" a join "${schemaOf(this.orm)}"."grid_node" n on n.id = a.node_id where a.unassigned_at is null and n.code like ?`,
          [`${q.under}%`],
        );
      const ids = assigned.map((r) => r.staff_id);
      where.id = { $in: isSystemAdmin(caller) ? ids : ids.filter((i) => (where.id as { $in: string[] }).$in.includes(i)) };
    }
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const [items, total] = await em.findAndCount(Staff, where, { orderBy: { name: 'asc', id: 'asc' }, offset, limit });
    return { items: await this.views(em, items), total, offset, limit };
  }

  async assign(caller: Caller, dto: AssignStaffDto): Promise<AssignmentView> {
    const em = this.orm.em.fork();
    assertAllowed(canChangeTree(caller), 'Only operators assign staff.');
    const staff = await em.findOne(Staff, { id: dto.staffId });
    if (!staff || !(await this.visibleTo(em, caller, staff)))
      throw GridRegistryException.unprocessable(`Staff member ${dto.staffId} does not exist.`, [{ field: 'staffId', reason: 'unknown staff member' }]);
    const node = await em.findOne(GridNode, { code: dto.nodeCode });
    if (!node || !(isSystemAdmin(caller) || node.path.includes(caller.nodeScope ?? '')))
      throw GridRegistryException.unprocessable(`Node ${dto.nodeCode} does not exist.`, [{ field: 'nodeCode', reason: `unknown node ${dto.nodeCode}` }]);
    if (node.status !== 'active') throw GridRegistryException.unprocessable(`Node ${dto.nodeCode} is retired.`, [{ field: 'nodeCode', reason: 'node is retired' }]);
    const existing = await em.count(StaffAssignment, { staffId: staff.id, nodeId: node.id, role: dto.role, unassignedAt: null });
    if (existing) throw duplicateAssignment();
    const a = Object.assign(new StaffAssignment(), { id: randomUUID(), staffId: staff.id, nodeId: node.id, role: dto.role, assignedAt: new Date(), unassignedAt: null });
    try {
      await em.transactional(async (tx) => {
        tx.persist(a);
        this.events.record(tx, GridRegistryEvents.staffAssigned, staff.id, assignmentPayload(a, staff, node));
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicateAssignment();
      throw err;
    }
    return assignmentView(a, staff, node);
  }

  async unassign(caller: Caller, assignmentId: string): Promise<AssignmentView> {
    const em = this.orm.em.fork();
    assertCanRead(caller);
    const a = await em.findOne(StaffAssignment, { id: assignmentId });
    if (!a) throw GridRegistryException.notFound('Assignment', assignmentId);
    const at = await em.findOneOrFail(GridNode, { id: a.nodeId });
    assertInScope(caller, at.path, `Assignment ${assignmentId}`);
    assertCanChangeNodeAt(caller, [...at.path, '*']);
    if (a.unassignedAt) throw GridRegistryException.conflict(`Assignment ${assignmentId} has already ended.`);
    const staff = await em.findOneOrFail(Staff, { id: a.staffId });
    const node = await em.findOneOrFail(GridNode, { id: a.nodeId });
    await em.transactional(async (tx) => {
      a.unassignedAt = new Date();
      this.events.record(tx, GridRegistryEvents.staffUnassigned, staff.id, assignmentPayload(a, staff, node));
    });
    return assignmentView(a, staff, node);
  }

  async atNode(caller: Caller, code: string): Promise<AssignmentView[]> {
    const em = this.orm.em.fork();
    const node = await this.nodes.mustFindFor(caller, em, code);
    const list = await em.find(StaffAssignment, { nodeId: node.id, unassignedAt: null }, { orderBy: { role: 'asc', assignedAt: 'asc' } });
    const staff = new Map((await em.find(Staff, { id: { $in: list.map((a) => a.staffId) } })).map((s) => [s.id, s]));
    return list.flatMap((a) => {
      const s = staff.get(a.staffId);
      return s ? [assignmentView(a, s, node)] : [];
    });
  }

  /** A staff member the caller may see (home or an assignment in its subtree), or 404. */
  private async mustFindFor(caller: Caller, em: EntityManager, id: string): Promise<Staff> {
    assertCanRead(caller);
    const staff = await em.findOne(Staff, { id });
    if (!staff || !(await this.visibleTo(em, caller, staff))) throw GridRegistryException.notFound('Staff member', id);
    return staff;
  }

  private async visibleTo(em: EntityManager, caller: Caller, staff: Staff): Promise<boolean> {
    if (isSystemAdmin(caller)) return true;
    const scope = caller.nodeScope;
    if (!scope) return false;
    if (staff.homePath.includes(scope)) return true;
    return (await this.visibleStaffIds(em, caller, staff.id)).length > 0;
  }

  /** Ids of staff whose home or an active assignment lies in the caller's subtree. */
  private async visibleStaffIds(em: EntityManager, caller: Caller, onlyId?: string): Promise<string[]> {
    const scope = caller.nodeScope;
    if (!scope) return [];
    const s = schemaOf(this.orm);
    const rows = await em.getConnection().execute<Array<{ id: string }>>(
      `select st.id from "${s}"."staff" st where (? = any(st.home_path) or exists (
         select 1 from "${s}"."staff_assignment" a join "${s}"."grid_node" n on n.id = a.node_id
         where a.staff_id = st.id and a.unassigned_at is null and ? = any(n.path)))${onlyId ? ' and st.id = ?' : ''}`,
      onlyId ? [scope, scope, onlyId] : [scope, scope],
    );
    return rows.map((r) => r.id);
  }

  private async views(em: EntityManager, staff: Staff[]): Promise<StaffView[]> {
    const assignments = await em.find(StaffAssignment, { staffId: { $in: staff.map((s) => s.id) }, unassignedAt: null }, { orderBy: { assignedAt: 'asc' } });
    const nodes = new Map((await em.find(GridNode, { id: { $in: [...new Set(assignments.map((a) => a.nodeId))] } })).map((n) => [n.id, n]));
    return staff.map((s) => ({
      id: s.id,
      name: s.name,
      employeeNo: s.employeeNo,
      homeNodeCode: s.homeCode,
      createdAt: s.createdAt.toISOString(),
      assignments: assignments.flatMap((a) => {
        const node = nodes.get(a.nodeId);
        return a.staffId === s.id && node ? [assignmentView(a, s, node)] : [];
      }),
    }));
  }
}

function assignmentView(a: StaffAssignment, staff: Staff, node: GridNode): AssignmentView {
  return { id: a.id, staffId: staff.id, staffName: staff.name, nodeId: node.id, nodeCode: node.code, role: a.role, assignedAt: a.assignedAt.toISOString() };
}

function assignmentPayload(a: StaffAssignment, staff: Staff, node: GridNode) {
  return { assignmentId: a.id, staffId: staff.id, staffName: staff.name, nodeId: node.id, nodeCode: node.code, path: node.path, role: a.role };
}

function duplicateEmployeeNo(no: string): GridRegistryException {
  return GridRegistryException.conflict(`Employee number ${no} is already registered.`, [{ field: 'employeeNo', reason: 'duplicate employee number' }]);
}

function duplicateAssignment(): GridRegistryException {
  return GridRegistryException.conflict('This staff member already has this role at this node.', [{ field: 'role', reason: 'already assigned' }]);
}

export function schemaOf(orm: MikroORM): string {
  return orm.config.get('schema') ?? 'public';
}
