/**
 * Boundary geometry for grid nodes: validation of untrusted GeoJSON, containment of a child
 * boundary in its parent, bounding boxes and a point guaranteed inside a boundary.
 *
 * Boundaries are GeoJSON Polygon or MultiPolygon in WGS-84, positions `[lng, lat]`. All
 * arithmetic here is planar in degrees: grids are a few hundred metres wide, so the
 * distortion of treating lng/lat as a plane is irrelevant for inside/outside questions.
 */
import { INPUT_LIMITS, type FieldError } from '@citygrid/contracts';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { kinks } from '@turf/kinks';
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';

/** A grid boundary: what every node of the tree carries. */
export type Boundary = Polygon | MultiPolygon;

/** A WGS-84 position `[lng, lat]`. */
export type LngLat = [number, number];

/** `[minLng, minLat, maxLng, maxLat]`. */
export type BBox = [number, number, number, number];

/** Below this absolute ring area (square degrees, about 1e-4 m²) a ring counts as having no area. */
const ZERO_AREA_DEG2 = 1e-14;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Twice the signed planar area of a closed ring (shoelace); positive when counter-clockwise. */
function signedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[i + 1] as [number, number];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function formatPoint(p: Position): string {
  return `[${p[0]}, ${p[1]}]`;
}

/**
 * Validates one ring at `path`; returns its errors. Positions are checked first; geometric
 * checks (closure, self-intersection, area) only run on a ring whose positions are all valid.
 */
function validateRing(ring: unknown, path: string): FieldError[] {
  if (!Array.isArray(ring)) return [{ field: path, reason: 'ring must be an array of positions' }];
  const errors: FieldError[] = [];
  if (ring.length < 4) {
    errors.push({ field: path, reason: `ring has ${ring.length} positions; a closed ring needs at least 4` });
  }
  let positionsValid = true;
  ring.forEach((position: unknown, i: number) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(position) || position.length !== 2 || !isFiniteNumber(position[0]) || !isFiniteNumber(position[1])) {
      errors.push({ field: at, reason: 'position must be [lng, lat]: two finite numbers' });
      positionsValid = false;
      return;
    }
    const [lng, lat] = position as [number, number];
    if (lng < -180 || lng > 180) {
      errors.push({ field: at, reason: `longitude ${lng} is outside [-180, 180]` });
      positionsValid = false;
    }
    if (lat < -90 || lat > 90) {
      errors.push({ field: at, reason: `latitude ${lat} is outside [-90, 90]` });
      positionsValid = false;
    }
  });
  if (!positionsValid || ring.length < 4) return errors;

  const positions = ring as LngLat[];
  const first = positions[0] as LngLat;
  const last = positions[positions.length - 1] as LngLat;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    errors.push({ field: path, reason: `ring is not closed: first position ${formatPoint(first)} differs from last ${formatPoint(last)}` });
    // Self-intersection and area are meaningless on an open ring.
    return errors;
  }
  // Repeated consecutive positions are harmless but would make kinks see two non-adjacent
  // segments meeting at the repeated vertex: drop them before looking for crossings.
  const distinct = positions.filter((p, i) => i === 0 || p[0] !== positions[i - 1]?.[0] || p[1] !== positions[i - 1]?.[1]);
  const line: LineString = { type: 'LineString', coordinates: distinct };
  const crossings = distinct.length >= 4 ? kinks(line).features : [];
  const firstCrossing = crossings[0];
  if (firstCrossing) {
    errors.push({ field: path, reason: `ring intersects itself at ${formatPoint(firstCrossing.geometry.coordinates)}` });
    // The signed area of a crossing ring is meaningless (a symmetric bow-tie sums to 0).
    return errors;
  }
  if (Math.abs(signedArea2(positions)) / 2 < ZERO_AREA_DEG2) {
    errors.push({ field: path, reason: 'ring has zero area' });
  }
  return errors;
}

function validatePolygonCoordinates(coordinates: unknown, path: string): FieldError[] {
  if (!Array.isArray(coordinates)) return [{ field: path, reason: 'polygon coordinates must be an array of rings' }];
  if (coordinates.length === 0) return [{ field: path, reason: 'polygon has no rings' }];
  return coordinates.flatMap((ring: unknown, i: number) => validateRing(ring, `${path}[${i}]`));
}

