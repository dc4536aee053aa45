import { distance } from '@turf/distance';

/** `[longitude, latitude]`, WGS-84. */
export type LngLat = readonly [number, number];

/** A household or a station: an id at a point. */
export interface Site {
  id: string;
  lng: number;
  lat: number;
}

/** How walking time is reckoned. */
export interface WalkingParams {
  /** Straight line only: the factor a real walk is longer than the straight line (1.3). */
  detourFactor: number;
  /** Walking speed, metres per minute (80). */
  speedMPerMin: number;
  /** Covered when the walk to the nearest station takes at most this many minutes (15). */
  limitMinutes: number;
}

/** The walk of one household to its nearest station. */
export interface Walk {
  id: string;
  /** Minutes, unrounded; null when no station can be reached. */
  minutes: number | null;
  covered: boolean;
}

/** An undirected road graph: vertices (distinct coordinates) and, per vertex, its edges with their lengths. */
export interface RoadGraph {
  vertices: LngLat[];
  adjacency: { to: number; metres: number }[][];
  edges: number;
  lengthMetres: number;
}

/** Great-circle (haversine) distance in metres (turf's mean Earth radius, 6 371 008.8 m). */
export function metresBetween(a: LngLat, b: LngLat): number {
  return distance([a[0], a[1]], [b[0], b[1]], { units: 'meters' });
}

