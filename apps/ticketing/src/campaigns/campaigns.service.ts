import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, hasAnyRole, isSystemAdmin } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { CampaignEvents, CaseState, SETTLED_CASE_STATES, type CampaignProgressView, type CampaignView, type CreateCampaignDto, type ListCampaignsQuery } from '@citygrid/contracts/ticketing';
import { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { assertStaff, emptyPage, paging, subtreeFilter } from '../shared/field-access';
import { RegistryQueries } from '../shared/registry-queries';
import { Case } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import { TicketingException } from '../shared/ticketing.exception';
import { Campaign } from './campaign.entity';
import { coversCategory, toProgress } from './progress';

/** Operators at subdistrict level or above start campaigns, within their area. */
const CAMPAIGN_ROLES: readonly Role[] = [Role.SubdistrictOperator, Role.DistrictOperator, Role.CityOperator];

/**
 * Campaigns 专项整治. A case belongs to a campaign when it was reported in the campaign's area,
 * under one of its categories, within its period: membership is a query, not a stored tag, so a
 * campaign started after the fact still counts the cases that match it.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly registry: RegistryQueries,
  ) {}

  async create(caller: Caller, dto: CreateCampaignDto): Promise<CampaignView> {
    assertStaff(caller);
    assertAllowed(isSystemAdmin(caller) || hasAnyRole(caller, CAMPAIGN_ROLES), 'Only operators at subdistrict level or above start campaigns.');
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw ServiceError.validation([{ field: 'endsAt', reason: 'must be after startsAt' }]);
    const area = await this.registry.node(dto.areaCode);
    assertInScope(caller, area.path, `Node ${dto.areaCode}`);
    const em = this.orm.em.fork();
    const known = await em.find(Category, { code: { $in: dto.categoryCodes } }, { fields: ['code'] });
    const unknown = dto.categoryCodes.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length)
      throw TicketingException.unprocessable(
        `Unknown categories: ${unknown.join(', ')}.`,
        unknown.map((c) => ({ field: 'categoryCodes', reason: `${c} is not a category` })),
      );
    const campaign = Object.assign(new Campaign(), {
      id: randomUUID(),
      name: dto.name,
      areaCode: area.code,
      areaPath: area.path,
      categoryCodes: dto.categoryCodes,
      startsAt,
      endsAt,
      createdBy: caller.name,
      createdById: caller.id,
      createdAt: new Date(),
    });
    await em.transactional(async (tx) => {
      tx.persist(campaign);
      this.events.record(tx, CampaignEvents.campaignCreated, campaign.id, {
        id: campaign.id,
        name: campaign.name,
        areaCode: campaign.areaCode,
        path: campaign.areaPath,
        categoryCodes: campaign.categoryCodes,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      });
    });
    return toCampaignView(campaign);
  }

  async get(caller: Caller, id: string): Promise<CampaignView> {
    return toCampaignView(await this.mustFind(caller, this.orm.em.fork(), id));
  }

  async list(caller: Caller, q: ListCampaignsQuery): Promise<Page<CampaignView>> {
    assertStaff(caller);
    const { offset, limit } = paging(q);
    const now = new Date();
    const scope = subtreeFilter<Campaign>(caller, 'areaPath', q.under);
    if (!scope) return emptyPage({ offset, limit });
    const where = { $and: [scope, q.status === 'active' ? { startsAt: { $lte: now }, endsAt: { $gt: now } } : {}] };
    const [items, total] = await this.orm.em.fork().findAndCount(Campaign, where, { orderBy: { startsAt: 'desc', id: 'asc' }, offset, limit });
    return { items: items.map(toCampaignView), total, offset, limit };
  }

  /** Found / closed / overdue now, and the closure rate 办结率, computed from the case table. */
  async progress(caller: Caller, id: string): Promise<CampaignProgressView> {
    const em = this.orm.em.fork();
    const campaign = await this.mustFind(caller, em, id);
    const now = new Date();
    const base = campaignCases(campaign);
    const [found, closed, overdue] = await Promise.all([
      em.count(Case, base),
      em.count(Case, { $and: [base, { state: CaseState.Closed }] }),
      em.count(Case, { $and: [base, { state: { $nin: [...SETTLED_CASE_STATES] }, deadline: { $lt: now } }] }),
    ]);
    return toProgress(campaign.id, { found, closed, overdue }, now);
  }

  /**
   * Ids of the campaigns a case reported now belongs to: for intake or any reader that wants to
   * tag a case as it is created.
   */
  async campaignIdsFor(em: EntityManager, kase: { gridPath: readonly string[]; categoryCode: string; createdAt: Date }): Promise<string[]> {
    const running = await em.find(Campaign, { areaCode: { $in: [...kase.gridPath] }, startsAt: { $lte: kase.createdAt }, endsAt: { $gt: kase.createdAt } });
    return running.filter((c) => coversCategory(c.categoryCodes, kase.categoryCode)).map((c) => c.id);
  }

  private async mustFind(caller: Caller, em: EntityManager, id: string): Promise<Campaign> {
    assertStaff(caller);
    const campaign = await em.findOne(Campaign, { id });
    if (!campaign) throw TicketingException.notFound('Campaign', id);
    assertInScope(caller, campaign.areaPath, `Campaign ${id}`);
    return campaign;
  }
}

/** The cases of a campaign: its area, its categories (by prefix: a class covers its sub-classes), its period. */
function campaignCases(c: Campaign): FilterQuery<Case> {
  return {
    gridPath: { $contains: [c.areaCode] },
    createdAt: { $gte: c.startsAt, $lt: c.endsAt },
    $or: c.categoryCodes.map((code) => ({ categoryCode: { $like: `${code}%` } })),
  };
}

export function toCampaignView(c: Campaign): CampaignView {
  return {
    id: c.id,
    name: c.name,
    areaCode: c.areaCode,
    areaPath: c.areaPath,
    categoryCodes: c.categoryCodes,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
  };
}