/**
 * Validates untrusted input as a boundary (GeoJSON Polygon or MultiPolygon, WGS-84).
 * Returns every problem found, each naming its exact place (e.g. `boundary.coordinates[0][3]`);
 * an empty array means the geometry is usable as a boundary.
 */
export function validateBoundary(geometry: unknown, field = 'boundary'): FieldError[] {
  if (!isRecord(geometry)) return [{ field, reason: 'boundary must be a GeoJSON object' }];
  const type = geometry['type'];
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return [{ field: `${field}.type`, reason: `type must be Polygon or MultiPolygon, got ${JSON.stringify(type) ?? 'nothing'}` }];
  }
  const coordinates = geometry['coordinates'];
  const path = `${field}.coordinates`;
  // The self-intersection check is quadratic in a ring's size: bound the work before doing it.
  const positions = countPositions(coordinates, type === 'Polygon' ? 1 : 2);
  if (positions > INPUT_LIMITS.maxBoundaryPositions) {
    return [{ field: path, reason: `boundary has ${positions} positions; at most ${INPUT_LIMITS.maxBoundaryPositions} are allowed (simplify the drawing)` }];
  }
  if (type === 'Polygon') return validatePolygonCoordinates(coordinates, path);
  if (!Array.isArray(coordinates)) return [{ field: path, reason: 'multipolygon coordinates must be an array of polygons' }];
  if (coordinates.length === 0) return [{ field: path, reason: 'multipolygon has no polygons' }];
  return coordinates.flatMap((polygon: unknown, i: number) => validatePolygonCoordinates(polygon, `${path}[${i}]`));
}

/** Positions in rings nested `levels` arrays deep (1: a Polygon's rings, 2: a MultiPolygon's polygons); non-arrays count 0. */
function countPositions(value: unknown, levels: number): number {
  if (!Array.isArray(value)) return 0;
  if (levels === 0) return value.length;
  let n = 0;
  for (const child of value) n += countPositions(child, levels - 1);
  return n;
}

/** The polygons of a boundary as arrays of rings (a Polygon is a MultiPolygon of one). */
function polygonsOf(geometry: Boundary): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Bounding box `[minLng, minLat, maxLng, maxLat]` of a boundary. */
export function bbox(geometry: Boundary): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    // Holes lie inside their shell: the shell alone bounds the polygon.
    const shell = polygon[0] ?? [];
    for (const p of shell) {
      const x = p[0] as number;
      const y = p[1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Whether `point` lies inside `geometry` or on its boundary (holes excluded, hole edges included). */
export function containsPoint(geometry: Boundary, point: LngLat): boolean {
  return booleanPointInPolygon(point, geometry);
}

/** Whether `point` lies strictly inside `geometry`: not on any edge, not in a hole. */
export function containsPointStrictly(geometry: Boundary, point: LngLat): boolean {
  return booleanPointInPolygon(point, geometry, { ignoreBoundary: true });
}

/** Planar distance (degrees) from `p` to segment `a`-`b`. */
function distanceToSegment(p: LngLat, a: Position, b: Position): number {
  const ax = a[0] as number;
  const ay = a[1] as number;
  const dx = (b[0] as number) - ax;
  const dy = (b[1] as number) - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy));
}

/** Whether `point` is within `tolerance` degrees of any edge of `geometry` (shells and holes). */
function isNearEdge(geometry: Boundary, point: LngLat, tolerance: number): boolean {
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length - 1; i++) {
        if (distanceToSegment(point, ring[i] as Position, ring[i + 1] as Position) <= tolerance) return true;
      }
    }
  }
  return false;
}