/** The key two coordinates share when they are the same vertex: 7 decimals of a degree (about 1 cm). */
function vertexKey(p: LngLat): string {
  return `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
}

/**
 * The graph of a set of lines: every coordinate a vertex (equal coordinates one vertex, so lines
 * join where they share a coordinate), every two consecutive coordinates an edge walkable both
 * ways, as long as the haversine distance between them.
 */
export function buildRoadGraph(lines: readonly (readonly LngLat[])[]): RoadGraph {
  const index = new Map<string, number>();
  const vertices: LngLat[] = [];
  const adjacency: { to: number; metres: number }[][] = [];
  let edges = 0;
  let lengthMetres = 0;
  const vertexOf = (p: LngLat): number => {
    const key = vertexKey(p);
    let i = index.get(key);
    if (i === undefined) {
      i = vertices.length;
      index.set(key, i);
      vertices.push(p);
      adjacency.push([]);
    }
    return i;
  };
  for (const line of lines) {
    line.forEach((q, k) => {
      const p = line[k - 1];
      if (!p) return;
      const a = vertexOf(p);
      const b = vertexOf(q);
      if (a === b) return;
      const metres = metresBetween(p, q);
      adjacency[a]?.push({ to: b, metres });
      adjacency[b]?.push({ to: a, metres });
      edges++;
      lengthMetres += metres;
    });
  }
  return { vertices, adjacency, edges, lengthMetres };
}

/**
 * Snapping: a point joins the graph at its nearest **vertex** (not the nearest point on an edge),
 * walking the straight distance to it. Every coordinate of an imported line is a vertex, so on a
 * line digitised at the usual few tens of metres the difference is small, and a vertex snap keeps
 * the shortest path a plain vertex-to-vertex search. A linear scan: a subdistrict's graph has some
 * thousands of vertices.
 */
export function nearestVertex(graph: RoadGraph, p: LngLat): { vertex: number; metres: number } | null {
  let best: { vertex: number; metres: number } | null = null;
  graph.vertices.forEach((v, i) => {
    const metres = metresBetween(p, v);
    if (!best || metres < best.metres) best = { vertex: i, metres };
  });
  return best;
}

/** A binary min-heap of (vertex, distance) entries; stale entries are skipped by the caller. */
class MinHeap {
  private readonly vertices: number[] = [];
  private readonly metres: number[] = [];

  get size(): number {
    return this.vertices.length;
  }

  push(vertex: number, metres: number): void {
    this.vertices.push(vertex);
    this.metres.push(metres);
    let i = this.vertices.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at(parent) <= this.at(i)) break;
      this.swap(parent, i);
      i = parent;
    }
  }

  /** The nearest entry, taken off the heap. */
  pop(): { vertex: number; metres: number } | undefined {
    if (!this.vertices.length) return undefined;
    const top = { vertex: this.vertices[0] ?? 0, metres: this.at(0) };
    const lastVertex = this.vertices.pop() ?? 0;
    const lastMetres = this.metres.pop() ?? Infinity;
    if (this.vertices.length) {
      this.vertices[0] = lastVertex;
      this.metres[0] = lastMetres;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.size && this.at(l) < this.at(m)) m = l;
        if (r < this.size && this.at(r) < this.at(m)) m = r;
        if (m === i) break;
        this.swap(m, i);
        i = m;
      }
    }
    return top;
  }

  private at(i: number): number {
    return this.metres[i] ?? Infinity;
  }

  private swap(i: number, j: number): void {
    const v = this.vertices[i] ?? 0;
    const m = this.at(i);
    this.vertices[i] = this.vertices[j] ?? 0;
    this.metres[i] = this.at(j);
    this.vertices[j] = v;
    this.metres[j] = m;
  }
}

/**
 * Dijkstra with a binary heap from several sources at once (each with the distance already walked
 * to reach it): the walking distance from every vertex to its nearest source, `Infinity` where
 * none is reachable. Written here rather than taken from `ngraph.path` or
 * `graphology-shortest-path` because those answer one source–target pair (or one source's paths)
 * per search, so every household would cost a search of its own; seeded from every station at
 * once, one search answers every household.
 */
export function distancesFrom(graph: RoadGraph, sources: readonly { vertex: number; metres: number }[]): Float64Array {
  const dist = new Float64Array(graph.vertices.length).fill(Infinity);
  const heap = new MinHeap();
  const at = (v: number): number => dist[v] ?? Infinity;
  for (const s of sources) {
    if (s.metres < at(s.vertex)) {
      dist[s.vertex] = s.metres;
      heap.push(s.vertex, s.metres);
    }
  }
  for (let top = heap.pop(); top; top = heap.pop()) {
    if (top.metres > at(top.vertex)) continue;
    for (const edge of graph.adjacency[top.vertex] ?? []) {
      const next = top.metres + edge.metres;
      if (next < at(edge.to)) {
        dist[edge.to] = next;
        heap.push(edge.to, next);
      }
    }
  }
  return dist;
}

/**
 * Each household's walk to its nearest station. Without a graph: straight-line (haversine)
 * distance × detour factor ÷ speed. With one: the straight walk to the household's nearest vertex,
 * plus the shortest path over the graph, plus the station's straight walk from its own nearest
 * vertex, ÷ speed (no detour factor: the graph is the detour); unreachable = not covered.
 */
export function walks(households: readonly Site[], stations: readonly Site[], params: WalkingParams, graph: RoadGraph | null): Walk[] {
  const toWalk = (id: string, metres: number, factor: number): Walk => {
    if (!Number.isFinite(metres)) return { id, minutes: null, covered: false };
    const minutes = (metres * factor) / params.speedMPerMin;
    return { id, minutes, covered: minutes <= params.limitMinutes };
  };
  if (!graph || graph.vertices.length === 0) {
    return households.map((h) => toWalk(h.id, Math.min(...stations.map((s) => metresBetween([h.lng, h.lat], [s.lng, s.lat]))), params.detourFactor));
  }
  const seeds = stations.flatMap((s) => {
    const snap = nearestVertex(graph, [s.lng, s.lat]);
    return snap ? [snap] : [];
  });
  const dist = distancesFrom(graph, seeds);
  return households.map((h) => {
    const snap = nearestVertex(graph, [h.lng, h.lat]);
    return toWalk(h.id, snap ? snap.metres + (dist[snap.vertex] ?? Infinity) : Infinity, 1);
  });
}

/** Minutes as answered: 2 decimals. */
export function roundMinutes(minutes: number | null): number | null {
  return minutes === null ? null : Math.round(minutes * 100) / 100;
}
