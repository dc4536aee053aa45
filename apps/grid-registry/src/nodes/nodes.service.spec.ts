import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryEvents, NodeKind, NodeStatus, type CreateNodeDto } from '@citygrid/contracts/grid-registry';
import { ApiScope, Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

import { CODES, plantTree, POINTS, square } from '../../test/fixtures';
import { GridNode } from './grid-node.entity';
import { NodesService } from './nodes.service';

const admin = testCaller({ roles: [Role.SystemAdmin] });
const subdistrictOperator = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: CODES.subdistrict });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.community });
const neighbourOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.neighbour });
const leader = testCaller({ roles: [Role.GridLeader], nodeScope: CODES.grid2 });
const reader = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: CODES.community, scopes: [ApiScope.RegistryRead] });
const caseClient = testCaller({ kind: 'client', roles: [Role.ApiClient], nodeScope: CODES.community, scopes: [ApiScope.CasesWrite] });

function setup() {
  const db = new InMemoryDb();
  const { nodes, gridIndex } = plantTree(db);
  const sut = new NodesService(db.orm as unknown as MikroORM, db.recorder as unknown as EventRecorder, gridIndex);
  return { db, sut, nodes, gridIndex };
}

/** A third level-3 grid of level-2 grid 41010200500101, east of grids A and B. */
const gridC = (over: Partial<CreateNodeDto> = {}): CreateNodeDto => ({
  code: '4101020050010103',
  name: '三号网格',
  kind: NodeKind.Grid,
  gridLevel: 3,
  parentCode: CODES.grid2,
  boundary: square(113.55, 34.575, 0.025),
  ...over,
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('nothing was thrown');
}

describe('NodesService', () => {
  describe('create', () => {
    it('adds a node beneath the operator’s own, records grid.created with its path, and point lookup finds it at once', async () => {
      const { db, sut, gridIndex } = setup();
      const view = await sut.create(communityOperator, gridC());
      expect(view).toMatchObject({
        code: '4101020050010103',
        gridLevel: 3,
        parentCode: CODES.grid2,
        depth: 5,
        path: [CODES.city, CODES.district, CODES.subdistrict, CODES.community, CODES.grid2, '4101020050010103'],
      });
      expect(db.events).toMatchObject([{ type: GridRegistryEvents.gridCreated.type, subject: view.id, data: { code: '4101020050010103', path: view.path, version: 1 } }]);
      expect(gridIndex.lookupView([113.56, 34.58])?.code).toBe('4101020050010103');
    });

    it('lets only the system administrator create a city', async () => {
      const { sut } = setup();
      const city = { code: '410300', name: '洛阳市', kind: NodeKind.City, boundary: square(112, 34, 0.5) };
      await expect(sut.create(testCaller({ roles: [Role.CityOperator], nodeScope: CODES.city }), city)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.create(admin, city)).resolves.toMatchObject({ depth: 0, path: ['410300'] });
    });

    it('refuses a node outside the operator’s area, at her own level, or by someone who is no operator (403)', async () => {
      const { db, sut } = setup();
      await expect(sut.create(neighbourOperator, gridC())).rejects.toMatchObject({ code: ErrorCode.Forbidden, message: expect.stringContaining('outside your area') });
      const community = { code: '410102005003', name: '三社区', kind: NodeKind.Community, parentCode: CODES.subdistrict, boundary: square(113.55, 34.65, 0.05) };
      await expect(sut.create(communityOperator, community)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.create(leader, gridC())).rejects.toMatchObject({ code: ErrorCode.Forbidden, message: 'Only operators change the tree.' });
      await expect(sut.create(subdistrictOperator, community)).resolves.toMatchObject({ code: '410102005003' });
      expect(db.rows(GridNode).map((n) => n.code)).not.toContain('4101020050010103');
    });

    it('answers tree rules with field errors: a code of the wrong shape (400), a boundary outside the parent or an unknown parent (422), a taken code (409)', async () => {
      const { db, sut } = setup();
      await expect(sut.create(communityOperator, gridC({ code: '41010200500101031' }))).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'code', reason: 'a grid of level 3 code has 16 digits' }],
      });
      await expect(sut.create(communityOperator, gridC({ code: '4101020050020103' }))).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ field: 'code' }] });
      await expect(sut.create(communityOperator, gridC({ boundary: square(113.6, 34.6, 0.025) }))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'boundary', reason: `boundary lies outside its parent ${CODES.grid2}` }],
      });
      await expect(sut.create(admin, gridC({ parentCode: '41010200500199', code: '4101020050019901' }))).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'parentCode', reason: 'unknown parent 41010200500199' }],
      });
      await expect(sut.create(communityOperator, gridC({ code: CODES.gridB, boundary: square(113.575, 34.55, 0.025) }))).rejects.toMatchObject({
        code: ErrorCode.Conflict,
        errors: [{ field: 'code', reason: `duplicate code ${CODES.gridB}` }],
      });
      expect(db.events).toEqual([]);
    });

    it('refuses a child of a retired node (422 naming parentCode)', async () => {
      const { sut, nodes } = setup();
      nodes.get(CODES.grid2)!.status = NodeStatus.Retired;
      await expect(sut.create(communityOperator, gridC())).rejects.toMatchObject({ code: ErrorCode.Unprocessable, errors: [{ field: 'parentCode', reason: `parent ${CODES.grid2} is retired` }] });
    });
  });

  describe('update', () => {
    it('renames a node and records grid.updated naming what changed; the same name again records nothing', async () => {
      const { db, sut } = setup();
      await expect(sut.update(communityOperator, CODES.gridA, { name: '一号网格' })).resolves.toMatchObject({ name: '一号网格' });
      await sut.update(communityOperator, CODES.gridA, { name: '一号网格' });
      expect(db.events).toMatchObject([{ type: GridRegistryEvents.gridUpdated.type, data: { code: CODES.gridA, changed: ['name'], name: '一号网格' } }]);
    });

    it('refuses a boundary that leaves a child outside or lies outside the parent (422 naming boundary), leaving the node as it was', async () => {
      const { db, sut, nodes } = setup();
      await expect(sut.update(communityOperator, CODES.grid2, { boundary: square(113.55, 34.55, 0.03) })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'boundary', reason: `children outside the new boundary: ${CODES.gridB}` }],
      });
      await expect(sut.update(communityOperator, CODES.gridA, { boundary: square(113.54, 34.55, 0.025) })).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'boundary', reason: `boundary lies outside its parent ${CODES.grid2}` }],
      });
      expect(nodes.get(CODES.grid2)!.boundary).toEqual(square(113.55, 34.55, 0.05));
      expect(db.events).toEqual([]);
    });

    it('changes only nodes strictly beneath the operator (403 at her own), answers 404 outside her area and 409 for a retired node', async () => {
      const { sut, nodes } = setup();
      await expect(sut.update(communityOperator, CODES.community, { name: 'x' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.update(communityOperator, CODES.neighbourGrid, { name: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
      nodes.get(CODES.gridA)!.status = NodeStatus.Retired;
      await expect(sut.update(communityOperator, CODES.gridA, { name: 'x' })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    });
  });

  describe('retire', () => {
    it('retires a node without active children: grid.retired recorded, and the point falls to its parent in lookups', async () => {
      const { db, sut, gridIndex } = setup();
      await expect(sut.retire(communityOperator, CODES.gridA, { reason: 'merged into B' })).resolves.toMatchObject({ status: NodeStatus.Retired });
      expect(db.events).toMatchObject([{ type: GridRegistryEvents.gridRetired.type, data: { code: CODES.gridA, reason: 'merged into B' } }]);
      expect(gridIndex.lookupView(POINTS.inA)?.code).toBe(CODES.grid2);
      await expect(sut.retire(communityOperator, CODES.gridA, { reason: 'again' })).rejects.toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('already retired') });
    });

    it('refuses to retire a node that still has active children (409)', async () => {
      const { db, sut } = setup();
      await expect(sut.retire(communityOperator, CODES.grid2, { reason: 'x' })).rejects.toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('2 active children') });
      expect(db.events).toEqual([]);
    });
  });

  describe('reads', () => {
    it('lists only the caller’s subtree, active nodes unless retired ones are asked for', async () => {
      const { sut, nodes } = setup();
      nodes.get(CODES.gridB)!.status = NodeStatus.Retired;
      expect((await sut.list(communityOperator, {})).items.map((n) => n.code)).toEqual([CODES.community, CODES.grid2, CODES.gridA]);
      expect((await sut.list(communityOperator, { includeRetired: 'true', gridLevel: 3 })).items.map((n) => n.code)).toEqual([CODES.gridA, CODES.gridB]);
      expect((await sut.list(subdistrictOperator, { under: CODES.neighbour })).items.map((n) => n.code)).toEqual([CODES.neighbour, CODES.neighbourGrid2, CODES.neighbourGrid]);
      expect((await sut.list(testCaller({ roles: [Role.Auditor] }), {})).total).toBe(0);
      expect((await sut.list(admin, {})).total).toBe(9);
    });

    it('lets API clients read only with registry:read, within their scope', async () => {
      const { sut } = setup();
      await expect(sut.list(caseClient, {})).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.get(reader, CODES.gridA)).resolves.toMatchObject({ code: CODES.gridA });
      await expect(sut.get(reader, CODES.neighbourGrid)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });

    it('answers 404 for a node outside the caller’s area, alike for its children', async () => {
      const { sut } = setup();
      await expect(sut.get(communityOperator, CODES.neighbour)).rejects.toMatchObject({ code: ErrorCode.NotFound, message: `Node ${CODES.neighbour} does not exist.` });
      await expect(sut.children(communityOperator, CODES.subdistrict)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      expect((await sut.children(communityOperator, CODES.grid2)).map((n) => n.code)).toEqual([CODES.gridA, CODES.gridB]);
    });

    it('gives a scoped caller the tree from her own node down', async () => {
      const { sut } = setup();
      const [root] = await sut.tree(communityOperator);
      expect(root).toMatchObject({ code: CODES.community, children: [{ code: CODES.grid2, children: [{ code: CODES.gridA }, { code: CODES.gridB }] }] });
      await expect(sut.tree(communityOperator, CODES.neighbour)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.tree(testCaller({ roles: [Role.GridMember] }))).resolves.toEqual([]);
    });
  });

  describe('lookup', () => {
    it('finds the deepest node containing a point, within the caller’s area only', async () => {
      const { sut } = setup();
      expect(sut.lookup(communityOperator, { lng: POINTS.inB[0], lat: POINTS.inB[1] })).toMatchObject({
        node: { code: CODES.gridB },
        path: [CODES.city, CODES.district, CODES.subdistrict, CODES.community, CODES.grid2, CODES.gridB],
      });
      expect(thrown(() => sut.lookup(communityOperator, { lng: POINTS.inNeighbour[0], lat: POINTS.inNeighbour[1] }))).toMatchObject({ code: ErrorCode.NotFound });
      expect(thrown(() => sut.lookup(admin, { lng: POINTS.nowhere[0], lat: POINTS.nowhere[1] }))).toMatchObject({ code: ErrorCode.NotFound });
    });

    it('resolves a point to its level-3 grid, or names the field when it lies in none', async () => {
      const { db, sut } = setup();
      const em = db.orm.em.fork() as unknown as EntityManager;
      await expect(sut.resolveGrid(em, POINTS.inA, 'location')).resolves.toMatchObject({ code: CODES.gridA });
      await expect(sut.resolveGrid(em, POINTS.communityOnly, 'location')).rejects.toMatchObject({
        code: ErrorCode.Unprocessable,
        errors: [{ field: 'location', reason: 'location is outside every level-3 grid' }],
      });
    });
  });
});