/**
 * Whether `child` lies within `parent`.
 *
 * The chosen rule is a vertex test: every vertex of the child must be inside the parent or ON
 * its boundary (within `toleranceDeg`, to absorb rounding in coordinates that were typed in or
 * converted), plus the child's interior point must be inside the parent. Children tile their
 * parent and share its border, so a strict "interior only" test would refuse every correct
 * child on the edge of its parent; on-border therefore counts as inside. The interior point
 * catches a child drawn entirely on the parent's outside with vertices on the parent's border.
 * Known gap, accepted for grid drawings: an edge between two inside vertices could still cut
 * across a concave notch or a hole of the parent; grid boundaries are drawn as tiles of their
 * parent, which keeps this out of practice, and an exact polygon-difference test would cost a
 * dependency and far more time per import.
 */
export function isWithin(parent: Boundary, child: Boundary, toleranceDeg = 1e-9): boolean {
  for (const polygon of polygonsOf(child)) {
    for (const ring of polygon) {
      for (const p of ring) {
        const point: LngLat = [p[0] as number, p[1] as number];
        if (!containsPoint(parent, point) && !isNearEdge(parent, point, toleranceDeg)) return false;
      }
    }
  }
  return containsPoint(parent, interiorPoint(child));
}

/** Rings of the polygon with the largest shell area (the one an interior point is taken from). */
function largestPolygon(geometry: Boundary): Position[][] {
  let best: Position[][] = [];
  let bestArea = -1;
  for (const polygon of polygonsOf(geometry)) {
    const area = Math.abs(signedArea2(polygon[0] ?? []));
    if (area > bestArea) {
      bestArea = area;
      best = polygon;
    }
  }
  return best;
}

/** Area centroid of a ring (falls back to the vertex mean for a degenerate ring). */
function ringCentroid(ring: readonly Position[]): LngLat {
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  // Shift to the first vertex for numerical stability at lng ~113.
  const ox = (ring[0]?.[0] as number | undefined) ?? 0;
  const oy = (ring[0]?.[1] as number | undefined) ?? 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const x1 = (ring[i]?.[0] as number) - ox;
    const y1 = (ring[i]?.[1] as number) - oy;
    const x2 = (ring[i + 1]?.[0] as number) - ox;
    const y2 = (ring[i + 1]?.[1] as number) - oy;
    const cross = x1 * y2 - x2 * y1;
    a2 += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (a2 === 0) {
    const n = Math.max(1, ring.length - 1);
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += (ring[i]?.[0] as number | undefined) ?? 0;
      sy += (ring[i]?.[1] as number | undefined) ?? 0;
    }
    return [sx / n, sy / n];
  }
  return [ox + cx / (3 * a2), oy + cy / (3 * a2)];
}

/**
 * Scan-line interior point of one polygon (shell plus holes): on horizontal lines halfway between
 * consecutive distinct vertex latitudes (so no line passes through a vertex), take the widest
 * inside interval (even-odd rule) and return its midpoint.
 */
function scanLinePoint(polygon: readonly Position[][]): LngLat | undefined {
  const ys = [...new Set(polygon.flatMap((ring) => ring.map((p) => p[1] as number)))].sort((a, b) => a - b);
  let best: LngLat | undefined;
  let bestWidth = 0;
  for (let j = 0; j < ys.length - 1; j++) {
    const y = ((ys[j] as number) + (ys[j + 1] as number)) / 2;
    const xs: number[] = [];
    for (const ring of polygon) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [x1, y1] = ring[i] as [number, number];
        const [x2, y2] = ring[i + 1] as [number, number];
        if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const width = (xs[k + 1] as number) - (xs[k] as number);
      if (width > bestWidth) {
        bestWidth = width;
        best = [((xs[k] as number) + (xs[k + 1] as number)) / 2, y];
      }
    }
  }
  return best;
}

/**
 * A point guaranteed inside a (valid, non-degenerate) boundary: the centroid of its largest
 * polygon when that lies strictly inside (not in a hole, not on an edge), otherwise the midpoint
 * of the widest scan-line interval of that polygon.
 */
export function interiorPoint(geometry: Boundary): LngLat {
  const polygon = largestPolygon(geometry);
  const centroid = ringCentroid(polygon[0] ?? []);
  if (containsPointStrictly(geometry, centroid)) return centroid;
  return scanLinePoint(polygon) ?? centroid;
}
