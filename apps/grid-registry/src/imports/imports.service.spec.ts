import { ErrorCode } from '@citygrid/contracts';
import { GridRegistryEvents, IMPORT_MAX_BYTES, ImportKind, ImportStatus, NodeKind, PlaceKind } from '@citygrid/contracts/grid-registry';
import { Role, type Caller } from '@citygrid/contracts/identity';
import type { Boundary } from '@citygrid/geo';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

import { CODES, plantTree, POINTS, square } from '../../test/fixtures';
import { NodesService } from '../nodes/nodes.service';
import { PlacesService } from '../places/places.service';
import { ImportJob } from './import-job.entity';
import { GridNode } from '../nodes/grid-node.entity';
import { Place } from '../places/place.entity';
import { ImportsService } from './imports.service';

const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.community });
const member = testCaller({ roles: [Role.GridMember], nodeScope: CODES.gridA });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: CODES.community });

function setup() {
  const db = new InMemoryDb();
  const { gridIndex } = plantTree(db);
  const orm = db.orm as unknown as MikroORM;
  const events = db.recorder as unknown as EventRecorder;
  const nodes = new NodesService(orm, events, gridIndex);
  const sut = new ImportsService(orm, events, nodes, new PlacesService(orm, events, nodes), gridIndex);
  /** Start an import and wait for it to finish; the job as it ended. */
  const run = async (caller: Caller, kind: ImportKind, content: string) => {
    const started = await sut.start(caller, { kind, content, fileName: 'file' });
    expect(started.status).toBe(ImportStatus.Running);
    await sut.settled();
    return sut.get(caller, started.id);
  };
  return { db, sut, run, gridIndex };
}

const feature = (properties: Record<string, unknown>, geometry: Boundary) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
/** A level-2 grid in community 001 (north of the existing one) and a level-3 grid inside it, child first. */
const NEW_GRIDS = [
  feature({ code: '4101020050010201', name: '新三级网格', kind: NodeKind.Grid, gridLevel: 3, parentCode: '41010200500102' }, square(113.55, 34.6, 0.025)),
  feature({ code: '41010200500102', name: '新二级网格', kind: NodeKind.Grid, gridLevel: 2, parentCode: CODES.community }, square(113.55, 34.6, 0.05)),
];

