import { randomUUID } from 'node:crypto';

import { assertInScope, seesPersonalData } from '@citygrid/auth';
import { ErrorCode, type Page } from '@citygrid/contracts';
import {
  HealthEvents,
  type CreateFollowUpDto,
  type FollowUpChangedV1,
  type HomeVisitFollowUpView,
  type ListFollowUpsQuery,
  type LogHomeVisitRequest,
  type UpdateFollowUpRequest,
} from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { ServiceError } from '@citygrid/service-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertManager, assertReader, assertVisitor, emptyPage, localToday, paging, subtreeFilter } from '../shared/access';
import { Registry } from '../shared/registry';
import { FollowUp, Visit, VISIT_NOTES_CONTEXT } from './follow-up.entities';
import { nextDue, standing } from './schedule';

/**
 * Home visits for the elderly and chronically ill: operators put residents (grid-registry ids) on
 * the follow-up list with their conditions and a visit interval; operators and grid staff log the
 * visits; the list answers who is due or overdue. Visit notes are kept encrypted and shown only
 * to callers who may see personal data.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: Registry,
    private readonly cipher: FieldCipher,
  ) {}

  async create(caller: Caller, dto: CreateFollowUpDto): Promise<HomeVisitFollowUpView> {
    assertManager(caller);
    const resident = await this.registry.resident(dto.residentId);
    const grid = await this.registry.node(resident.gridCode, 'residentId');
    assertInScope(caller, grid.path, `Resident ${dto.residentId}`);
    const em = this.orm.em.fork();
    if (await em.count(FollowUp, { residentId: resident.id }))
      throw new ServiceError(ErrorCode.Conflict, `Resident ${resident.id} is on the follow-up list already.`, [{ field: 'residentId', reason: 'already followed up' }]);
    const now = new Date();
    const today = localToday(now);
    const f = Object.assign(new FollowUp(), {
      id: randomUUID(),
      residentId: resident.id,
      nodeCode: grid.code,
      path: grid.path,
      conditions: dto.conditions,
      intervalDays: dto.intervalDays,
      active: true,
      lastVisitOn: null,
      nextDueOn: today,
      createdAt: now,
      updatedAt: now,
    });
    await em.transactional(async (tx) => {
      tx.persist(f);
      this.events.record(tx, HealthEvents.followUpEnrolled, f.id, payload(f));
    });
    return this.view(caller, f, []);
  }

  async get(caller: Caller, id: string): Promise<HomeVisitFollowUpView> {
    assertReader(caller);
    const em = this.orm.em.fork();
    const f = await this.find(caller, em, id);
    return this.view(caller, f, await em.find(Visit, { followUpId: f.id }, { orderBy: { date: 'desc', loggedAt: 'desc' } }));
  }

  /** The list in scope; `due=true`: only active ones due today or overdue, the most overdue first. */
  async list(caller: Caller, q: ListFollowUpsQuery): Promise<Page<HomeVisitFollowUpView>> {
    assertReader(caller);
    const { offset, limit } = paging(q);
    const scope = subtreeFilter<FollowUp>(caller, 'path', q.under);
    if (!scope) return emptyPage({ offset, limit });
    const filters: FilterQuery<FollowUp>[] = [scope];
    if (q.condition) filters.push({ conditions: { $contains: [q.condition] } });
    if (q.due === true) filters.push({ active: true, nextDueOn: { $lte: localToday() } });
    if (q.due === false) filters.push({ $or: [{ active: false }, { nextDueOn: { $gt: localToday() } }] });
    const [rows, total] = await this.orm.em.fork().findAndCount(FollowUp, { $and: filters }, { orderBy: { nextDueOn: 'asc', id: 'asc' }, offset, limit });
    return { items: rows.map((f) => this.view(caller, f, [])), total, offset, limit };
  }

  async update(caller: Caller, req: UpdateFollowUpRequest): Promise<HomeVisitFollowUpView> {
    assertManager(caller);
    const em = this.orm.em.fork();
    const f = await em.transactional(async (tx) => {
      const f = await this.find(caller, tx, req.id);
      const before = payload(f);
      if (req.conditions !== undefined) f.conditions = req.conditions;
      if (req.intervalDays !== undefined) f.intervalDays = req.intervalDays;
      if (req.active !== undefined) f.active = req.active;
      f.nextDueOn = nextDue(localToday(f.createdAt), f.lastVisitOn, f.intervalDays);
      f.updatedAt = new Date();
      this.events.record(tx, HealthEvents.followUpChanged, f.id, payload(f), before);
      return f;
    });
    return this.view(caller, f, await em.find(Visit, { followUpId: f.id }, { orderBy: { date: 'desc', loggedAt: 'desc' } }));
  }

  async logVisit(caller: Caller, req: LogHomeVisitRequest): Promise<HomeVisitFollowUpView> {
    assertVisitor(caller);
    if (req.date > localToday()) throw new ServiceError(ErrorCode.Unprocessable, 'A visit is logged once made.', [{ field: 'date', reason: 'may not be in the future' }]);
    const em = this.orm.em.fork();
    const f = await em.transactional(async (tx) => {
      const f = await this.find(caller, tx, req.id);
      if (!f.active) throw new ServiceError(ErrorCode.Conflict, `Follow-up ${f.id} is no longer active.`);
      const before = payload(f);
      tx.persist(
        Object.assign(new Visit(), {
          id: randomUUID(),
          followUpId: f.id,
          date: req.date,
          doctor: req.doctor,
          notes: req.notes ? this.cipher.encrypt(req.notes, VISIT_NOTES_CONTEXT) : null,
          loggedBy: caller.name,
          loggedById: caller.id,
          loggedAt: new Date(),
        }),
      );
      // a visit logged late (before the last one) does not move the schedule back
      if (!f.lastVisitOn || req.date > f.lastVisitOn) f.lastVisitOn = req.date;
      f.nextDueOn = nextDue(localToday(f.createdAt), f.lastVisitOn, f.intervalDays);
      f.updatedAt = new Date();
      this.events.record(tx, HealthEvents.visitLogged, f.id, payload(f), before);
      return f;
    });
    return this.view(caller, f, await em.find(Visit, { followUpId: f.id }, { orderBy: { date: 'desc', loggedAt: 'desc' } }));
  }

  private async find(caller: Caller, em: EntityManager, id: string): Promise<FollowUp> {
    const f = await em.findOne(FollowUp, { id });
    if (!f) throw new ServiceError(ErrorCode.NotFound, `Follow-up ${id} does not exist.`);
    assertInScope(caller, f.path, `Follow-up ${id}`);
    return f;
  }

  view(caller: Caller, f: FollowUp, visits: readonly Visit[]): HomeVisitFollowUpView {
    const full = seesPersonalData(caller);
    return {
      id: f.id,
      residentId: f.residentId,
      nodeCode: f.nodeCode,
      path: f.path,
      conditions: f.conditions,
      intervalDays: f.intervalDays,
      active: f.active,
      lastVisitOn: f.lastVisitOn,
      nextDueOn: f.nextDueOn,
      ...standing(f.active, f.nextDueOn, localToday()),
      visits: visits.map((v) => ({
        id: v.id,
        date: v.date,
        doctor: v.doctor,
        notes: v.notes && full ? this.cipher.decrypt(v.notes, VISIT_NOTES_CONTEXT) : null,
        loggedBy: v.loggedBy,
        loggedAt: v.loggedAt.toISOString(),
      })),
      createdAt: f.createdAt.toISOString(),
    };
  }
}

function payload(f: FollowUp): FollowUpChangedV1 {
  return { id: f.id, residentId: f.residentId, nodeCode: f.nodeCode, path: f.path, conditions: f.conditions, intervalDays: f.intervalDays, active: f.active, lastVisitOn: f.lastVisitOn };
}
