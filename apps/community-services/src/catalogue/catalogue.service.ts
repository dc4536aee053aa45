import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, inScope, isSystemAdmin } from '@citygrid/auth';
import {
  CommunityServicesEvents,
  type CreateRequestTypeDto,
  type ListRequestTypesQuery,
  type RequestTypeView,
  type ServiceRequestTypeChangedV1,
  type UpdateRequestTypeRequest,
} from '@citygrid/contracts/community-services';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Centre } from '../centres/centre.entity';
import { assertOperator, managesCityWide, operatesAt } from '../shared/callers';
import { CommunityServicesException } from '../shared/community-services.exception';
import { RegistryClient } from '../shared/registry-client';
import { RequestType } from './request-type.entity';

const CITY_WIDE_ONLY = 'City-wide request types are changed by the system administrator and city operators only; add one for your node instead.';

/**
 * The catalogue of request types of each centre: city-wide types (seeded by the migration) and
 * types a node adds for the centres of its area. Every change records
 * `citygrid.service-request-type.changed.v1` in the same transaction.
 */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
  ) {}

  /** The types the caller's centres may use: city-wide ones, those of nodes above the caller and those in its area. */
  async list(caller: Caller, q: ListRequestTypesQuery): Promise<RequestTypeView[]> {
    const rows = await this.orm.em.fork().find(RequestType, q.centre ? { centre: q.centre } : {}, { orderBy: { centre: 'asc', sortOrder: 'asc', code: 'asc' } });
    return rows.filter((t) => visibleTo(caller, t)).map(toRequestTypeView);
  }

  /**
   * The type `code` a request to `centre` may be taken under: of the centre's kind, city-wide or
   * of a node on the centre's path (the nearest wins), not retired. Otherwise 422 naming `typeCode`.
   */
  async openTypeFor(em: EntityManager, centre: Centre, code: string): Promise<RequestType> {
    const candidates = await em.find(RequestType, { centre: centre.kind, code, $or: [{ nodeCode: null }, { nodeCode: { $in: centre.path } }] });
    const nearest = candidates.sort((a, b) => b.path.length - a.path.length)[0];
    if (!nearest) {
      throw CommunityServicesException.unprocessable(`The ${centre.kind} centre has no request type ${code}; see GET /community-services/request-types.`, [
        { field: 'typeCode', reason: `unknown request type of the ${centre.kind} centre` },
      ]);
    }
    if (nearest.retiredAt) throw CommunityServicesException.unprocessable(`Request type ${code} is retired.`, [{ field: 'typeCode', reason: 'is retired' }]);
    return nearest;
  }

  async create(caller: Caller, dto: CreateRequestTypeDto): Promise<RequestTypeView> {
    assertOperator(caller, 'add request types');
    let nodeCode: string | null = null;
    let path: string[] = [];
    if (dto.nodeCode === undefined) {
      assertAllowed(managesCityWide(caller), CITY_WIDE_ONLY);
    } else {
      const node = await this.registry.node(dto.nodeCode, 'nodeCode');
      if (!inScope(caller, node.path))
        throw CommunityServicesException.unprocessable(`Node ${dto.nodeCode} does not exist in your area.`, [{ field: 'nodeCode', reason: `unknown node ${dto.nodeCode}` }]);
      nodeCode = node.code;
      path = node.path;
    }
    try {
      return await this.orm.em.fork().transactional(async (tx) => {
        if (await tx.findOne(RequestType, { centre: dto.centre, code: dto.code, nodeCode })) throw duplicate(dto.code);
        const t = Object.assign(new RequestType(), {
          id: randomUUID(),
          centre: dto.centre,
          code: dto.code,
          name: dto.name,
          description: dto.description ?? null,
          timeLimitHours: dto.timeLimitHours ?? null,
          asksSatisfaction: dto.asksSatisfaction ?? true,
          nodeCode,
          path,
          retiredAt: null,
        });
        tx.persist(t);
        const view = toRequestTypeView(t);
        this.events.record(tx, CommunityServicesEvents.requestTypeChanged, t.id, changed(t, 'create', [], caller), undefined, view);
        return view;
      });
    } catch (err) {
      // two creates of one code at once: the unique index decides, the loser gets the same 409
      if (err instanceof UniqueConstraintViolationException) throw duplicate(dto.code);
      throw err;
    }
  }

  /** Change a type; a new time limit or satisfaction rule applies to requests taken from now on. */
  async update(caller: Caller, req: UpdateRequestTypeRequest): Promise<RequestTypeView> {
    const { id, ...patch } = req;
    const fields = (Object.keys(patch) as Array<keyof typeof patch>).filter((k) => patch[k] !== undefined);
    if (fields.length === 0) throw ServiceError.validation([{ field: 'body', reason: 'names nothing to change' }]);
    return this.orm.em.fork().transactional(async (tx) => {
      const t = await tx.findOne(RequestType, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!t || !visibleTo(caller, t)) throw CommunityServicesException.notFound('Request type', id);
      if (t.nodeCode === null) assertAllowed(managesCityWide(caller), CITY_WIDE_ONLY);
      else {
        assertInScope(caller, t.path, `Request type ${id}`);
        assertAllowed(operatesAt(caller, t.path), "Only operators of the type's node change it.");
      }
      const before = toRequestTypeView(t);
      const diff = fields.filter((f) => (f === 'retired' ? Boolean(t.retiredAt) !== patch.retired : t[f] !== patch[f]));
      if (diff.length === 0) return before;
      for (const f of diff) {
        if (f === 'retired') t.retiredAt = patch.retired ? new Date() : null;
        else if (f === 'asksSatisfaction') t.asksSatisfaction = patch.asksSatisfaction ?? t.asksSatisfaction;
        else if (f === 'timeLimitHours') t.timeLimitHours = patch.timeLimitHours ?? null;
        else if (f === 'name') t.name = patch.name ?? t.name;
        else t.description = patch.description ?? null;
      }
      const view = toRequestTypeView(t);
      this.events.record(tx, CommunityServicesEvents.requestTypeChanged, t.id, changed(t, 'update', diff, caller), before, view);
      return view;
    });
  }
}

/** City-wide types, types of nodes above the caller (its centres use them) and types in its area. */
function visibleTo(caller: Caller, t: RequestType): boolean {
  if (t.nodeCode === null || isSystemAdmin(caller) || inScope(caller, t.path)) return true;
  return caller.nodeScope !== null && caller.nodeScope.startsWith(t.nodeCode);
}

export function toRequestTypeView(t: RequestType): RequestTypeView {
  return {
    id: t.id,
    centre: t.centre,
    code: t.code,
    name: t.name,
    description: t.description,
    timeLimitHours: t.timeLimitHours,
    asksSatisfaction: t.asksSatisfaction,
    nodeCode: t.nodeCode,
    path: [...t.path],
    retired: t.retiredAt !== null,
  };
}

function changed(t: RequestType, change: ServiceRequestTypeChangedV1['change'], fields: string[], caller: Caller): ServiceRequestTypeChangedV1 {
  return {
    id: t.id,
    change,
    centre: t.centre,
    code: t.code,
    name: t.name,
    timeLimitHours: t.timeLimitHours,
    asksSatisfaction: t.asksSatisfaction,
    nodeCode: t.nodeCode,
    path: [...t.path],
    retired: t.retiredAt !== null,
    changed: fields,
    by: caller.id,
  };
}

function duplicate(code: string): CommunityServicesException {
  return CommunityServicesException.conflict(`Request type ${code} already exists for this centre and node.`, [{ field: 'code', reason: 'is taken' }]);
}
