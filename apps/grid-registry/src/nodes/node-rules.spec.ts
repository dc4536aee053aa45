import { NodeKind, NodeStatus } from '@citygrid/contracts/grid-registry';

import type { Boundary } from '@citygrid/geo';
import { checkNode, type ParentInfo } from './node-rules';

const square = (lng: number, lat: number, size: number): Boundary => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

const parents: Record<string, ParentInfo> = {
  '410100': { code: '410100', kind: NodeKind.City, gridLevel: null, status: NodeStatus.Active, boundary: square(113, 34, 1) },
  '410102005': { code: '410102005', kind: NodeKind.Subdistrict, gridLevel: 1, status: NodeStatus.Active, boundary: square(113.5, 34.5, 0.1) },
  '410102005001': { code: '410102005001', kind: NodeKind.Community, gridLevel: null, status: NodeStatus.Active, boundary: square(113.5, 34.5, 0.05) },
  '41010200500101': { code: '41010200500101', kind: NodeKind.Grid, gridLevel: 2, status: NodeStatus.Active, boundary: square(113.5, 34.5, 0.02) },
  '410102005002': { code: '410102005002', kind: NodeKind.Community, gridLevel: null, status: NodeStatus.Retired, boundary: square(113.55, 34.5, 0.05) },
};
const find = (code: string) => parents[code];

describe('checkNode', () => {
  it('accepts a level-3 grid inside its level-2 parent with a prefixed code', () => {
    const sut = checkNode({ code: '4101020050010101', kind: NodeKind.Grid, gridLevel: 3, parentCode: '41010200500101', boundary: square(113.5, 34.5, 0.01) }, find);
    expect(sut).toEqual({ invalid: [], unprocessable: [], gridLevel: 3 });
  });

  it('accepts a district sharing its city code prefix (GB/T 2260) and makes a subdistrict grid level 1', () => {
    expect(checkNode({ code: '410102', kind: NodeKind.District, parentCode: '410100', boundary: square(113.2, 34.2, 0.5) }, find).invalid).toEqual([]);
    const sut = checkNode({ code: '410102006', kind: NodeKind.Subdistrict, parentCode: '410102', boundary: square(113.5, 34.5, 0.1) }, () => ({
      ...parents['410100']!,
      code: '410102',
      kind: NodeKind.District,
    }));
    expect(sut.gridLevel).toBe(1);
    expect(sut.invalid).toEqual([]);
  });

  it('refuses a level-3 grid under a community', () => {
    const sut = checkNode({ code: '4101020050010101', kind: NodeKind.Grid, gridLevel: 3, parentCode: '410102005001', boundary: square(113.5, 34.5, 0.01) }, find);
    expect(sut.unprocessable).toEqual([expect.objectContaining({ field: 'parentCode', reason: expect.stringMatching(/must be a level-2 grid/) })]);
  });

  it('refuses a code that does not start with its parent code, and the wrong length', () => {
    const sut = checkNode({ code: '41010200600101', kind: NodeKind.Grid, gridLevel: 2, parentCode: '410102005001', boundary: square(113.5, 34.5, 0.01) }, find);
    expect(sut.invalid.map((e) => e.field)).toEqual(['code']);
    const short = checkNode({ code: '4101020050011', kind: NodeKind.Grid, gridLevel: 2, parentCode: '410102005001', boundary: square(113.5, 34.5, 0.01) }, find);
    expect(short.invalid.some((e) => e.field === 'code' && /14 digits/.test(e.reason))).toBe(true);
  });

  it('names an unknown or retired parent and a boundary outside the parent', () => {
    expect(checkNode({ code: '410102009001', kind: NodeKind.Community, parentCode: '410102009', boundary: square(113.5, 34.5, 0.01) }, find).unprocessable).toEqual([
      { field: 'parentCode', reason: 'unknown parent 410102009' },
    ]);
    const retired = checkNode({ code: '41010200500201', kind: NodeKind.Grid, gridLevel: 2, parentCode: '410102005002', boundary: square(113.55, 34.5, 0.01) }, find);
    expect(retired.unprocessable[0]?.reason).toMatch(/retired/);
    const outside = checkNode({ code: '41010200500102', kind: NodeKind.Grid, gridLevel: 2, parentCode: '410102005001', boundary: square(113.9, 34.9, 0.01) }, find);
    expect(outside.unprocessable).toEqual([{ field: 'boundary', reason: 'boundary lies outside its parent 410102005001' }]);
  });

  it('requires a grid level for grids and refuses one on a community; a city has no parent', () => {
    expect(checkNode({ code: '41010200500103', kind: NodeKind.Grid, parentCode: '410102005001', boundary: square(113.5, 34.5, 0.01) }, find).invalid.map((e) => e.field)).toContain('gridLevel');
    expect(checkNode({ code: '410102005003', kind: NodeKind.Community, gridLevel: 2, parentCode: '410102005', boundary: square(113.5, 34.5, 0.01) }, find).invalid.map((e) => e.field)).toContain(
      'gridLevel',
    );
    expect(checkNode({ code: '410100', kind: NodeKind.City, parentCode: '410100', boundary: square(113, 34, 1) }, find).invalid.map((e) => e.field)).toContain('parentCode');
  });

  it('prefixes fields for imports', () => {
    const sut = checkNode({ code: '410102009001', kind: NodeKind.Community, parentCode: '410102009', boundary: square(113.5, 34.5, 0.01) }, find, 'features[2].properties');
    expect(sut.unprocessable[0]?.field).toBe('features[2].properties.parentCode');
  });
});

describe('checkNode on a flood of bad positions', () => {
  it('reports a MultiPolygon of 400,000 non-ring values without exhausting the stack', () => {
    const polygon = new Array(1000).fill(1);
    const boundary = { type: 'MultiPolygon', coordinates: new Array(400).fill(polygon) } as unknown as Boundary;
    const sut = checkNode({ code: '410100', kind: NodeKind.City, boundary }, find);
    expect(sut.invalid).toHaveLength(400_000);
    expect(sut.invalid[0]).toEqual({ field: 'boundary.coordinates[0][0]', reason: 'ring must be an array of positions' });
  });
});
