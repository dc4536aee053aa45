import { randomUUID } from 'node:crypto';

import { inScope } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import {
  EmploymentEvents,
  PostingStatus,
  type CreateFairDto,
  type FairV1,
  type FairView,
  type ListFairsQuery,
  type RecordAttendanceRequest,
  type RecordOfferRequest,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Employer } from '../employers/employer.entities';
import { EmployersService } from '../employers/employers.service';
import { Seeker } from '../seekers/seeker.entity';
import { SeekersService } from '../seekers/seekers.service';
import { assertCanManage, assertCanRead, scopeFilter } from '../shared/access';
import { EmploymentException } from '../shared/employment.exception';
import { RegistryClient } from '../shared/registry-client';
import { dayOf } from '../shared/views';
import { Fair, FairOffer } from './fair.entities';

/** Job fairs 用工洽谈会 and campaign events (春风行动, 就业援助月): employers attending, seekers attending, offers made. */
@Injectable()
export class FairsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryClient,
    private readonly seekers: SeekersService,
    private readonly employers: EmployersService,
  ) {}

  async create(caller: Caller, dto: CreateFairDto): Promise<FairView> {
    assertCanManage(caller);
    const node = await this.registry.node(dto.nodeCode, 'nodeCode');
    if (!inScope(caller, node.path)) throw EmploymentException.unprocessable(`Node ${dto.nodeCode} does not exist in your area.`, [{ field: 'nodeCode', reason: `unknown node ${dto.nodeCode}` }]);
    const em = this.orm.em.fork();
    const employerIds = [...new Set(dto.employerIds ?? [])];
    await this.assertEmployers(em, caller, employerIds);
    const fair = Object.assign(new Fair(), {
      id: randomUUID(),
      kind: dto.kind,
      title: dto.title,
      date: dto.date,
      nodeCode: node.code,
      path: node.path,
      employerIds,
      seekerIds: [],
      createdAt: new Date(),
    });
    await em.transactional(async (tx) => {
      tx.persist(fair);
      this.events.record(tx, EmploymentEvents.fairScheduled, fair.id, eventOf(fair, [], null, caller), undefined, { ...eventOf(fair, [], null, caller), title: fair.title, employerIds });
    });
    return this.view(fair, []);
  }

  async list(caller: Caller, q: ListFairsQuery): Promise<Page<FairView>> {
    assertCanRead(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Fair>(caller, 'path', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<Fair>[] = [scope];
    if (q.kind) where.push({ kind: q.kind });
    if (q.year) where.push({ date: { $gte: `${q.year}-01-01`, $lte: `${q.year}-12-31` } });
    const em = this.orm.em.fork();
    const [items, total] = await em.findAndCount(Fair, { $and: where }, { orderBy: { date: 'desc', id: 'asc' }, offset, limit });
    const offers = items.length ? await em.find(FairOffer, { fairId: { $in: items.map((f) => f.id) } }, { orderBy: { createdAt: 'asc', id: 'asc' } }) : [];
    return {
      items: items.map((f) =>
        this.view(
          f,
          offers.filter((o) => o.fairId === f.id),
        ),
      ),
      total,
      offset,
      limit,
    };
  }

  async get(caller: Caller, id: string): Promise<FairView> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const fair = await this.load(em, caller, id);
    return this.view(fair, await this.offersOf(em, fair.id));
  }

  /** Adds the seekers to those attending; seekers already recorded are kept once. */
  async attendance(caller: Caller, req: RecordAttendanceRequest): Promise<FairView> {
    assertCanManage(caller);
    const em = this.orm.em.fork();
    const fair = await this.load(em, caller, req.id);
    const ids = [...new Set(req.seekerIds)];
    const found = await em.find(Seeker, { id: { $in: ids } });
    const visible = new Set(found.filter((s) => inScope(caller, s.path)).map((s) => s.id));
    const unknown = ids.findIndex((id) => !visible.has(id));
    if (unknown >= 0) throw EmploymentException.unprocessable(`Seeker ${ids[unknown]} does not exist in your area.`, [{ field: `seekerIds[${unknown}]`, reason: 'unknown seeker' }]);
    const added = ids.filter((id) => !fair.seekerIds.includes(id));
    if (added.length) {
      const before = { seekerIds: [...fair.seekerIds] };
      fair.seekerIds = [...fair.seekerIds, ...added];
      await em.transactional(async (tx) => {
        this.events.record(tx, EmploymentEvents.fairAttended, fair.id, eventOf(fair, added, null, caller), before);
      });
    }
    return this.view(fair, await this.offersOf(em, fair.id));
  }

  /** An offer at the fair: the seeker attended, the posting is open and its employer attends. Twice is a conflict. */
  async offer(caller: Caller, req: RecordOfferRequest): Promise<FairView> {
    assertCanManage(caller);
    const em = this.orm.em.fork();
    const fair = await this.load(em, caller, req.id);
    await this.seekers.load(em, caller, req.seekerId, 'seekerId');
    const posting = await this.employers.loadPosting(em, caller, req.postingId, 'postingId');
    if (!fair.seekerIds.includes(req.seekerId))
      throw EmploymentException.unprocessable('The seeker is not recorded as attending this fair.', [{ field: 'seekerId', reason: 'did not attend the fair' }]);
    if (!fair.employerIds.includes(posting.employerId))
      throw EmploymentException.unprocessable("The posting's employer does not attend this fair.", [{ field: 'postingId', reason: 'its employer does not attend the fair' }]);
    if (posting.status !== PostingStatus.Open) throw EmploymentException.unprocessable('The posting is closed.', [{ field: 'postingId', reason: 'the posting is closed' }]);
    const offer = Object.assign(new FairOffer(), { id: randomUUID(), fairId: fair.id, seekerId: req.seekerId, postingId: posting.id, employerId: posting.employerId, createdAt: new Date() });
    try {
      await em.transactional(async (tx) => {
        tx.persist(offer);
        this.events.record(tx, EmploymentEvents.fairOfferMade, fair.id, eventOf(fair, [req.seekerId], posting.id, caller));
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException)
        throw EmploymentException.conflict('This offer is already recorded at this fair.', [{ field: 'postingId', reason: 'already offered to this seeker here' }]);
      throw err;
    }
    return this.view(fair, await this.offersOf(em, fair.id));
  }

  private async assertEmployers(em: EntityManager, caller: Caller, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const found = await em.find(Employer, { id: { $in: ids } });
    const visible = new Set(found.filter((e) => inScope(caller, e.path)).map((e) => e.id));
    const unknown = ids.findIndex((id) => !visible.has(id));
    if (unknown >= 0) throw EmploymentException.unprocessable(`Employer ${ids[unknown]} does not exist in your area.`, [{ field: `employerIds[${unknown}]`, reason: 'unknown employer' }]);
  }

  private async load(em: EntityManager, caller: Caller, id: string): Promise<Fair> {
    const fair = await em.findOne(Fair, { id });
    if (!fair || !inScope(caller, fair.path)) throw EmploymentException.notFound('Fair', id);
    return fair;
  }

  private offersOf(em: EntityManager, fairId: string): Promise<FairOffer[]> {
    return em.find(FairOffer, { fairId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  private view(f: Fair, offers: FairOffer[]): FairView {
    return {
      id: f.id,
      kind: f.kind,
      title: f.title,
      date: dayOf(f.date),
      nodeCode: f.nodeCode,
      path: f.path,
      employerIds: f.employerIds,
      seekerIds: f.seekerIds,
      offers: offers.map((o) => ({ id: o.id, seekerId: o.seekerId, postingId: o.postingId, employerId: o.employerId, createdAt: o.createdAt.toISOString() })),
      createdAt: f.createdAt.toISOString(),
    };
  }
}

function eventOf(f: Fair, seekerIds: string[], postingId: string | null, caller: Caller): FairV1 {
  return { id: f.id, kind: f.kind, date: dayOf(f.date), nodeCode: f.nodeCode, path: f.path, seekerIds, postingId, by: caller.id };
}
