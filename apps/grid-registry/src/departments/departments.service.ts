import { randomUUID } from 'node:crypto';

import type { Page } from '@citygrid/contracts';
import { GridRegistryEvents, type CreateDepartmentDto, type DepartmentView, type PageQuery } from '@citygrid/contracts/grid-registry';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { assertAllowed, hasAnyRole, inScope, isSystemAdmin } from '@citygrid/auth';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertCanRead, canChangeTree } from '../shared/access';
import { escapeLike } from '../shared/sql';
import { Department } from './department.entity';
import { GridNode } from '../nodes/grid-node.entity';
import { GridRegistryException } from '../shared/grid-registry.exception';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
  ) {}

  async create(caller: Caller, dto: CreateDepartmentDto): Promise<DepartmentView> {
    const em = this.orm.em.fork();
    assertAllowed(canChangeTree(caller), 'Only operators create departments.');
    const codes = [...new Set(dto.servesNodeCodes)];
    // Nodes outside the caller's area count as unknown to them.
    const found = new Set((await em.find(GridNode, { code: { $in: codes } }, { fields: ['code', 'path'] as never })).filter((n) => inScope(caller, n.path)).map((n) => n.code));
    const unknown = codes.map((c, i) => ({ c, i })).filter(({ c }) => !found.has(c));
    if (unknown.length) {
      throw GridRegistryException.unprocessable(
        `Unknown nodes: ${unknown.map((u) => u.c).join(', ')}.`,
        unknown.map((u) => ({ field: `servesNodeCodes[${u.i}]`, reason: `unknown node ${u.c}` })),
      );
    }
    if (await em.count(Department, { code: dto.code })) throw duplicate(dto.code);
    const d = Object.assign(new Department(), { id: randomUUID(), code: dto.code, name: dto.name, kind: dto.kind, servesNodeCodes: codes, createdAt: new Date() });
    try {
      await em.transactional(async (tx) => {
        tx.persist(d);
        this.events.record(tx, GridRegistryEvents.departmentCreated, d.id, { id: d.id, code: d.code, name: d.name, kind: d.kind, servesNodeCodes: d.servesNodeCodes });
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicate(dto.code);
      throw err;
    }
    return view(d);
  }

  async get(caller: Caller, id: string): Promise<DepartmentView> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const d = await em.findOne(Department, { id });
    if (!d || !(await this.visibleTo(em, caller, [d])).length) throw GridRegistryException.notFound('Department', id);
    return view(d);
  }

  async byCode(caller: Caller, code: string): Promise<DepartmentView> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const d = await em.findOne(Department, { code });
    if (!d || !(await this.visibleTo(em, caller, [d])).length) throw GridRegistryException.notFound('Department', code);
    return view(d);
  }

  /**
   * Departments the caller may see: a department officer only their own; others those serving
   * a node in their subtree or above it (a department serving the subdistrict serves its grids).
   */
  private async visibleTo(em: EntityManager, caller: Caller, departments: Department[]): Promise<Department[]> {
    if (isSystemAdmin(caller)) return departments;
    if (hasAnyRole(caller, [Role.DepartmentOfficer])) return departments.filter((d) => d.code === caller.departmentCode);
    const scope = caller.nodeScope;
    if (!scope) return [];
    const scopeNode = await em.findOne(GridNode, { code: scope });
    if (!scopeNode) return [];
    const served = await em.find(GridNode, { code: { $in: [...new Set(departments.flatMap((d) => d.servesNodeCodes))] } }, { fields: ['code', 'path'] as never });
    const paths = new Map(served.map((n) => [n.code, n.path]));
    return departments.filter((d) => d.servesNodeCodes.some((c) => scopeNode.path.includes(c) || (paths.get(c) ?? []).includes(scope)));
  }

  async list(caller: Caller, q: PageQuery): Promise<Page<DepartmentView>> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const where: FilterQuery<Department> = {};
    if (q.q) where.name = { $ilike: `%${escapeLike(q.q)}%` };
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    let [items, total] = await em.findAndCount(Department, where, { orderBy: { code: 'asc' } });
    items = await this.visibleTo(em, caller, items);
    total = items.length;
    if (q.under) {
      const under = q.under;
      // A department serves a subtree when it serves the node or one of its ancestors or descendants.
      items = items.filter((d) => d.servesNodeCodes.some((c) => c.startsWith(under) || under.startsWith(c)));
      total = items.length;
    }
    return { items: items.slice(offset, offset + limit).map(view), total, offset, limit };
  }
}

function view(d: Department): DepartmentView {
  return { id: d.id, code: d.code, name: d.name, kind: d.kind, servesNodeCodes: d.servesNodeCodes, createdAt: d.createdAt.toISOString() };
}

function duplicate(code: string): GridRegistryException {
  return GridRegistryException.conflict(`A department with code ${code} already exists.`, [{ field: 'code', reason: `duplicate code ${code}` }]);
}
