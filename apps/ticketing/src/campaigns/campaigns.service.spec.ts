import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { NodeKind, type NodeView } from '@citygrid/contracts/grid-registry';
import { Role } from '@citygrid/contracts/identity';
import { CampaignEvents, CaseState, type CreateCampaignDto } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { clockAt, InMemoryDb, testCaller } from '@citygrid/testing';
import type { EntityManager } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';

import { aCase, CATEGORIES, GRID_PATH, NEIGHBOUR_PATH } from '../../test/fixtures';
import { Case } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import type { RegistryQueries } from '../shared/registry-queries';
import { Campaign } from './campaign.entity';
import { CampaignsService } from './campaigns.service';

const SUBDISTRICT = GRID_PATH.slice(0, 3);
const COMMUNITY = GRID_PATH.slice(0, 4);

/** Tuesday 2026-12-15, 10:00 in Zhengzhou. */
const NOW = '2026-12-15T02:00:00.000Z';

const subdistrictOperator = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT[2], name: '林山寨 operator' });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY[3] });
const neighbourOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: NEIGHBOUR_PATH[3] });

function setup() {
  const db = new InMemoryDb();
  db.insert(Category, ...CATEGORIES, { code: 'SF', parentCode: null, name: '安全生产', leaf: false }, { code: 'SF01', parentCode: 'SF', name: '消防通道', leaf: true });
  const nodes = new Map(
    [SUBDISTRICT, COMMUNITY, NEIGHBOUR_PATH.slice(0, 4), ['410100', '410103', '410103001']].map((path) => [
      path[path.length - 1]!,
      { code: path[path.length - 1]!, path, kind: NodeKind.Subdistrict } as unknown as NodeView,
    ]),
  );
  const registry: Pick<RegistryQueries, 'node'> = { node: async (code) => nodes.get(code) ?? Promise.reject(new ServiceError(ErrorCode.NotFound, `Node ${code} does not exist.`)) };
  const sut = new CampaignsService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, registry as RegistryQueries);
  return { db, sut };
}

const december = (over: Partial<CreateCampaignDto> = {}): CreateCampaignDto => ({
  name: '市容整治月',
  areaCode: SUBDISTRICT[2]!,
  categoryCodes: ['CM'],
  startsAt: '2026-11-30T16:00:00.000Z',
  endsAt: '2026-12-31T16:00:00.000Z',
  ...over,
});

const aCampaign = (over: Partial<Campaign> = {}): Partial<Campaign> => ({
  id: randomUUID(),
  name: 'x',
  areaCode: SUBDISTRICT[2]!,
  areaPath: SUBDISTRICT,
  categoryCodes: ['CM'],
  startsAt: new Date('2026-11-30T16:00:00.000Z'),
  endsAt: new Date('2026-12-31T16:00:00.000Z'),
  createdBy: 'x',
  createdById: 'x',
  ...over,
});

beforeEach(() => clockAt(NOW));
afterEach(() => jest.useRealTimers());

