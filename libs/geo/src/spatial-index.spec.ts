import type { MultiPolygon, Polygon } from 'geojson';
import type { LngLat } from './boundary';
import { GridSpatialIndex, type IndexedNode } from './spatial-index';

function rectRing(minX: number, minY: number, maxX: number, maxY: number): LngLat[] {
  return [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ];
}

function rect(minX: number, minY: number, maxX: number, maxY: number): Polygon {
  return { type: 'Polygon', coordinates: [rectRing(minX, minY, maxX, maxY)] };
}

function node(code: string, depth: number, geometry: Polygon | MultiPolygon): IndexedNode {
  return { id: `id-${code}`, code, depth, geometry };
}

/**
 * A small tree on a 0..2 x 0..2 plane: subdistrict (depth 1) → community (2) split into two
 * level-2 grids (3) west/east at x=1, the west one split into level-3 strips (4) at y=1.
 */
const subdistrict = node('410102005', 1, rect(0, 0, 2, 2));
const community = node('410102005001', 2, rect(0, 0, 2, 2));
const west = node('41010200500101', 3, rect(0, 0, 1, 2));
const east = node('41010200500102', 3, rect(1, 0, 2, 2));
const westSouth = node('4101020050010101', 4, rect(0, 0, 1, 1));
const westNorth = node('4101020050010102', 4, rect(0, 1, 1, 2));
const all = [subdistrict, community, west, east, westSouth, westNorth];

describe('GridSpatialIndex', () => {
  let sut: GridSpatialIndex;

  beforeEach(() => {
    sut = new GridSpatialIndex();
    sut.load(all);
  });

  it('counts what it holds', () => {
    expect(sut.size).toBe(6);
    expect(sut.has(west.id)).toBe(true);
  });

  it('returns the deepest node containing the point', () => {
    expect(sut.lookup([0.5, 0.5])?.code).toBe(westSouth.code);
    expect(sut.lookup([0.5, 1.5])?.code).toBe(westNorth.code);
    expect(sut.lookup([1.5, 0.5])?.code).toBe(east.code);
  });

  it('returns every containing node deepest first', () => {
    expect(sut.lookupAll([0.5, 0.5]).map((n) => n.code)).toEqual([westSouth.code, west.code, community.code, subdistrict.code]);
    expect(sut.lookupAll([1.5, 1.5]).map((n) => n.code)).toEqual([east.code, community.code, subdistrict.code]);
  });

  it('returns undefined (and no nodes) outside every boundary', () => {
    expect(sut.lookup([3, 3])).toBeUndefined();
    expect(sut.lookup([-0.000001, 1])).toBeUndefined();
    expect(sut.lookupAll([3, 3])).toEqual([]);
  });

  it('returns undefined for a non-finite point', () => {
    expect(sut.lookup([Number.NaN, 1])).toBeUndefined();
  });

  it('counts a point on the outer boundary as contained', () => {
    expect(sut.lookup([0, 0.5])?.code).toBe(westSouth.code);
    expect(sut.lookup([2, 2])?.code).toBe(east.code);
  });

  it('resolves a shared border between equal-depth nodes to the smallest code, whatever the insertion order', () => {
    const onStripBorder: LngLat = [0.5, 1];
    const onCorner: LngLat = [1, 1];
    const forward = new GridSpatialIndex();
    forward.load(all);
    const backward = new GridSpatialIndex();
    for (const n of [...all].reverse()) backward.upsert(n);
    for (const index of [forward, backward]) {
      expect(index.lookup(onStripBorder)?.code).toBe(westSouth.code);
      // The corner touches both level-3 strips (depth 4) and the east level-2 grid (depth 3): deepest wins first.
      expect(index.lookup(onCorner)?.code).toBe(westSouth.code);
      expect(index.lookupAll(onStripBorder).map((n) => n.code)).toEqual([westSouth.code, westNorth.code, west.code, community.code, subdistrict.code]);
    }
    // On the x=1 border only the two level-2 grids are at depth 3 there (no strip reaches y=1.5 on the east side).
    expect(forward.lookup([1, 1.5])?.code).toBe(westNorth.code);
    const levelTwoOnly = new GridSpatialIndex();
    levelTwoOnly.load([east, west]);
    expect(levelTwoOnly.lookup([1, 1.5])?.code).toBe(west.code);
  });

  it('does not count a point in a hole as inside, but counts the hole edge', () => {
    const donut = node('410102005002', 2, { type: 'Polygon', coordinates: [rectRing(10, 10, 20, 20), rectRing(14, 14, 16, 16).reverse()] });
    sut.upsert(donut);
    expect(sut.lookup([15, 15])).toBeUndefined();
    expect(sut.lookup([12, 12])?.code).toBe(donut.code);
    expect(sut.lookup([14, 15])?.code).toBe(donut.code);
  });

  it('indexes a MultiPolygon by all of its parts and not the gap between them', () => {
    const islands = node('410102005003', 2, {
      type: 'MultiPolygon',
      coordinates: [[rectRing(30, 30, 31, 31)], [rectRing(35, 35, 36, 36)]],
    });
    sut.upsert(islands);
    expect(sut.lookup([30.5, 30.5])?.code).toBe(islands.code);
    expect(sut.lookup([35.5, 35.5])?.code).toBe(islands.code);
    expect(sut.lookup([33, 33])).toBeUndefined();
  });

  it('replaces a node on upsert with the same id', () => {
    sut.upsert({ ...westSouth, geometry: rect(5, 5, 6, 6) });
    expect(sut.size).toBe(6);
    expect(sut.lookup([0.5, 0.5])?.code).toBe(west.code);
    expect(sut.lookup([5.5, 5.5])?.code).toBe(westSouth.code);
  });

  it('replaces already indexed ids on load', () => {
    sut.load([{ ...east, depth: 9 }]);
    expect(sut.size).toBe(6);
    expect(sut.lookup([1.5, 1])?.depth).toBe(9);
  });

  it('removes a node by id and clears', () => {
    expect(sut.remove(westSouth.id)).toBe(true);
    expect(sut.remove(westSouth.id)).toBe(false);
    expect(sut.size).toBe(5);
    expect(sut.lookup([0.5, 0.5])?.code).toBe(west.code);
    sut.clear();
    expect(sut.size).toBe(0);
    expect(sut.lookup([0.5, 0.5])).toBeUndefined();
  });

  it('refuses a node without a usable boundary', () => {
    expect(() => sut.upsert(node('x', 1, { type: 'Polygon', coordinates: [] }))).toThrow(RangeError);
  });
});