describe('ImportsService', () => {
  describe('grids', () => {
    it('imports a clean file, parents before children, with an event per node and import.completed; lookups find the new grids', async () => {
      const { db, run, gridIndex } = setup();
      const job = await run(communityOperator, ImportKind.Grids, collection(...NEW_GRIDS));
      expect(job).toMatchObject({ status: ImportStatus.Completed, total: 2, imported: 2, processed: 2, errors: [] });
      expect(db.rows(GridNode).find((n) => n.code === '4101020050010201')).toMatchObject({
        depth: 5,
        path: [CODES.city, CODES.district, CODES.subdistrict, CODES.community, '41010200500102', '4101020050010201'],
      });
      expect(db.events.map((e) => [e.type, e.data['code'] ?? e.data['imported']])).toEqual([
        [GridRegistryEvents.gridCreated.type, '41010200500102'],
        [GridRegistryEvents.gridCreated.type, '4101020050010201'],
        [GridRegistryEvents.importCompleted.type, 2],
      ]);
      expect(gridIndex.lookupView([113.56, 34.61])?.code).toBe('4101020050010201');
    });

    it('imports nothing when any row is bad, and lists each bad row with its line and field', async () => {
      const { db, run } = setup();
      const before = db.rows(GridNode).length;
      const job = await run(
        communityOperator,
        ImportKind.Grids,
        collection(
          ...NEW_GRIDS,
          feature({ code: '4101020050010301', name: 'x', kind: NodeKind.Grid, gridLevel: 2, parentCode: CODES.community }, square(113.6, 34.6, 0.04)),
          feature({ code: '41010200500202', name: 'x', kind: NodeKind.Grid, gridLevel: 2, parentCode: CODES.neighbour }, square(113.65, 34.6, 0.04)),
          'not a feature',
        ),
      );
      expect(job.status).toBe(ImportStatus.Failed);
      expect(job.imported).toBe(0);
      expect(job.errors).toEqual([
        { line: 3, field: 'features[2].properties.code', reason: 'a grid of level 2 code has 14 digits' },
        { line: 4, field: 'features[3].properties.parentCode', reason: `unknown parent ${CODES.neighbour}` },
        { line: 5, field: 'features[4]', reason: 'must be a Feature with properties' },
      ]);
      expect(db.rows(GridNode)).toHaveLength(before);
      expect(db.events).toEqual([]);
    });

    it('fails a file that is not JSON, or not a FeatureCollection, naming content', async () => {
      const { run } = setup();
      await expect(run(communityOperator, ImportKind.Grids, '{"type":')).resolves.toMatchObject({ status: ImportStatus.Failed, errors: [{ field: 'content' }] });
      await expect(run(communityOperator, ImportKind.Grids, '{"type":"Feature"}')).resolves.toMatchObject({
        status: ImportStatus.Failed,
        errors: [{ field: 'content', reason: 'a grid import is a GeoJSON FeatureCollection' }],
      });
    });
  });

  describe('places', () => {
    it('imports households into the level-3 grids of their points, with an event each', async () => {
      const { db, run } = setup();
      const job = await run(member, ImportKind.Households, csv(`林山寨 3 号楼,3,2,401,4,${POINTS.inA.join(',')}`, `林山寨 5 号楼,,,,,${POINTS.inA.join(',')}`));
      expect(job).toMatchObject({ status: ImportStatus.Completed, imported: 2 });
      expect(db.rows(Place).map((p) => [p.name, p.gridCode, p.kind, p.attributes['members']])).toEqual([
        ['林山寨 3 号楼 3-2-401', CODES.gridA, PlaceKind.Household, 4],
        ['林山寨 5 号楼', CODES.gridA, PlaceKind.Household, 1],
      ]);
      expect(db.eventsOf(GridRegistryEvents.placeRegistered.type)).toHaveLength(2);
    });

    it('imports no row when one lies outside the caller’s area or every grid, naming its line', async () => {
      const { db, run } = setup();
      const job = await run(member, ImportKind.Households, csv(`a,,,,,${POINTS.inA.join(',')}`, `b,,,,,${POINTS.inB.join(',')}`, `c,,,,,${POINTS.nowhere.join(',')}`, `d,,,,,x,34.5`));
      expect(job.status).toBe(ImportStatus.Failed);
      expect(job.errors).toEqual([
        { line: 3, field: 'lng,lat', reason: 'location is outside your area' },
        { line: 4, field: 'lng,lat', reason: 'location is outside every level-3 grid' },
        expect.objectContaining({ line: 5, field: 'lng,lat' }),
      ]);
      expect(db.rows(Place)).toEqual([]);
    });

    it('fails a file missing a required column, naming it', async () => {
      const { run } = setup();
      await expect(run(member, ImportKind.Units, 'name,address,lng,lat\nshop,x,113.56,34.56')).resolves.toMatchObject({
        status: ImportStatus.Failed,
        errors: [{ line: 1, field: 'unit_type', reason: 'missing column unit_type' }],
      });
    });
  });

  describe('start and follow', () => {
    it('lets only operators import grids and only field staff and operators import places (403)', async () => {
      const { db, sut } = setup();
      await expect(sut.start(member, { kind: ImportKind.Grids, content: collection() })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.start(auditor, { kind: ImportKind.Households, content: 'address,lng,lat' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      expect(db.rows(ImportJob)).toEqual([]);
    });

    it('refuses a file over the size limit with a 413 naming content, and a caller whose node does not exist', async () => {
      const { sut } = setup();
      await expect(sut.start(communityOperator, { kind: ImportKind.Grids, content: 'x'.repeat(IMPORT_MAX_BYTES + 1) })).rejects.toMatchObject({
        code: ErrorCode.PayloadTooLarge,
        errors: [{ field: 'content' }],
      });
      await expect(sut.start(testCaller({ roles: [Role.CommunityOperator], nodeScope: '410102005009' }), { kind: ImportKind.Grids, content: collection() })).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
      });
    });

    it('shows a job only within the area of the one who started it', async () => {
      const { sut, run } = setup();
      const job = await run(member, ImportKind.Households, csv(`a,,,,,${POINTS.inA.join(',')}`));
      await expect(sut.get(communityOperator, job.id)).resolves.toMatchObject({ status: ImportStatus.Completed });
      await expect(sut.get(testCaller({ roles: [Role.CommunityOperator], nodeScope: CODES.neighbour }), job.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });
  });
});

function csv(...rows: string[]): string {
  return ['address,building,unit,room,members,lng,lat', ...rows].join('\n');
}
