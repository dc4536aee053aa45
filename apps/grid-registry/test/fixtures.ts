import { randomUUID } from 'node:crypto';

import { NodeKind, NodeStatus } from '@citygrid/contracts/grid-registry';
import { bbox, type Boundary } from '@citygrid/geo';
import { Subjects } from '@citygrid/messaging';
import type { InMemoryDb } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from 'nats';

import type { GridRegistryEnv } from '../src/config';
import { GridIndexService } from '../src/nodes/grid-index.service';
import { GridNode } from '../src/nodes/grid-node.entity';

/**
 * A small tree for grid-registry's service-level unit tests (`*.service.spec.ts`, over
 * `InMemoryDb` of `@citygrid/testing`): 郑州市 → 中原区 → 林山寨街道 with two communities, each
 * with a level-2 grid; community 001's has two level-3 grids (A, B), community 002's one (N).
 * Boundaries are nested squares in degrees.
 */
export const CODES = {
  city: '410100',
  district: '410102',
  subdistrict: '410102005',
  community: '410102005001',
  neighbour: '410102005002',
  grid2: '41010200500101',
  gridA: '4101020050010101',
  gridB: '4101020050010102',
  neighbourGrid2: '41010200500201',
  neighbourGrid: '4101020050020101',
} as const;

/** Points inside each level-3 grid, and one inside community 001 but in none of its grids. */
export const POINTS = {
  inA: [113.56, 34.56] as [number, number],
  inB: [113.585, 34.56] as [number, number],
  inNeighbour: [113.66, 34.56] as [number, number],
  communityOnly: [113.62, 34.62] as [number, number],
  nowhere: [120, 30] as [number, number],
};

/** An axis-aligned square polygon from `[x, y]` with side `size`. */
export function square(x: number, y: number, size: number): Boundary {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

const TREE: Array<{ code: string; kind: NodeKind; gridLevel: 1 | 2 | 3 | null; parent: string | null; boundary: Boundary }> = [
  { code: CODES.city, kind: NodeKind.City, gridLevel: null, parent: null, boundary: square(113, 34, 1) },
  { code: CODES.district, kind: NodeKind.District, gridLevel: null, parent: CODES.city, boundary: square(113.5, 34.5, 0.3) },
  { code: CODES.subdistrict, kind: NodeKind.Subdistrict, gridLevel: 1, parent: CODES.district, boundary: square(113.55, 34.55, 0.2) },
  { code: CODES.community, kind: NodeKind.Community, gridLevel: null, parent: CODES.subdistrict, boundary: square(113.55, 34.55, 0.1) },
  { code: CODES.neighbour, kind: NodeKind.Community, gridLevel: null, parent: CODES.subdistrict, boundary: square(113.65, 34.55, 0.1) },
  { code: CODES.grid2, kind: NodeKind.Grid, gridLevel: 2, parent: CODES.community, boundary: square(113.55, 34.55, 0.05) },
  { code: CODES.gridA, kind: NodeKind.Grid, gridLevel: 3, parent: CODES.grid2, boundary: square(113.55, 34.55, 0.025) },
  { code: CODES.gridB, kind: NodeKind.Grid, gridLevel: 3, parent: CODES.grid2, boundary: square(113.575, 34.55, 0.025) },
  { code: CODES.neighbourGrid2, kind: NodeKind.Grid, gridLevel: 2, parent: CODES.neighbour, boundary: square(113.65, 34.55, 0.05) },
  { code: CODES.neighbourGrid, kind: NodeKind.Grid, gridLevel: 3, parent: CODES.neighbourGrid2, boundary: square(113.65, 34.55, 0.025) },
];

/** The tree in `db`, and a spatial index holding it (as each replica's is, after its start). */
export function plantTree(db: InMemoryDb): { nodes: Map<string, GridNode>; gridIndex: GridIndexService } {
  const nodes = new Map<string, GridNode>();
  const gridIndex = new GridIndexService(db.orm as unknown as MikroORM, {} as NatsConnection, {} as GridRegistryEnv, new Subjects());
  for (const t of TREE) {
    const parent = t.parent ? nodes.get(t.parent)! : null;
    const [node] = db.insert(GridNode, {
      id: randomUUID(),
      code: t.code,
      name: `node ${t.code}`,
      nameEn: null,
      kind: t.kind,
      gridLevel: t.gridLevel,
      parentId: parent?.id ?? null,
      parentCode: parent?.code ?? null,
      depth: parent ? parent.depth + 1 : 0,
      path: parent ? [...parent.path, t.code] : [t.code],
      status: NodeStatus.Active,
      boundary: t.boundary,
      ...bounds(t.boundary),
      version: 1,
    });
    nodes.set(t.code, node!);
    gridIndex.apply(node!);
  }
  return { nodes, gridIndex };
}

function bounds(b: Boundary): Pick<GridNode, 'minLng' | 'minLat' | 'maxLng' | 'maxLat'> {
  const [minLng, minLat, maxLng, maxLat] = bbox(b);
  return { minLng, minLat, maxLng, maxLat };
}
