import type { FieldError } from '@citygrid/contracts';
import { TRACK_MAX_POSITIONS, type TrackDto } from '@citygrid/contracts/ticketing';

import { cityDay, cityDayBounds, CITY_UTC_OFFSET_MS, isRealDay, previousDay } from '../shared/city-day';

export { cityDay, cityDayBounds, CITY_UTC_OFFSET_MS, isRealDay, previousDay };

/**
 * Check a patrol's times and track. Each track position must be `[lng, lat]` within WGS-84 range;
 * the DTO only knows it is an array of at most `TRACK_MAX_POSITIONS` items.
 */
export function validatePatrol(startedAt: Date, endedAt: Date, track: TrackDto | undefined, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (endedAt.getTime() < startedAt.getTime()) errors.push({ field: 'endedAt', reason: 'must not be before startedAt' });
  // A few minutes of slack for device clocks running ahead of the server's.
  if (endedAt.getTime() > now.getTime() + 5 * 60 * 1000) errors.push({ field: 'endedAt', reason: 'must not be in the future' });
  if (endedAt.getTime() - startedAt.getTime() > 24 * 60 * 60 * 1000) errors.push({ field: 'endedAt', reason: 'a patrol lasts at most 24 hours' });
  if (track) {
    if (track.coordinates.length > TRACK_MAX_POSITIONS) errors.push({ field: 'track.coordinates', reason: `at most ${TRACK_MAX_POSITIONS} positions` });
    track.coordinates.forEach((p, i) => {
      const reason = positionProblem(p);
      if (reason && errors.length < 20) errors.push({ field: `track.coordinates[${i}]`, reason });
    });
  }
  return errors;
}

function positionProblem(p: unknown): string | undefined {
  if (!Array.isArray(p) || p.length !== 2) return 'must be [lng, lat]';
  const [lng, lat] = p as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) return 'must be two finite numbers';
  if (lng < -180 || lng > 180) return 'longitude must be within [-180, 180]';
  if (lat < -90 || lat > 90) return 'latitude must be within [-90, 90]';
  return undefined;
}

/** A grid as the coverage queries need it. */
export interface GridRef {
  code: string;
  name: string;
  path: string[];
}

/** The grids of `grids` no patrol covered, in code order. */
export function unpatrolledGrids(grids: readonly GridRef[], patrolledCodes: ReadonlySet<string>): GridRef[] {
  return grids.filter((g) => !patrolledCodes.has(g.code)).sort((a, b) => a.code.localeCompare(b.code));
}

/** A key location as the coverage query needs it. */
export interface KeyLocationRef {
  id: string;
  name: string;
  gridCode: string;
}

/** A key location lacking a patrol of its grid, a visit, or both, on a day. */
export interface KeyLocationGap extends KeyLocationRef {
  patrolled: boolean;
  visited: boolean;
}

/**
 * Key locations 重点场所 need both a patrol and a visit every day: a patrol of their level-3 grid
 * (patrols are logged per grid) and a visit logged against the place itself.
 */
export function keyLocationGaps(places: readonly KeyLocationRef[], patrolledGridCodes: ReadonlySet<string>, visitedPlaceIds: ReadonlySet<string>): KeyLocationGap[] {
  return places
    .map((p) => ({ ...p, patrolled: patrolledGridCodes.has(p.gridCode), visited: visitedPlaceIds.has(p.id) }))
    .filter((p) => !(p.patrolled && p.visited))
    .sort((a, b) => a.gridCode.localeCompare(b.gridCode) || a.name.localeCompare(b.name));
}
