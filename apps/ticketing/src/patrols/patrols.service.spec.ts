import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { NodeKind, NodeStatus, PlaceKind, type NodeView, type PlaceView } from '@citygrid/contracts/grid-registry';
import { ApiScope, Role, type Caller } from '@citygrid/contracts/identity';
import { CaseSource, PatrolEvents, type CreateCaseDto, type CreatedCaseView } from '@citygrid/contracts/ticketing';
import type { EventRecorder } from '@citygrid/persistence';
import { ServiceError } from '@citygrid/service-kit';
import { clockAt, InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import type { CasesService } from '../cases/cases.service';
import type { RegistryQueries } from '../shared/registry-queries';
import { Patrol, Visit } from './field-log.entities';
import { PatrolsService } from './patrols.service';

const COMMUNITY = ['410100', '410102', '410102005', '410102005001'];
const GRID_A = [...COMMUNITY, '41010200500101', '4101020050010101'];
const GRID_B = [...COMMUNITY, '41010200500101', '4101020050010102'];
const NEIGHBOUR_GRID = ['410100', '410102', '410102005', '410102005002', '41010200500201', '4101020050020101'];

/** Thursday 2026-12-03, 20:00 in Zhengzhou. */
const NOW = '2026-12-03T12:00:00.000Z';

const node = (path: string[], over: Partial<NodeView> = {}): NodeView =>
  ({ code: path[path.length - 1]!, name: `node ${path[path.length - 1]}`, path, kind: NodeKind.Grid, gridLevel: 3, status: NodeStatus.Active, ...over }) as NodeView;
const place = (id: string, kind: PlaceKind, grid: string[]): PlaceView =>
  ({ id, kind, name: `${kind} ${id}`, address: `${id} road`, gridCode: grid[grid.length - 1]!, location: { type: 'Point', coordinates: [113.6, 34.77] } }) as PlaceView;

const HOUSEHOLD = randomUUID();
const UNIT = randomUUID();
const KEY_A = randomUUID();
const KEY_B = randomUUID();

function setup() {
  const db = new InMemoryDb();
  const nodes = new Map<string, NodeView>(
    [
      node(COMMUNITY, { kind: NodeKind.Community, gridLevel: null }),
      node(GRID_A),
      node(GRID_B),
      node(NEIGHBOUR_GRID),
      node(GRID_A.slice(0, 5), { gridLevel: 2 }),
      node([...COMMUNITY, '41010200500101', '4101020050010199'], { status: NodeStatus.Retired }),
    ].map((n) => [n.code, n]),
  );
  const places = new Map<string, PlaceView>(
    [place(HOUSEHOLD, PlaceKind.Household, GRID_A), place(UNIT, PlaceKind.Unit, GRID_A), place(KEY_A, PlaceKind.KeyLocation, GRID_A), place(KEY_B, PlaceKind.KeyLocation, GRID_B)].map((p) => [
      p.id,
      p,
    ]),
  );
  const missing = (what: string, key: string) => new ServiceError(ErrorCode.NotFound, `${what} ${key} does not exist.`);
  // The registry applies its own scope too; this one answers anybody, so the service's own checks are what is tested.
  const registry: Pick<RegistryQueries, 'node' | 'place' | 'level3Grids' | 'keyLocations'> = {
    node: async (code) => nodes.get(code) ?? Promise.reject(missing('Node', code)),
    place: async (id) => places.get(id) ?? Promise.reject(missing('Place', id)),
    level3Grids: async (code) => [...nodes.values()].filter((n) => n.path.includes(code) && n.gridLevel === 3 && n.status === NodeStatus.Active),
    keyLocations: async (code) => [...places.values()].filter((p) => p.kind === PlaceKind.KeyLocation && nodes.get(p.gridCode)!.path.includes(code)),
  };
  const raised: Array<{ caller: Caller; dto: CreateCaseDto }> = [];
  const cases: Pick<CasesService, 'create'> = {
    create: async (caller, dto) => (raised.push({ caller, dto }), { id: randomUUID(), number: 'CM05-20261203-0001' } as CreatedCaseView),
  };
  const sut = new PatrolsService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, registry as RegistryQueries, cases as CasesService);
  return { db, sut, raised };
}

const member = testCaller({ roles: [Role.GridMember], nodeScope: GRID_A[5], name: '王网格', staffId: randomUUID() });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: '410102005001' });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: '410102005' });
const client = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: '410102005', scopes: [ApiScope.CasesWrite] });

const patrolOf = (gridCode: string, startedAt: string, endedAt: string) => ({ gridCode, startedAt, endedAt });

beforeEach(() => clockAt(NOW));
afterEach(() => jest.useRealTimers());