describe('CampaignsService', () => {
  describe('create', () => {
    it('starts a campaign over an area of the caller’s and records campaign.created with the area’s path', async () => {
      const { db, sut } = setup();
      const view = await sut.create(subdistrictOperator, december());
      expect(view).toMatchObject({ areaCode: SUBDISTRICT[2], areaPath: SUBDISTRICT, categoryCodes: ['CM'], createdBy: '林山寨 operator' });
      expect(db.events).toMatchObject([{ type: CampaignEvents.campaignCreated.type, subject: view.id, data: { areaCode: SUBDISTRICT[2], path: SUBDISTRICT, startsAt: '2026-11-30T16:00:00.000Z' } }]);
    });

    it('is for operators at subdistrict level or above: a community operator or grid staff get 403', async () => {
      const { sut } = setup();
      for (const caller of [communityOperator, testCaller({ roles: [Role.GridLeader], nodeScope: GRID_PATH[4] })]) {
        await expect(sut.create(caller, december({ areaCode: COMMUNITY[3]! }))).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      }
    });

    it('refuses an empty period (400 naming endsAt), an area outside the caller’s (404) and unknown categories (422 naming categoryCodes)', async () => {
      const { db, sut } = setup();
      await expect(sut.create(subdistrictOperator, december({ endsAt: '2026-11-30T16:00:00.000Z' }))).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'endsAt', reason: 'must be after startsAt' }],
      });
      await expect(sut.create(subdistrictOperator, december({ areaCode: '410103001' }))).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.create(subdistrictOperator, december({ categoryCodes: ['CM', 'ZZ9'] }))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'categoryCodes', reason: 'ZZ9 is not a category' }],
      });
      expect(db.rows(Campaign)).toEqual([]);
    });
  });

  describe('progress', () => {
    it('counts the cases reported in the area, under the campaign’s classes, within its period: found, closed, overdue and 办结率', async () => {
      const { db, sut } = setup();
      const [campaign] = db.insert(Campaign, aCampaign());
      const inDecember = new Date('2026-12-02T02:00:00.000Z');
      db.insert(
        Case,
        aCase({ createdAt: inDecember, state: CaseState.Closed }),
        aCase({ createdAt: inDecember, state: CaseState.Closed, gridPath: NEIGHBOUR_PATH }),
        aCase({ createdAt: inDecember, state: CaseState.Dispatched, deadline: new Date('2026-12-10T09:00:00.000Z') }),
        aCase({ createdAt: inDecember, state: CaseState.Accepted, deadline: new Date('2026-12-20T09:00:00.000Z') }),
        // not the campaign's: another subdistrict, another class, before the period
        aCase({ createdAt: inDecember, gridPath: ['410100', '410103', '410103001', '410103001001', '41010300100101', '4101030010010101'] }),
        aCase({ createdAt: inDecember, categoryCode: 'SF01' }),
        aCase({ createdAt: new Date('2026-11-30T15:59:59.000Z'), state: CaseState.Closed }),
      );
      await expect(sut.progress(communityOperator, campaign!.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.progress(subdistrictOperator, campaign!.id)).resolves.toEqual({ campaignId: campaign!.id, found: 4, closed: 2, overdue: 1, closureRate: 0.5, asOf: NOW });
    });

    it('gives no closure rate while nothing was found', async () => {
      const { db, sut } = setup();
      const [campaign] = db.insert(Campaign, aCampaign());
      await expect(sut.progress(subdistrictOperator, campaign!.id)).resolves.toMatchObject({ found: 0, closureRate: null });
    });
  });

  it('lists campaigns in the caller’s subtree, and only running ones when asked', async () => {
    const { db, sut } = setup();
    const [running, over] = db.insert(
      Campaign,
      aCampaign({ areaCode: COMMUNITY[3]!, areaPath: COMMUNITY }),
      aCampaign({ areaCode: COMMUNITY[3]!, areaPath: COMMUNITY, endsAt: new Date('2026-12-10T00:00:00.000Z') }),
      aCampaign({ areaCode: NEIGHBOUR_PATH[3]!, areaPath: NEIGHBOUR_PATH.slice(0, 4) }),
    );
    expect((await sut.list(communityOperator, {})).items.map((c) => c.id).sort()).toEqual([running!.id, over!.id].sort());
    expect((await sut.list(communityOperator, { status: 'active' })).items.map((c) => c.id)).toEqual([running!.id]);
    expect((await sut.list(subdistrictOperator, {})).total).toBe(3);
    await expect(sut.get(neighbourOperator, running!.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('tags a new case with the running campaigns over its area and class', async () => {
    const { db, sut } = setup();
    const [subdistrictWide, communityOnly] = db.insert(
      Campaign,
      aCampaign(),
      aCampaign({ areaCode: COMMUNITY[3]!, areaPath: COMMUNITY, categoryCodes: ['CM05'] }),
      aCampaign({ categoryCodes: ['SF'] }),
      aCampaign({ areaCode: NEIGHBOUR_PATH[3]!, areaPath: NEIGHBOUR_PATH.slice(0, 4) }),
      aCampaign({ endsAt: new Date('2026-12-10T00:00:00.000Z') }),
    );
    const ids = await sut.campaignIdsFor(db.orm.em.fork() as unknown as EntityManager, { gridPath: GRID_PATH, categoryCode: 'CM05', createdAt: new Date(NOW) });
    expect(ids.sort()).toEqual([subdistrictWide!.id, communityOnly!.id].sort());
  });
});
