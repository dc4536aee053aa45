import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryEvents, PlaceKind, UnitType, type RegisterPlaceDto } from '@citygrid/contracts/grid-registry';
import { ApiScope, Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { CODES, plantTree, POINTS } from '../../test/fixtures';
import { NodesService } from '../nodes/nodes.service';
import { Place } from './place.entity';
import { PlacesService } from './places.service';

const member = testCaller({ roles: [Role.GridMember], nodeScope: CODES.gridA });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.community });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: CODES.community });
const writer = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: CODES.community, scopes: [ApiScope.RegistryWrite] });
const reader = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: CODES.community, scopes: [ApiScope.RegistryRead] });

function setup() {
  const db = new InMemoryDb();
  const { nodes, gridIndex } = plantTree(db);
  const orm = db.orm as unknown as MikroORM;
  const events = db.recorder as unknown as EventRecorder;
  const sut = new PlacesService(orm, events, new NodesService(orm, events, gridIndex));
  return { db, sut, nodes };
}

const at = (p: [number, number]) => ({ type: 'Point' as const, coordinates: [...p] });
const household = (over: Partial<RegisterPlaceDto> = {}): RegisterPlaceDto => ({ kind: PlaceKind.Household, name: '3-2-401', address: '林山寨 3 号楼', location: at(POINTS.inA), members: 3, ...over });

describe('PlacesService', () => {
  describe('register', () => {
    it('files a place under the level-3 grid its point lies in and records place.registered with that grid’s path', async () => {
      const { db, sut, nodes } = setup();
      const view = await sut.register(member, household());
      expect(view).toMatchObject({ kind: PlaceKind.Household, gridCode: CODES.gridA, gridId: nodes.get(CODES.gridA)!.id, attributes: { members: 3 }, location: { coordinates: POINTS.inA } });
      expect(db.events).toMatchObject([
        { type: GridRegistryEvents.placeRegistered.type, subject: view.id, data: { gridCode: CODES.gridA, path: nodes.get(CODES.gridA)!.path, previousGridCode: null } },
      ]);
    });

    it('keeps only the attributes of the place’s kind', async () => {
      const { sut } = setup();
      await expect(sut.register(communityOperator, household({ kind: PlaceKind.Unit, members: 3, unitType: UnitType.Shop }))).resolves.toMatchObject({ attributes: { unitType: UnitType.Shop } });
      await expect(sut.register(communityOperator, household({ kind: PlaceKind.KeyLocation, unitType: UnitType.Shop, members: undefined }))).resolves.toMatchObject({ attributes: {} });
    });

    it('refuses a point outside the caller’s area (403) or outside every level-3 grid (422 naming location), storing nothing', async () => {
      const { db, sut } = setup();
      await expect(sut.register(member, household({ location: at(POINTS.inB) }))).rejects.toMatchObject({ code: ErrorCode.Forbidden, message: 'That location is outside your area.' });
      await expect(sut.register(communityOperator, household({ location: at(POINTS.communityOnly) }))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'location', reason: 'location is outside every level-3 grid' }],
      });
      expect(db.rows(Place)).toEqual([]);
    });

    it('is for grid staff, operators and clients with registry:write: auditors and read-only clients get 403', async () => {
      const { sut } = setup();
      await expect(sut.register(auditor, household())).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.register(reader, household())).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.register(writer, household())).resolves.toMatchObject({ gridCode: CODES.gridA });
    });
  });

  describe('move', () => {
    it('moves a place to the grid of its new point and records place.moved naming the grid it left', async () => {
      const { db, sut } = setup();
      const placed = await sut.register(communityOperator, household());
      const moved = await sut.move(communityOperator, placed.id, { location: at(POINTS.inB), address: '林山寨 5 号楼' });
      expect(moved).toMatchObject({ gridCode: CODES.gridB, address: '林山寨 5 号楼' });
      expect(db.eventsOf(GridRegistryEvents.placeMoved.type)).toMatchObject([{ data: { gridCode: CODES.gridB, previousGridCode: CODES.gridA, coordinates: POINTS.inB } }]);
    });

    it('does not move a place out of the caller’s area (403), and answers 404 for a place outside it', async () => {
      const { db, sut } = setup();
      const placed = await sut.register(member, household());
      await expect(sut.move(member, placed.id, { location: at(POINTS.inB) })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      expect(db.rows(Place)[0]).toMatchObject({ gridCode: CODES.gridA });
      await expect(sut.move(testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.neighbour }), placed.id, { location: at(POINTS.inNeighbour) })).rejects.toMatchObject({
        code: ErrorCode.NotFound,
      });
    });
  });

  describe('reads', () => {
    it('lists the places of the caller’s subtree, by kind, grid and name', async () => {
      const { db, sut, nodes } = setup();
      const place = (kind: PlaceKind, name: string, grid: string): Partial<Place> => ({
        id: randomUUID(),
        kind,
        name,
        address: name,
        lng: 0,
        lat: 0,
        gridId: nodes.get(grid)!.id,
        gridCode: grid,
        gridPath: nodes.get(grid)!.path,
        attributes: {},
      });
      db.insert(Place, place(PlaceKind.Household, '3-2-401', CODES.gridA), place(PlaceKind.Unit, '超市', CODES.gridB), place(PlaceKind.Household, '9-1-101', CODES.neighbourGrid));
      expect((await sut.list(communityOperator, {})).items.map((p) => p.name)).toEqual(['3-2-401', '超市']);
      expect((await sut.list(communityOperator, { kind: PlaceKind.Unit })).items.map((p) => p.name)).toEqual(['超市']);
      expect((await sut.list(communityOperator, { under: CODES.gridB })).total).toBe(1);
      expect((await sut.list(member, {})).items.map((p) => p.name)).toEqual(['3-2-401']);
      expect((await sut.list(reader, { q: '超' })).items.map((p) => p.name)).toEqual(['超市']);
      expect((await sut.list(testCaller({ roles: [Role.GridMember] }), {})).total).toBe(0);
    });
  });
});
