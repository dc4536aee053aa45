import type { FieldError } from '@citygrid/contracts';

import type { LngLat } from './walking';

/** Most features and coordinates one import takes (the request travels over NATS, 1 MiB). */
export const ROAD_GRAPH_LIMITS = { features: 20_000, positions: 100_000 } as const;

/** The lines of a valid FeatureCollection, or every problem found, each naming its feature. */
export type ParsedRoadGraph = { ok: true; lines: LngLat[][] } | { ok: false; errors: FieldError[] };

function isPosition(p: unknown): p is [number, number] {
  return Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function checkLine(coords: unknown, field: string, errors: FieldError[]): LngLat[] | null {
  if (!Array.isArray(coords) || coords.length < 2) {
    errors.push({ field, reason: 'a LineString needs at least two positions' });
    return null;
  }
  const line: LngLat[] = [];
  for (let k = 0; k < coords.length; k++) {
    const p: unknown = coords[k];
    if (!isPosition(p)) {
      errors.push({ field: `${field}[${k}]`, reason: 'a position is [longitude, latitude] in numbers' });
      return null;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      errors.push({ field: `${field}[${k}]`, reason: 'longitude must be within -180…180 and latitude within -90…90 (WGS-84, [lng, lat])' });
      return null;
    }
    line.push([p[0], p[1]]);
  }
  return line;
}

/**
 * Validate a GeoJSON FeatureCollection of LineString / MultiLineString features (WGS-84) and
 * take its lines. Every feature is checked; any error refuses the whole file, listing each one as
 * `graph.features[i]…` with its reason.
 */
export function parseRoadGraph(input: unknown): ParsedRoadGraph {
  const errors: FieldError[] = [];
  const fc = input as { type?: unknown; features?: unknown } | null;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection') return { ok: false, errors: [{ field: 'graph.type', reason: 'must be FeatureCollection' }] };
  if (!Array.isArray(fc.features) || fc.features.length === 0) return { ok: false, errors: [{ field: 'graph.features', reason: 'must be a non-empty array of features' }] };
  if (fc.features.length > ROAD_GRAPH_LIMITS.features) return { ok: false, errors: [{ field: 'graph.features', reason: `at most ${ROAD_GRAPH_LIMITS.features} features` }] };
  const lines: LngLat[][] = [];
  let positions = 0;
  fc.features.forEach((f: unknown, i: number) => {
    const field = `graph.features[${i}]`;
    const feature = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      errors.push({ field: `${field}.type`, reason: 'must be Feature' });
      return;
    }
    const g = feature.geometry;
    if (!g || typeof g !== 'object') {
      errors.push({ field: `${field}.geometry`, reason: 'a road needs a geometry' });
      return;
    }
    if (g.type === 'LineString') {
      const line = checkLine(g.coordinates, `${field}.geometry.coordinates`, errors);
      if (line) lines.push(line);
      positions += line?.length ?? 0;
    } else if (g.type === 'MultiLineString') {
      if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
        errors.push({ field: `${field}.geometry.coordinates`, reason: 'a MultiLineString needs at least one line' });
        return;
      }
      g.coordinates.forEach((c: unknown, j: number) => {
        const line = checkLine(c, `${field}.geometry.coordinates[${j}]`, errors);
        if (line) lines.push(line);
        positions += line?.length ?? 0;
      });
    } else {
      errors.push({ field: `${field}.geometry.type`, reason: 'must be LineString or MultiLineString' });
    }
  });
  if (positions > ROAD_GRAPH_LIMITS.positions) errors.push({ field: 'graph.features', reason: `at most ${ROAD_GRAPH_LIMITS.positions} positions in all` });
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}
