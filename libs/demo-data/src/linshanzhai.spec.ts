import type { Polygon } from 'geojson';
import { parse } from 'csv-parse/sync';
import {
  buildLinshanzhaiDataset,
  buildSyntheticGrids,
  creditCodeCheckChar,
  householdsCsv,
  interiorPointOf,
  orgCodeCheckChar,
  SUBDISTRICT_CODE,
  syntheticExtent,
  unitsCsv,
  type DemoNode,
  type LngLat,
} from './linshanzhai';

// Self-contained plain math: every demo boundary is an axis-aligned rectangle.
type Rect = [number, number, number, number];

function rectOf(boundary: Polygon): Rect {
  const ring = boundary.coordinates[0] ?? [];
  const xs = ring.map((p) => p[0] as number);
  const ys = ring.map((p) => p[1] as number);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Inside or on the border. */
function covers([w, s, e, n]: Rect, [x, y]: LngLat): boolean {
  return x >= w && x <= e && y >= s && y <= n;
}

function strictlyInside([w, s, e, n]: Rect, [x, y]: LngLat): boolean {
  return x > w && x < e && y > s && y < n;
}

function area([w, s, e, n]: Rect): number {
  return (e - w) * (n - s);
}

describe('buildLinshanzhaiDataset', () => {
  const sut = buildLinshanzhaiDataset;
  const dataset = sut();
  const byCode = new Map(dataset.nodes.map((n) => [n.code, n]));
  const levelThree = dataset.nodes.filter((n) => n.gridLevel === 3);
  const levelThreeRects = levelThree.map((n) => ({ code: n.code, rect: rectOf(n.boundary) }));
  const gridsContaining = (point: LngLat): string[] => levelThreeRects.filter((g) => covers(g.rect, point)).map((g) => g.code);

  it('has the article figures: 1 level-1, 15 level-2 and 51 level-3 grids, 12 communities', () => {
    const count = (predicate: (n: DemoNode) => boolean): number => dataset.nodes.filter(predicate).length;
    expect(count((n) => n.gridLevel === 1)).toBe(1);
    expect(count((n) => n.gridLevel === 2)).toBe(15);
    expect(count((n) => n.gridLevel === 3)).toBe(51);
    expect(count((n) => n.kind === 'community')).toBe(12);
    expect(count((n) => n.kind === 'city')).toBe(1);
    expect(count((n) => n.kind === 'district')).toBe(1);
    expect(dataset.nodes).toHaveLength(1 + 1 + 1 + 12 + 15 + 51);
    expect(byCode.get(SUBDISTRICT_CODE)).toMatchObject({ name: '林山寨街道', kind: 'subdistrict', gridLevel: 1, parentCode: '410102' });
    expect(byCode.get('410102')).toMatchObject({ name: '中原区', parentCode: '410100' });
    expect(byCode.get('410100')).toMatchObject({ name: '郑州市', parentCode: null });
  });

  it('has unique codes, each starting with its parent code, with the right lengths and parent kinds', () => {
    expect(byCode.size).toBe(dataset.nodes.length);
    const expected: Record<string, { length: number; parentKind: string | null; parentLevel?: number | null }> = {
      city: { length: 6, parentKind: null },
      district: { length: 6, parentKind: 'city' },
      subdistrict: { length: 9, parentKind: 'district' },
      community: { length: 12, parentKind: 'subdistrict' },
    };
    for (const node of dataset.nodes) {
      const parent = node.parentCode === null ? undefined : byCode.get(node.parentCode);
      if (node.kind === 'grid') {
        expect(node.code).toHaveLength(node.gridLevel === 2 ? 14 : 16);
        expect(parent?.kind).toBe(node.gridLevel === 2 ? 'community' : 'grid');
        if (node.gridLevel === 3) expect(parent?.gridLevel).toBe(2);
      } else {
        expect(node.code).toHaveLength(expected[node.kind]?.length ?? -1);
        expect(parent?.kind ?? null).toBe(expected[node.kind]?.parentKind);
      }
      // GB/T 2260 pads the city code with 00 (410100): its districts start with its first 4 digits.
      const prefix = parent?.kind === 'city' ? parent.code.replace(/(00)+$/, '') : parent?.code;
      if (prefix !== undefined) expect(node.code.startsWith(prefix)).toBe(true);
    }
  });

  it('names grids after their community', () => {
    expect(byCode.get('41010200500101')?.name).toBe('林山寨社区第一网格');
    expect(byCode.get('41010200500102')?.name).toBe('林山寨社区第二网格');
    expect(byCode.get('4101020050010101')?.name).toBe('林山寨社区第一网格1号');
  });

  it('puts every boundary within its parent (vertex test)', () => {
    for (const node of dataset.nodes) {
      if (node.parentCode === null) continue;
      const parentRect = rectOf(byCode.get(node.parentCode)!.boundary);
      for (const p of node.boundary.coordinates[0]!) expect(covers(parentRect, [p[0]!, p[1]!])).toBe(true);
    }
  });

  it('tiles each parent exactly with its grid children (areas add up, no overlap)', () => {
    const parents = dataset.nodes.filter((n) => n.kind === 'subdistrict' || n.kind === 'community' || n.gridLevel === 2);
    for (const parent of parents) {
      const children = dataset.nodes.filter((n) => n.parentCode === parent.code);
      const sum = children.reduce((total, c) => total + area(rectOf(c.boundary)), 0);
      expect(sum).toBeCloseTo(area(rectOf(parent.boundary)), 12);
    }
  });

  it('has non-overlapping level-3 grids: each interior point falls in exactly one', () => {
    for (const grid of levelThree) {
      expect(gridsContaining(interiorPointOf(grid))).toEqual([grid.code]);
    }
  });

  it('places every household strictly inside its level-3 grid and no other', () => {
    expect(dataset.households).toHaveLength(300);
    for (const household of dataset.households) {
      const grid = byCode.get(household.gridCode)!;
      expect(grid.gridLevel).toBe(3);
      expect(strictlyInside(rectOf(grid.boundary), household.point)).toBe(true);
      expect(gridsContaining(household.point)).toEqual([household.gridCode]);
    }
    const grids = new Set(dataset.households.map((h) => h.gridCode));
    expect(grids.size).toBe(51);
  });

  it('has no personal numbers in households and unique rooms', () => {
    const rooms = new Set(dataset.households.map((h) => `${h.address}/${h.building}/${h.unit}/${h.room}`));
    expect(rooms.size).toBe(dataset.households.length);
    for (const h of dataset.households) {
      expect(h.headName).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(h.members).toBeGreaterThanOrEqual(1);
      expect(h.members).toBeLessThanOrEqual(5);
    }
  });

  it('places units and key locations strictly inside a level-3 grid', () => {
    expect(dataset.units.length).toBeGreaterThanOrEqual(55);
    expect(dataset.units.length).toBeLessThanOrEqual(65);
    expect(dataset.keyLocations).toHaveLength(20);
    for (const item of [...dataset.units, ...dataset.keyLocations]) {
      expect(strictlyInside(rectOf(byCode.get(item.gridCode)!.boundary), item.point)).toBe(true);
      expect(gridsContaining(item.point)).toEqual([item.gridCode]);
    }
    expect(dataset.units.filter((u) => u.name.endsWith('卫生服务站'))).toHaveLength(12);
    expect(new Set(dataset.units.map((u) => u.name)).size).toBe(dataset.units.length);
  });

  it('gives units plausible unified social credit codes with valid check characters', () => {
    const prefixes = { enterprise: '91', shop: '92', public_institution: '12', other: '51' };
    for (const unit of dataset.units) {
      expect(unit.creditCode).toMatch(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]$/);
      expect(unit.creditCode.slice(0, 2)).toBe(prefixes[unit.unitType]);
      expect(unit.creditCode.slice(2, 8)).toBe('410102');
      expect(orgCodeCheckChar(unit.creditCode.slice(8, 16))).toBe(unit.creditCode.charAt(16));
      expect(creditCodeCheckChar(unit.creditCode.slice(0, 17))).toBe(unit.creditCode.charAt(17));
    }
    expect(new Set(dataset.units.map((u) => u.creditCode)).size).toBe(dataset.units.length);
  });

  it('computes check characters as published (GB 32100 example code)', () => {
    // 91350100M000100Y43: a code printed in the GB 32100-2015 material as an example.
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('staffs every grid as the rules ask', () => {
    const roles = (nodeCode: string): string[] =>
      dataset.staff
        .filter((s) => s.nodeCode === nodeCode)
        .map((s) => s.role)
        .sort();
    for (const node of dataset.nodes) {
      if (node.gridLevel === 3) expect(roles(node.code)).toEqual(['grid_member', 'responsible_person']);
      if (node.gridLevel === 2) expect(roles(node.code)).toEqual(['grid_leader']);
      if (node.kind === 'community') expect(roles(node.code)).toEqual(['platform_operator']);
    }
    expect(roles(SUBDISTRICT_CODE)).toEqual(['platform_operator', 'platform_operator', 'supervisor', 'supervisor']);
    expect(new Set(dataset.staff.map((s) => s.name)).size).toBe(dataset.staff.length);
  });

  it('links the five departments to existing nodes', () => {
    expect(dataset.departments.map((d) => d.kind).sort()).toEqual(['city_management', 'market_regulation', 'police', 'quality_supervision', 'work_safety']);
    expect(dataset.departments.find((d) => d.kind === 'police')?.name).toContain('林山寨派出所');
    for (const department of dataset.departments) {
      expect(department.nodeCodes.length).toBeGreaterThan(0);
      for (const code of department.nodeCodes) expect(byCode.has(code)).toBe(true);
    }
  });

  it('is deterministic', () => {
    expect(sut()).toEqual(dataset);
    expect(householdsCsv(sut())).toBe(householdsCsv(dataset));
    expect(sut(7)).not.toEqual(dataset);
  });
});

describe('householdsCsv / unitsCsv', () => {
  const dataset = buildLinshanzhaiDataset();

  it('writes households with the agreed header, one row per household, parseable back', () => {
    const text = householdsCsv(dataset);
    expect(text.split('\n')[0]).toBe('address,building,unit,room,head_name,members,lng,lat');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(dataset.households.length);
    const first = dataset.households[0]!;
    expect(rows[0]).toEqual({
      address: first.address,
      building: first.building,
      unit: first.unit,
      room: first.room,
      head_name: first.headName,
      members: String(first.members),
      lng: String(first.point[0]),
      lat: String(first.point[1]),
    });
  });

  it('writes units with the agreed header and quotes fields that need it', () => {
    const text = unitsCsv({ units: [...dataset.units, { ...dataset.units[0]!, name: 'A, "B" Ltd' }] });
    expect(text.split('\n')[0]).toBe('name,unit_type,credit_code,address,lng,lat');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(dataset.units.length + 1);
    expect(rows.at(-1)?.['name']).toBe('A, "B" Ltd');
    expect(rows[0]?.['credit_code']).toBe(dataset.units[0]!.creditCode);
  });
});

describe('buildSyntheticGrids', () => {
  const sut = buildSyntheticGrids;

  it('tiles a 100 x 100 region with 10 000 unique square grids', () => {
    const grids = sut(10_000);
    expect(grids).toHaveLength(10_000);
    expect(new Set(grids.map((g) => g.code)).size).toBe(10_000);
    expect(new Set(grids.map((g) => g.id)).size).toBe(10_000);
    const extent = syntheticExtent(10_000);
    const total = grids.reduce((sum, g) => sum + area(rectOf(g.geometry)), 0);
    expect(total).toBeCloseTo(area(extent), 9);
    const outside = grids.filter((g) => !g.geometry.coordinates[0]!.every((p) => covers(extent, [p[0]!, p[1]!])));
    expect(outside).toEqual([]);
  });

  it('handles a count that is not a square and refuses a bad one', () => {
    expect(sut(10)).toHaveLength(10);
    expect(syntheticExtent(10)).toEqual([113.4, 34.6, 113.404, 34.603]);
    expect(sut(0)).toEqual([]);
    expect(() => sut(-1)).toThrow(RangeError);
  });
});
