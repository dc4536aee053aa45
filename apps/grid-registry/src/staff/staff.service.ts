import { randomUUID } from 'node:crypto';

import type { Page } from '@citygrid/contracts';
import { GridRegistryEvents, type AssignmentView, type AssignStaffDto, type CreateStaffDto, type PageQuery, type StaffView } from '@citygrid/contracts/grid-registry';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { NodesService } from '../nodes/nodes.service';
import { EventsService } from '../shared/events.service';
import { GridNode, Staff, StaffAssignment } from '../shared/entities';
import { GridRegistryException } from '../shared/grid-registry.exception';

@Injectable()
export class StaffService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventsService,
    private readonly nodes: NodesService,
  ) {}

  async create(dto: CreateStaffDto): Promise<StaffView> {
    const em = this.orm.em.fork();
    if (dto.employeeNo && (await em.count(Staff, { employeeNo: dto.employeeNo }))) throw duplicateEmployeeNo(dto.employeeNo);
    const staff = Object.assign(new Staff(), { id: randomUUID(), name: dto.name, employeeNo: dto.employeeNo ?? null, createdAt: new Date() });
    try {
      await em.transactional(async (tx) => {
        tx.persist(staff);
        this.events.record(tx, GridRegistryEvents.staffRegistered, staff.id, { id: staff.id, name: staff.name, employeeNo: staff.employeeNo });
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException && dto.employeeNo) throw duplicateEmployeeNo(dto.employeeNo);
      throw err;
    }
    return { id: staff.id, name: staff.name, employeeNo: staff.employeeNo, assignments: [], createdAt: staff.createdAt.toISOString() };
  }

  async get(id: string): Promise<StaffView> {
    const em = this.orm.em.fork();
    const staff = await em.findOne(Staff, { id });
    if (!staff) throw GridRegistryException.notFound('Staff member', id);
    const [view] = await this.views(em, [staff]);
    if (!view) throw GridRegistryException.notFound('Staff member', id);
    return view;
  }

  async list(q: PageQuery): Promise<Page<StaffView>> {
    const em = this.orm.em.fork();
    const where: FilterQuery<Staff> = {};
    if (q.q) where.name = { $ilike: `%${escapeLike(q.q)}%` };
    if (q.under) {
      const assigned = await em.getConnection().execute<Array<{ staff_id: string }>>(
        `select distinct a.staff_id from "${schemaOf(this.orm)}"."staff_assignment" a join "${schemaOf(this.orm)}"."grid_node" n on n.id = a.node_id where a.unassigned_at is null and n.code like ?`,
        [`${q.under}%`],
      );
      where.id = { $in: assigned.map((r) => r.staff_id) };
    }
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const [items, total] = await em.findAndCount(Staff, where, { orderBy: { name: 'asc', id: 'asc' }, offset, limit });
    return { items: await this.views(em, items), total, offset, limit };
  }

  async assign(dto: AssignStaffDto): Promise<AssignmentView> {
    const em = this.orm.em.fork();
    const staff = await em.findOne(Staff, { id: dto.staffId });
    if (!staff) throw GridRegistryException.unprocessable(`Staff member ${dto.staffId} does not exist.`, [{ field: 'staffId', reason: 'unknown staff member' }]);
    const node = await em.findOne(GridNode, { code: dto.nodeCode });
    if (!node) throw GridRegistryException.unprocessable(`Node ${dto.nodeCode} does not exist.`, [{ field: 'nodeCode', reason: `unknown node ${dto.nodeCode}` }]);
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

  async unassign(assignmentId: string): Promise<AssignmentView> {
    const em = this.orm.em.fork();
    const a = await em.findOne(StaffAssignment, { id: assignmentId });
    if (!a) throw GridRegistryException.notFound('Assignment', assignmentId);
    if (a.unassignedAt) throw GridRegistryException.conflict(`Assignment ${assignmentId} has already ended.`);
    const staff = await em.findOneOrFail(Staff, { id: a.staffId });
    const node = await em.findOneOrFail(GridNode, { id: a.nodeId });
    await em.transactional(async (tx) => {
      a.unassignedAt = new Date();
      this.events.record(tx, GridRegistryEvents.staffUnassigned, staff.id, assignmentPayload(a, staff, node));
    });
    return assignmentView(a, staff, node);
  }

  async atNode(code: string): Promise<AssignmentView[]> {
    const em = this.orm.em.fork();
    const node = await this.nodes.mustFind(em, code);
    const list = await em.find(StaffAssignment, { nodeId: node.id, unassignedAt: null }, { orderBy: { role: 'asc', assignedAt: 'asc' } });
    const staff = new Map((await em.find(Staff, { id: { $in: list.map((a) => a.staffId) } })).map((s) => [s.id, s]));
    return list.flatMap((a) => {
      const s = staff.get(a.staffId);
      return s ? [assignmentView(a, s, node)] : [];
    });
  }

  private async views(em: EntityManager, staff: Staff[]): Promise<StaffView[]> {
    const assignments = await em.find(StaffAssignment, { staffId: { $in: staff.map((s) => s.id) }, unassignedAt: null }, { orderBy: { assignedAt: 'asc' } });
    const nodes = new Map((await em.find(GridNode, { id: { $in: [...new Set(assignments.map((a) => a.nodeId))] } })).map((n) => [n.id, n]));
    return staff.map((s) => ({
      id: s.id,
      name: s.name,
      employeeNo: s.employeeNo,
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

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function schemaOf(orm: MikroORM): string {
  return orm.config.get('schema') ?? 'public';
}
