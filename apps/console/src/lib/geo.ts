/** Small geometry helpers for the map: distances, nearby open cases, figures per grid. */

export type LngLat = [number, number];

const EARTH_RADIUS_M = 6_371_008.8;

export function distanceMeters(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

const OPEN = new Set(['reported', 'filed', 'dispatched', 'accepted', 'returned', 'handled', 'suspended']);

interface Locatable {
  id: string;
  state: string;
  categoryCode: string;
  location: { coordinates: number[] };
}

/**
 * Open cases of the same category near a point, nearest first: the probable duplicates shown
 * before a report is filed (the API flags them too, with the same radius by default).
 */
export function nearbyOpenCases<T extends Locatable>(cases: readonly T[], point: LngLat, categoryCode: string | undefined, radiusM = 100): T[] {
  return cases
    .filter((c) => OPEN.has(c.state) && (!categoryCode || c.categoryCode === categoryCode))
    .map((c) => ({ c, d: distanceMeters(point, [c.location.coordinates[0] ?? 0, c.location.coordinates[1] ?? 0]) }))
    .filter((x) => x.d <= radiusM)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.c);
}

/** Open and overdue cases per grid code, for colouring the map. */
export function countsByGrid(cases: ReadonlyArray<{ gridCode: string; state: string; deadline?: string | null }>, now = Date.now()): Map<string, { open: number; overdue: number }> {
  const out = new Map<string, { open: number; overdue: number }>();
  for (const c of cases) {
    if (!OPEN.has(c.state)) continue;
    const entry = out.get(c.gridCode) ?? { open: 0, overdue: 0 };
    entry.open += 1;
    if (c.deadline && Date.parse(c.deadline) < now && c.state !== 'suspended' && c.state !== 'handled') entry.overdue += 1;
    out.set(c.gridCode, entry);
  }
  return out;
}
