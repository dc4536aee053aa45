import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  VolunteersEvents,
  type CreateOrganisationDto,
  type FormationQuery,
  type FormationView,
  type ListOrganisationsQuery,
  type OrganisationView,
  type PartyOrganisationChangedV1,
  type RegisterUnitDto,
  type UnitView,
  type UpdateOrganisationRequest,
} from '@citygrid/contracts/volunteers';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { VOLUNTEERS_ENV, type VolunteersEnv } from '../config';
import { Organisation, Unit } from '../entities';
import { canSee, mayManage } from '../shared/access';
import { formationRate, shouldHaveBranch } from '../shared/formation';
import { RegistryClient } from '../shared/registry-client';
import { memberCountOf, toUnitView } from '../shared/units';

const MANAGERS_ONLY = 'Only operators (and the system administrator) manage the party organisations of their area.';

/**
 * Party organisations 党组织 with their host (a node or a unit), the units counted by the formation
 * rule, and the formation rate of a subtree. Every change records its event in the same transaction.
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
    @Inject(VOLUNTEERS_ENV) private readonly env: VolunteersEnv,
  ) {}

  async registerUnit(caller: Caller, dto: RegisterUnitDto): Promise<UnitView> {
    assertAllowed(isManagerAnywhere(caller), MANAGERS_ONLY);
    const { grid } = await this.registry.unit(dto.placeId, 'placeId');
    assertAllowed(mayManage(caller, grid.path), MANAGERS_ONLY);
    return this.orm.em.fork().transactional(async (tx) => {
      const existing = await tx.findOne(Unit, { placeId: dto.placeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = existing ? toUnitView(existing, await memberCountOf(tx, existing), this.env.FORMATION_MIN_MEMBERS) : undefined;
      const unit = existing ?? Object.assign(new Unit(), { id: randomUUID(), placeId: dto.placeId, nodeCode: grid.code, path: grid.path, createdAt: new Date() });
      unit.nonPublic = dto.nonPublic;
      unit.partyMemberCount = dto.partyMemberCount;
      unit.shouldHaveBranchOverride = dto.shouldHaveBranch ?? null;
      tx.persist(unit);
      const view = toUnitView(unit, await memberCountOf(tx, unit), this.env.FORMATION_MIN_MEMBERS);
      this.events.record(tx, VolunteersEvents.unitChanged, unit.id, { ...view, by: caller.id }, before, view);
      return view;
    });
  }

  async create(caller: Caller, dto: CreateOrganisationDto): Promise<OrganisationView> {
    assertAllowed(isManagerAnywhere(caller), MANAGERS_ONLY);
    if (!dto.nodeCode && !dto.hostUnitId) throw ServiceError.validation([{ field: 'nodeCode', reason: 'give nodeCode or hostUnitId' }], 'An organisation needs a node or a host unit.');
    const em = this.orm.em.fork();
    const unit = dto.hostUnitId ? await em.findOne(Unit, { placeId: dto.hostUnitId }) : null;
    if (dto.hostUnitId && (!unit || !canSee(caller, unit.path))) {
      throw new ServiceError(ErrorCode.Unprocessable, `Unit ${dto.hostUnitId} is not registered in your area.`, [
        { field: 'hostUnitId', reason: 'unit not registered (POST /volunteers/units first)' },
      ]);
    }
    const node = dto.nodeCode ? await this.registry.node(dto.nodeCode, 'nodeCode') : { code: (unit as Unit).nodeCode, path: (unit as Unit).path };
    assertAllowed(mayManage(caller, node.path), MANAGERS_ONLY);
    if (dto.parentId) {
      const parent = await em.findOne(Organisation, { id: dto.parentId });
      if (!parent || !canSee(caller, parent.path))
        throw new ServiceError(ErrorCode.Unprocessable, `Organisation ${dto.parentId} does not exist in your area.`, [{ field: 'parentId', reason: 'unknown organisation' }]);
    }
    const org = Object.assign(new Organisation(), {
      id: randomUUID(),
      name: dto.name,
      kind: dto.kind,
      hostUnitId: dto.hostUnitId ?? null,
      parentId: dto.parentId ?? null,
      nodeCode: node.code,
      path: node.path,
      formedOn: dto.formedOn,
      status: 'active' as const,
      createdAt: new Date(),
    });
    await em.transactional(async (tx) => {
      tx.persist(org);
      this.events.record(tx, VolunteersEvents.organisationChanged, org.id, await this.changed(tx, org, 'formed', [], caller), undefined, toOrganisationView(org));
    });
    return toOrganisationView(org);
  }

  async list(caller: Caller, q: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const rows = await this.orm.em.fork().find(Organisation, q.under ? { path: { $contains: [q.under] } } : {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const visible = rows.filter((o) => canSee(caller, o.path));
    return { items: visible.slice(offset, offset + limit).map(toOrganisationView), total: visible.length, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<OrganisationView> {
    return toOrganisationView(await this.visible(this.orm.em.fork(), caller, id));
  }

  /** An organisation the caller sees, or 404 naming no more than the id. */
  async visible(em: EntityManager, caller: Caller, id: string, lock = false): Promise<Organisation> {
    const org = await em.findOne(Organisation, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!org || !canSee(caller, org.path)) throw new ServiceError(ErrorCode.NotFound, `Organisation ${id} does not exist.`);
    return org;
  }

  async update(caller: Caller, req: UpdateOrganisationRequest): Promise<OrganisationView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const org = await this.visible(tx, caller, req.id, true);
      assertAllowed(mayManage(caller, org.path), MANAGERS_ONLY);
      const before = toOrganisationView(org);
      const fields: string[] = [];
      if (req.name !== undefined && req.name !== org.name) {
        org.name = req.name;
        fields.push('name');
      }
      if (req.status !== undefined && req.status !== org.status) {
        org.status = req.status;
        fields.push('status');
      }
      if (!fields.length) return before;
      const after = toOrganisationView(org);
      this.events.record(tx, VolunteersEvents.organisationChanged, org.id, await this.changed(tx, org, 'changed', fields, caller), before, after);
      return after;
    });
  }

  /** The formation rate of `node`'s subtree (default: the caller's node). */
  async formation(caller: Caller, q: FormationQuery): Promise<FormationView> {
    const code = q.node ?? caller.nodeScope;
    if (!code) throw ServiceError.validation([{ field: 'node', reason: 'required for a caller without a node scope' }], 'Name the node.');
    const node = await this.registry.node(code, 'node');
    if (!canSee(caller, node.path)) throw new ServiceError(ErrorCode.NotFound, `Node ${code} does not exist.`);
    const em = this.orm.em.fork();
    const units = await em.find(Unit, { path: { $contains: [node.code] } });
    const rated = await Promise.all(units.map(async (u) => ({ ...u, partyMemberCount: await memberCountOf(em, u), hasBranch: (await this.activeHosted(em, u.placeId)) > 0 })));
    const min = this.env.FORMATION_MIN_MEMBERS;
    return { node: node.code, ...formationRate(rated, min), minMembers: min };
  }

  private activeHosted(em: EntityManager, placeId: string): Promise<number> {
    return em.count(Organisation, { hostUnitId: placeId, status: 'active' });
  }

  private async changed(em: EntityManager, o: Organisation, action: PartyOrganisationChangedV1['action'], fields: string[], caller: Caller): Promise<PartyOrganisationChangedV1> {
    const unit = o.hostUnitId ? await em.findOne(Unit, { placeId: o.hostUnitId }) : null;
    const should = unit ? shouldHaveBranch({ ...unit, partyMemberCount: await memberCountOf(em, unit) }, this.env.FORMATION_MIN_MEMBERS) : null;
    return {
      id: o.id,
      action,
      kind: o.kind,
      hostKind: o.hostUnitId ? 'unit' : 'node',
      hostUnitId: o.hostUnitId,
      shouldHaveBranch: should,
      parentId: o.parentId,
      status: o.status,
      formedOn: o.formedOn,
      changed: fields,
      nodeCode: o.nodeCode,
      path: o.path,
      by: caller.id,
    };
  }
}

/** Whether the caller could manage somewhere (checked before asking the registry). */
export function isManagerAnywhere(caller: Caller): boolean {
  return mayManage(caller, caller.nodeScope === null ? [] : [caller.nodeScope]);
}

export function toOrganisationView(o: Organisation): OrganisationView {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    hostKind: o.hostUnitId ? 'unit' : 'node',
    hostUnitId: o.hostUnitId,
    parentId: o.parentId,
    nodeCode: o.nodeCode,
    path: o.path,
    formedOn: o.formedOn,
    status: o.status,
    createdAt: o.createdAt.toISOString(),
  };
}
