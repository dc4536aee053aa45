import { randomUUID } from 'node:crypto';

import { inScope } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import {
  EmploymentEvents,
  PlacementStatus,
  SeekerStatus,
  type CancelPlacementRequest,
  type FollowUpDueView,
  type ListFollowUpsDueQuery,
  type ListPlacementsQuery,
  type PlacementV1,
  type PlacementView,
  type RecordFollowUpRequest,
  type RecordPlacementDto,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { type FilterQuery, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { EmployersService } from '../employers/employers.service';
import { Seeker } from '../seekers/seeker.entity';
import { SeekersService } from '../seekers/seekers.service';
import { assertCanManage, assertCanRead, scopeFilter } from '../shared/access';
import { EmploymentException } from '../shared/employment.exception';
import { dayOf } from '../shared/views';
import { followUpsOutstanding } from './months';
import { FollowUp, Placement } from './placement.entities';

/**
 * Placements 新增就业: recording one makes the seeker `placed` and counts towards the targets of
 * every node on the seeker's path; cancelling a mistaken one withdraws it (the seeker seeks
 * again). Follow-ups are due 3 and 6 months after.
 */
@Injectable()
export class PlacementsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly seekers: SeekersService,
    private readonly employers: EmployersService,
  ) {}

  async record(caller: Caller, dto: RecordPlacementDto): Promise<PlacementView> {
    assertCanManage(caller);
    if (dto.kind === 'employed' && dto.employerId === undefined) throw EmploymentException.invalid([{ field: 'employerId', reason: 'is required when kind is employed' }]);
    if (dto.kind === 'self_employed' && (dto.employerId !== undefined || dto.postingId !== undefined))
      throw EmploymentException.invalid([{ field: dto.employerId !== undefined ? 'employerId' : 'postingId', reason: 'must be left out when kind is self_employed' }]);
    const em = this.orm.em.fork();
    const seeker = await this.seekers.load(em, caller, dto.seekerId, 'seekerId');
    if (seeker.status === SeekerStatus.Placed) throw alreadyPlaced();
    const employer = dto.employerId === undefined ? null : await this.employers.loadEmployer(em, caller, dto.employerId, 'employerId');
    if (dto.postingId !== undefined) {
      const posting = await this.employers.loadPosting(em, caller, dto.postingId, 'postingId');
      if (employer === null || posting.employerId !== employer.id)
        throw EmploymentException.unprocessable("The posting is not the employer's.", [{ field: 'postingId', reason: 'is not a posting of employerId' }]);
    }
    const placement = Object.assign(new Placement(), {
      id: randomUUID(),
      seekerId: seeker.id,
      kind: dto.kind,
      date: dto.date,
      employerId: employer?.id ?? null,
      postingId: dto.postingId ?? null,
      nodeCode: seeker.nodeCode,
      path: seeker.path,
      categories: [...seeker.categories],
      status: PlacementStatus.Recorded,
      by: caller.id,
      createdAt: new Date(),
    });
    try {
      await em.transactional(async (tx) => {
        tx.persist(placement);
        this.events.record(tx, EmploymentEvents.placementRecorded, placement.id, eventOf(placement, caller));
        this.seekers.setStatus(tx, seeker, SeekerStatus.Placed, caller);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException || err instanceof OptimisticLockError) throw alreadyPlaced();
      throw err;
    }
    return this.view(placement, seeker, []);
  }

  async cancel(caller: Caller, req: CancelPlacementRequest): Promise<PlacementView> {
    assertCanManage(caller);
    const em = this.orm.em.fork();
    const placement = await this.load(em, caller, req.id);
    if (placement.status !== PlacementStatus.Recorded) throw EmploymentException.conflict('The placement is already cancelled.');
    const seeker = await em.findOneOrFail(Seeker, { id: placement.seekerId });
    const before = eventOf(placement, caller);
    placement.status = PlacementStatus.Cancelled;
    placement.cancelReason = req.reason;
    placement.cancelledAt = new Date();
    try {
      await em.transactional(async (tx) => {
        // the payload is the placement as it counted, so consumers take exactly that away
        this.events.record(tx, EmploymentEvents.placementCancelled, placement.id, { ...before, by: caller.id }, before, { ...before, by: caller.id, reason: req.reason });
        if (seeker.status === SeekerStatus.Placed) this.seekers.setStatus(tx, seeker, SeekerStatus.Seeking, caller);
      });
    } catch (err) {
      if (err instanceof OptimisticLockError) throw EmploymentException.conflict('The placement or its seeker was changed meanwhile: read it again and retry.');
      throw err;
    }
    return this.view(placement, seeker, await this.followUpsOf(em, placement.id));
  }

  async followUp(caller: Caller, req: RecordFollowUpRequest): Promise<PlacementView> {
    assertCanManage(caller);
    const em = this.orm.em.fork();
    const placement = await this.load(em, caller, req.id);
    if (placement.status !== PlacementStatus.Recorded) throw EmploymentException.conflict('A cancelled placement is not followed up.');
    if (req.date < dayOf(placement.date))
      throw EmploymentException.unprocessable('A follow-up comes after the placement.', [{ field: 'date', reason: `must be on or after ${dayOf(placement.date)}` }]);
    const f = Object.assign(new FollowUp(), {
      id: randomUUID(),
      placementId: placement.id,
      date: req.date,
      stillEmployed: req.stillEmployed,
      notes: req.notes ?? null,
      by: caller.id,
      createdAt: new Date(),
    });
    await em.transactional(async (tx) => {
      tx.persist(f);
      this.events.record(
        tx,
        EmploymentEvents.placementFollowedUp,
        placement.id,
        { id: f.id, placementId: placement.id, seekerId: placement.seekerId, date: f.date, stillEmployed: f.stillEmployed, nodeCode: placement.nodeCode, path: placement.path, by: caller.id },
        undefined,
        { id: f.id, placementId: placement.id, seekerId: placement.seekerId, date: f.date, stillEmployed: f.stillEmployed, notes: f.notes, nodeCode: placement.nodeCode, by: caller.id },
      );
    });
    const seeker = await em.findOneOrFail(Seeker, { id: placement.seekerId });
    return this.view(placement, seeker, await this.followUpsOf(em, placement.id));
  }

  async list(caller: Caller, q: ListPlacementsQuery): Promise<Page<PlacementView>> {
    assertCanRead(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Placement>(caller, 'path', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<Placement>[] = [scope];
    if (q.year) where.push({ date: { $gte: `${q.year}-01-01`, $lte: `${q.year}-12-31` } });
    if (q.status) where.push({ status: q.status });
    if (q.seekerId) where.push({ seekerId: q.seekerId });
    const em = this.orm.em.fork();
    const [items, total] = await em.findAndCount(Placement, { $and: where }, { orderBy: { date: 'desc', id: 'asc' }, offset, limit });
    const seekers = await this.seekersOf(em, items);
    const followUps = items.length ? await em.find(FollowUp, { placementId: { $in: items.map((p) => p.id) } }, { orderBy: { date: 'asc', id: 'asc' } }) : [];
    return {
      items: items.map((p) =>
        this.view(
          p,
          seekers.get(p.seekerId),
          followUps.filter((f) => f.placementId === p.id),
        ),
      ),
      total,
      offset,
      limit,
    };
  }

  async get(caller: Caller, id: string): Promise<PlacementView> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const placement = await this.load(em, caller, id);
    const seeker = await em.findOne(Seeker, { id: placement.seekerId });
    return this.view(placement, seeker ?? undefined, await this.followUpsOf(em, placement.id));
  }

  /** The follow-ups to do, soonest first: 3 and 6 months after each placement that counts, until one is recorded on or after the day. */
  async due(caller: Caller, q: ListFollowUpsDueQuery): Promise<Page<FollowUpDueView>> {
    assertCanRead(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Placement>(caller, 'path', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const em = this.orm.em.fork();
    const placements = await em.find(Placement, { $and: [scope, { status: PlacementStatus.Recorded }] }, { orderBy: { date: 'asc', id: 'asc' } });
    const followUps = placements.length ? await em.find(FollowUp, { placementId: { $in: placements.map((p) => p.id) } }) : [];
    const seekers = await this.seekersOf(em, placements);
    const all = placements
      .flatMap((p) =>
        followUpsOutstanding(
          dayOf(p.date),
          followUps.filter((f) => f.placementId === p.id).map((f) => dayOf(f.date)),
        ).map((due) => ({ placementId: p.id, seekerId: p.seekerId, seekerName: seekers.get(p.seekerId)?.name ?? '', nodeCode: p.nodeCode, placedOn: dayOf(p.date), ...due })),
      )
      .filter((d) => q.dueBy === undefined || d.dueDate <= q.dueBy)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.placementId.localeCompare(b.placementId));
    return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
  }

  private async load(em: EntityManager, caller: Caller, id: string): Promise<Placement> {
    const placement = await em.findOne(Placement, { id });
    if (!placement || !inScope(caller, placement.path)) throw EmploymentException.notFound('Placement', id);
    return placement;
  }

  private followUpsOf(em: EntityManager, placementId: string): Promise<FollowUp[]> {
    return em.find(FollowUp, { placementId }, { orderBy: { date: 'asc', id: 'asc' } });
  }

  private async seekersOf(em: EntityManager, placements: Placement[]): Promise<Map<string, Seeker>> {
    const ids = [...new Set(placements.map((p) => p.seekerId))];
    return new Map((ids.length ? await em.find(Seeker, { id: { $in: ids } }) : []).map((s) => [s.id, s]));
  }

  private view(p: Placement, seeker: Seeker | undefined, followUps: FollowUp[]): PlacementView {
    return {
      id: p.id,
      seekerId: p.seekerId,
      seekerName: seeker?.name ?? '',
      kind: p.kind,
      date: dayOf(p.date),
      employerId: p.employerId,
      postingId: p.postingId,
      nodeCode: p.nodeCode,
      path: p.path,
      categories: p.categories,
      status: p.status,
      cancelReason: p.cancelReason,
      followUps: followUps.map((f) => ({ id: f.id, date: dayOf(f.date), stillEmployed: f.stillEmployed, notes: f.notes, by: f.by })),
      createdAt: p.createdAt.toISOString(),
    };
  }
}

function eventOf(p: Placement, caller: Caller): PlacementV1 {
  return { id: p.id, seekerId: p.seekerId, kind: p.kind, date: dayOf(p.date), nodeCode: p.nodeCode, path: p.path, categories: p.categories, employerId: p.employerId, by: caller.id };
}

function alreadyPlaced(): EmploymentException {
  return EmploymentException.conflict('The seeker is already placed: cancel that placement first if it was a mistake.', [{ field: 'seekerId', reason: 'already placed' }]);
}
