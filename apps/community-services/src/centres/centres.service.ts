import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, inScope, pathFilter } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import { CommunityServicesEvents, type CentreView, type CreateCentreDto, type ListCentresQuery, type ServiceCentreChangedV1, type UpdateCentreRequest } from '@citygrid/contracts/community-services';
import { NodeKind } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { ForeignKeyConstraintViolationException, LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { ancestorsOf, assertOperator, operatesAt } from '../shared/callers';
import { CommunityServicesException } from '../shared/community-services.exception';
import { RegistryClient } from '../shared/registry-client';
import { Centre } from './centre.entity';

const CENTRE_NODE_KINDS: readonly NodeKind[] = [NodeKind.Subdistrict, NodeKind.Community];

/**
 * The centres: set up by operators at a subdistrict or community of their area, changed, closed
 * (`retired`) and removed (only while no request went to it). Every change records
 * `citygrid.service-centre.changed.v1` in the same transaction.
 */
@Injectable()
export class CentresService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
  ) {}

  async create(caller: Caller, dto: CreateCentreDto): Promise<CentreView> {
    assertOperator(caller, 'set up centres');
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    if (!inScope(caller, node.path))
      throw CommunityServicesException.unprocessable(`Node ${dto.nodeCode} does not exist in your area.`, [{ field: 'nodeCode', reason: `unknown node ${dto.nodeCode}` }]);
    if (!CENTRE_NODE_KINDS.includes(node.kind)) {
      throw CommunityServicesException.unprocessable(`Node ${dto.nodeCode} is a ${node.kind}; centres are run by a subdistrict or a community.`, [
        { field: 'nodeCode', reason: 'is not a subdistrict or community' },
      ]);
    }
    const now = new Date();
    return this.orm.em.fork().transactional(async (tx) => {
      const c = Object.assign(new Centre(), {
        id: randomUUID(),
        kind: dto.kind,
        name: dto.name,
        nodeCode: node.code,
        path: node.path,
        address: dto.address ?? null,
        hours: dto.hours ?? null,
        phone: dto.phone ?? null,
        retiredAt: null,
        createdAt: now,
        updatedAt: now,
      });
      tx.persist(c);
      const view = toCentreView(c);
      this.events.record(tx, CommunityServicesEvents.centreChanged, c.id, changed(c, 'create', [], caller), undefined, view);
      return view;
    });
  }

  async list(caller: Caller, q: ListCentresQuery): Promise<Page<CentreView>> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = pathFilter(caller, 'path', q.under);
    if (scope === null) return { items: [], total: 0, offset, limit };
    // the centres of the caller's area, and (without `under`) those of the nodes above it that serve it
    const above = q.under === undefined ? ancestorsOf(caller.nodeScope) : [];
    const where: FilterQuery<Centre> = { $and: [above.length ? { $or: [scope, { nodeCode: { $in: above } }] } : scope, q.kind ? { kind: q.kind } : {}] };
    const [rows, total] = await this.orm.em.fork().findAndCount(Centre, where, { orderBy: { nodeCode: 'asc', kind: 'asc', createdAt: 'asc' }, offset, limit });
    return { items: rows.map(toCentreView), total, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<CentreView> {
    return toCentreView(await this.visible(this.orm.em.fork(), caller, id));
  }

  /** A centre the caller sees (in its area, or above it serving it); 404 when unknown or elsewhere alike. */
  async visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<Centre> {
    const c = await em.findOne(Centre, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!c) throw CommunityServicesException.notFound('Centre', id);
    if (!ancestorsOf(caller.nodeScope).includes(c.nodeCode)) assertInScope(caller, c.path, `Centre ${id}`);
    return c;
  }

  async update(caller: Caller, req: UpdateCentreRequest): Promise<CentreView> {
    const { id, ...patch } = req;
    const fields = (Object.keys(patch) as Array<keyof typeof patch>).filter((k) => patch[k] !== undefined);
    if (fields.length === 0) throw ServiceError.validation([{ field: 'body', reason: 'names nothing to change' }]);
    return this.orm.em.fork().transactional(async (tx) => {
      const c = await this.visible(tx, caller, id, true);
      assertAllowed(operatesAt(caller, c.path), "Only operators of the centre's area change it.");
      const before = toCentreView(c);
      const diff = fields.filter((f) => (f === 'retired' ? Boolean(c.retiredAt) !== patch.retired : c[f] !== patch[f]));
      if (diff.length === 0) return before;
      for (const f of diff) {
        if (f === 'retired') c.retiredAt = patch.retired ? new Date() : null;
        else if (f === 'name') c.name = patch.name ?? c.name;
        else c[f] = patch[f] ?? null;
      }
      c.updatedAt = new Date();
      const view = toCentreView(c);
      this.events.record(tx, CommunityServicesEvents.centreChanged, c.id, changed(c, 'update', diff, caller), before, view);
      return view;
    });
  }

  /** Remove a centre set up by mistake: only while no request went to it (409 otherwise: close it with `retired` instead). */
  async remove(caller: Caller, id: string): Promise<CentreView> {
    try {
      return await this.orm.em.fork().transactional(async (tx) => {
        const c = await this.visible(tx, caller, id, true);
        assertAllowed(operatesAt(caller, c.path), "Only operators of the centre's area remove it.");
        const view = toCentreView(c);
        tx.remove(c);
        this.events.record(tx, CommunityServicesEvents.centreChanged, c.id, changed(c, 'delete', [], caller), view, null);
        // the requests' foreign key decides: a centre a request went to stays
        await tx.flush();
        return view;
      });
    } catch (err) {
      if (err instanceof ForeignKeyConstraintViolationException) throw CommunityServicesException.conflict(`Centre ${id} has requests; close it (retired: true) instead of removing it.`);
      throw err;
    }
  }
}

export function toCentreView(c: Centre): CentreView {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    nodeCode: c.nodeCode,
    path: [...c.path],
    address: c.address,
    hours: c.hours,
    phone: c.phone,
    retired: c.retiredAt !== null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function changed(c: Centre, change: ServiceCentreChangedV1['change'], fields: string[], caller: Caller): ServiceCentreChangedV1 {
  return { id: c.id, change, kind: c.kind, name: c.name, nodeCode: c.nodeCode, path: [...c.path], retired: c.retiredAt !== null, changed: fields, by: caller.id };
}