describe('PatrolsService', () => {
  describe('logPatrol', () => {
    it('logs a patrol of the caller’s grid on the city day it started, and records patrol.logged', async () => {
      const { db, sut } = setup();
      // 07:30 on 3 December in Zhengzhou is still 2 December in UTC.
      const view = await sut.logPatrol(member, {
        ...patrolOf(GRID_A[5]!, '2026-12-02T23:30:00.000Z', '2026-12-03T01:00:00.000Z'),
        track: {
          type: 'LineString',
          coordinates: [
            [113.6, 34.77],
            [113.61, 34.77],
          ],
        },
      });
      expect(view).toMatchObject({ gridCode: GRID_A[5], gridPath: GRID_A, day: '2026-12-03', staffName: '王网格', staffId: member.staffId });
      expect(db.rows(Patrol)).toHaveLength(1);
      expect(db.events).toMatchObject([{ type: PatrolEvents.patrolLogged.type, subject: view.id, data: { gridCode: GRID_A[5], path: GRID_A, day: '2026-12-03', hasTrack: true } }]);
    });

    it('is for staff in the field: API clients and auditors get 403', async () => {
      const { sut } = setup();
      for (const caller of [client, auditor])
        await expect(sut.logPatrol(caller, patrolOf(GRID_A[5]!, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'))).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });

    it('answers 404 for a grid outside the caller’s area and 422 naming gridCode for a node that is no active level-3 grid', async () => {
      const { db, sut } = setup();
      await expect(sut.logPatrol(communityOperator, patrolOf(NEIGHBOUR_GRID[5]!, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'))).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.logPatrol(communityOperator, patrolOf('41010200500101', '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'gridCode', reason: 'must be a level-3 grid' }],
      });
      await expect(sut.logPatrol(communityOperator, patrolOf('4101020050010199', '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'gridCode', reason: 'is retired' }],
      });
      expect(db.rows(Patrol)).toEqual([]);
    });

    it('refuses times that end before they start or in the future, and track positions off the globe, naming each field', async () => {
      const { sut } = setup();
      await expect(sut.logPatrol(member, patrolOf(GRID_A[5]!, '2026-12-03T02:00:00Z', '2026-12-03T01:00:00Z'))).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'endedAt', reason: 'must not be before startedAt' }],
      });
      await expect(sut.logPatrol(member, patrolOf(GRID_A[5]!, '2026-12-03T11:00:00Z', '2026-12-03T13:00:00Z'))).rejects.toMatchObject({
        errors: [{ field: 'endedAt', reason: 'must not be in the future' }],
      });
      await expect(
        sut.logPatrol(member, {
          ...patrolOf(GRID_A[5]!, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'),
          track: {
            type: 'LineString',
            coordinates: [
              [113.6, 34.77],
              [213.6, 34.77],
            ],
          },
        }),
      ).rejects.toMatchObject({ errors: [{ field: 'track.coordinates[1]', reason: 'longitude must be within [-180, 180]' }] });
    });
  });

  describe('logVisit', () => {
    it('logs a visit to a household or key location of the grid, and records visit.logged', async () => {
      const { db, sut } = setup();
      await expect(sut.logVisit(member, { gridCode: GRID_A[5]!, placeId: HOUSEHOLD, visitedAt: '2026-12-03T02:00:00Z' })).resolves.toMatchObject({ placeKind: PlaceKind.Household, day: '2026-12-03' });
      expect(db.events).toMatchObject([{ type: PatrolEvents.visitLogged.type, data: { placeId: HOUSEHOLD, placeKind: PlaceKind.Household, gridCode: GRID_A[5] } }]);
    });

    it('refuses a place that is no household or key location, one in another grid (422 naming placeId), and a visit in the future (400)', async () => {
      const { db, sut } = setup();
      await expect(sut.logVisit(member, { gridCode: GRID_A[5]!, placeId: UNIT, visitedAt: '2026-12-03T02:00:00Z' })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'placeId', reason: 'is a unit' }],
      });
      await expect(sut.logVisit(communityOperator, { gridCode: GRID_A[5]!, placeId: KEY_B, visitedAt: '2026-12-03T02:00:00Z' })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'placeId', reason: 'is not in gridCode' }],
      });
      await expect(sut.logVisit(member, { gridCode: GRID_A[5]!, placeId: HOUSEHOLD, visitedAt: '2026-12-03T13:00:00Z' })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'visitedAt', reason: 'must not be in the future' }],
      });
      expect(db.rows(Visit)).toEqual([]);
    });
  });

  describe('reading logs', () => {
    it('lists and reads only the logs in the caller’s subtree', async () => {
      const { db, sut } = setup();
      const [mine, theirs] = db.insert(Patrol, aPatrol(GRID_A, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'), aPatrol(NEIGHBOUR_GRID, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'));
      expect((await sut.listPatrols(communityOperator, {})).items.map((p) => p.id)).toEqual([mine!.id]);
      expect((await sut.listPatrols(auditor, {})).total).toBe(2);
      await expect(sut.getPatrol(communityOperator, theirs!.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.listPatrols(testCaller({ roles: [Role.GridMember] }), {})).resolves.toMatchObject({ items: [], total: 0 });
      await expect(sut.listPatrols(client, {})).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });

    it('filters by city day and refuses a date that is not one (400 naming date)', async () => {
      const { db, sut } = setup();
      const [today] = db.insert(Patrol, aPatrol(GRID_A, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'), aPatrol(GRID_A, '2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z'));
      expect((await sut.listPatrols(member, { date: '2026-12-03' })).items.map((p) => p.id)).toEqual([today!.id]);
      await expect(sut.listPatrols(member, { date: '2026-02-31' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'date', reason: 'is not a calendar date' }] });
    });
  });

  describe('coverage', () => {
    it('names the level-3 grids without a patrol on the day; a patrol across midnight covers both days', async () => {
      const { db, sut } = setup();
      db.insert(Patrol, aPatrol(GRID_A, '2026-12-02T15:30:00Z', '2026-12-02T16:30:00Z'));
      await expect(sut.unpatrolled(communityOperator, { under: '410102005001', date: '2026-12-02' })).resolves.toMatchObject({ totalGrids: 2, items: [{ code: GRID_B[5] }] });
      await expect(sut.unpatrolled(communityOperator, { under: '410102005001', date: '2026-12-03' })).resolves.toMatchObject({ items: [{ code: GRID_B[5] }] });
      await expect(sut.unpatrolled(communityOperator, { under: '410102005001', date: '2026-12-04' })).resolves.toMatchObject({ items: [{ code: GRID_A[5] }, { code: GRID_B[5] }] });
    });

    it('answers 404 for coverage of a node outside the caller’s area', async () => {
      const { sut } = setup();
      await expect(sut.unpatrolled(member, { under: '410102005001' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it('lists key locations lacking a patrol of their grid or a visit of their own that day', async () => {
      const { db, sut } = setup();
      db.insert(Patrol, aPatrol(GRID_A, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'), aPatrol(GRID_B, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'));
      db.insert(Visit, aVisit(GRID_A, KEY_A, '2026-12-03'));
      await expect(sut.keyLocations(communityOperator, { under: '410102005001', date: '2026-12-03' })).resolves.toMatchObject({
        totalKeyLocations: 2,
        items: [{ placeId: KEY_B, patrolled: true, visited: false }],
      });
    });
  });

  describe('raiseCase', () => {
    it('raises a case from a visit through intake, as the caller, at the visited place when no location is given', async () => {
      const { db, sut, raised } = setup();
      const [visit] = db.insert(Visit, aVisit(GRID_A, HOUSEHOLD, '2026-12-03'));
      await sut.raiseCase(member, 'visit', { id: visit!.id, categoryCode: 'CM05', description: 'broken stair light' });
      expect(raised).toEqual([
        {
          caller: member,
          dto: {
            source: CaseSource.HouseholdVisit,
            categoryCode: 'CM05',
            description: 'broken stair light',
            location: { type: 'Point', coordinates: [113.6, 34.77] },
            address: `${HOUSEHOLD} road`,
            reporter: { name: '王网格' },
          },
        },
      ]);
    });

    it('needs a location and an address for a case from a patrol, naming both', async () => {
      const { db, sut, raised } = setup();
      const [patrol] = db.insert(Patrol, aPatrol(GRID_A, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'));
      await expect(sut.raiseCase(member, 'patrol', { id: patrol!.id, categoryCode: 'CM05', description: 'x' })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'location' }, { field: 'address' }],
      });
      await sut.raiseCase(member, 'patrol', { id: patrol!.id, categoryCode: 'CM05', description: 'x', location: { type: 'Point', coordinates: [113.6, 34.77] }, address: 'east gate' });
      expect(raised.map((r) => r.dto.source)).toEqual([CaseSource.Patrol]);
    });

    it('answers 404 for a log outside the caller’s area and 403 to auditors, raising nothing', async () => {
      const { db, sut, raised } = setup();
      const [theirs] = db.insert(Patrol, aPatrol(NEIGHBOUR_GRID, '2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z'));
      const located = { categoryCode: 'CM05', description: 'x', location: { type: 'Point' as const, coordinates: [113.6, 34.77] }, address: 'x' };
      await expect(sut.raiseCase(member, 'patrol', { id: theirs!.id, ...located })).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.raiseCase(auditor, 'patrol', { id: theirs!.id, ...located })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      expect(raised).toEqual([]);
    });
  });
});

function aPatrol(path: string[], startedAt: string, endedAt: string): Partial<Patrol> {
  const start = new Date(startedAt);
  return {
    id: randomUUID(),
    accountId: member.id,
    staffId: member.staffId,
    staffName: member.name,
    gridCode: path[path.length - 1]!,
    gridPath: path,
    day: new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
    startedAt: start,
    endedAt: new Date(endedAt),
    track: null,
    notes: null,
  };
}

function aVisit(path: string[], placeId: string, day: string): Partial<Visit> {
  return {
    id: randomUUID(),
    accountId: member.id,
    staffId: member.staffId,
    staffName: member.name,
    gridCode: path[path.length - 1]!,
    gridPath: path,
    placeId,
    placeKind: placeId === HOUSEHOLD ? PlaceKind.Household : PlaceKind.KeyLocation,
    day,
    visitedAt: new Date(`${day}T02:00:00Z`),
    notes: null,
  };
}
