import { randomUUID } from 'node:crypto';

import { assertAllowed } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import { VolunteersEvents, type EnrolMemberDto, type ListMembersQuery, type MemberView } from '@citygrid/contracts/volunteers';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { VOLUNTEERS_ENV, type VolunteersEnv } from '../config';
import { Member, Organisation, Unit } from '../entities';
import { canSee, mayManage } from '../shared/access';
import { RegistryClient } from '../shared/registry-client';
import { memberCountOf, toUnitView } from '../shared/units';
import { phoneContext, toMemberView } from './member-view';

const MANAGERS_ONLY = 'Only operators (and the system administrator) enrol the party members of their area.';

/** Party members: grid-registry residents (checked as the caller) in an organisation and their grid ("网格之中我先行"). */
@Injectable()
export class MembersService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
    private readonly cipher: FieldCipher,
    @Inject(VOLUNTEERS_ENV) private readonly env: VolunteersEnv,
  ) {}

  async enrol(caller: Caller, dto: EnrolMemberDto): Promise<MemberView> {
    const em = this.orm.em.fork();
    const org = await em.findOne(Organisation, { id: dto.organisationId });
    if (!org || !canSee(caller, org.path))
      throw new ServiceError(ErrorCode.Unprocessable, `Organisation ${dto.organisationId} does not exist in your area.`, [{ field: 'organisationId', reason: 'unknown organisation' }]);
    assertAllowed(mayManage(caller, org.path), MANAGERS_ONLY);
    const { resident, grid } = await this.registry.resident(dto.residentId, 'residentId');
    assertAllowed(mayManage(caller, grid.path), MANAGERS_ONLY);
    if (await em.count(Member, { residentId: dto.residentId })) {
      throw new ServiceError(ErrorCode.Conflict, `Resident ${dto.residentId} is already enrolled.`, [{ field: 'residentId', reason: 'already a party member' }]);
    }
    const id = randomUUID();
    const member = Object.assign(new Member(), {
      id,
      residentId: resident.id,
      name: resident.name,
      organisationId: org.id,
      gridCode: grid.code,
      path: grid.path,
      joinedOn: dto.joinedOn,
      phone: dto.phone ? this.cipher.encrypt(dto.phone, phoneContext(id)) : null,
      createdAt: new Date(),
    });
    await em.transactional(async (tx) => {
      // a unit's own members count for the formation rule: lock it, and tell when the rule's answer changes
      const unit = org.hostUnitId ? await tx.findOne(Unit, { placeId: org.hostUnitId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      const before = unit ? toUnitView(unit, await memberCountOf(tx, unit), this.env.FORMATION_MIN_MEMBERS) : null;
      tx.persist(member);
      this.events.record(
        tx,
        VolunteersEvents.memberEnrolled,
        member.id,
        { id, residentId: member.residentId, organisationId: org.id, gridCode: grid.code, joinedOn: member.joinedOn, path: grid.path, by: caller.id },
        undefined,
        { id, residentId: member.residentId, organisationId: org.id, gridCode: grid.code, joinedOn: member.joinedOn },
      );
      if (unit && before) {
        await tx.flush();
        const after = toUnitView(unit, await memberCountOf(tx, unit), this.env.FORMATION_MIN_MEMBERS);
        if (after.shouldHaveBranch !== before.shouldHaveBranch) this.events.record(tx, VolunteersEvents.unitChanged, unit.id, { ...after, by: caller.id }, before, after);
      }
    });
    return toMemberView(caller, member, this.cipher);
  }

  async list(caller: Caller, q: ListMembersQuery): Promise<Page<MemberView>> {
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const rows = await this.orm.em.fork().find(Member, q.organisation ? { organisationId: q.organisation } : {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const visible = rows.filter((m) => canSee(caller, m.path));
    return { items: visible.slice(offset, offset + limit).map((m) => toMemberView(caller, m, this.cipher)), total: visible.length, offset, limit };
  }

  async get(caller: Caller, id: string): Promise<MemberView> {
    const m = await this.orm.em.fork().findOne(Member, { id });
    if (!m || !canSee(caller, m.path)) throw new ServiceError(ErrorCode.NotFound, `Member ${id} does not exist.`);
    return toMemberView(caller, m, this.cipher);
  }
}
