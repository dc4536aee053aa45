import { randomUUID } from 'node:crypto';

import type { Page } from '@citygrid/contracts';
import { GridRegistryEvents, type CreateDepartmentDto, type DepartmentView, type PageQuery } from '@citygrid/contracts/grid-registry';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { escapeLike } from '../staff/staff.service';
import { EventsService } from '../shared/events.service';
import { Department, GridNode } from '../shared/entities';
import { GridRegistryException } from '../shared/grid-registry.exception';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventsService,
  ) {}

  async create(dto: CreateDepartmentDto): Promise<DepartmentView> {
    const em = this.orm.em.fork();
    const codes = [...new Set(dto.servesNodeCodes)];
    const found = new Set((await em.find(GridNode, { code: { $in: codes } }, { fields: ['code'] as never })).map((n) => n.code));
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

  async get(id: string): Promise<DepartmentView> {
    const d = await this.orm.em.fork().findOne(Department, { id });
    if (!d) throw GridRegistryException.notFound('Department', id);
    return view(d);
  }

  async list(q: PageQuery): Promise<Page<DepartmentView>> {
    const em = this.orm.em.fork();
    const where: FilterQuery<Department> = {};
    if (q.q) where.name = { $ilike: `%${escapeLike(q.q)}%` };
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    let [items, total] = await em.findAndCount(Department, where, { orderBy: { code: 'asc' } });
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
