import { parseRoadGraph } from './road-graph';
import { buildRoadGraph, metresBetween, roundMinutes, walks, type LngLat, type Site } from './walking';

/** turf's mean Earth radius, the one its haversine uses. */
const R = 6_371_008.8;
const DEG = 180 / Math.PI;

/** The point `metres` north and `east` metres east of `p` (small offsets on the sphere). */
function offset(p: LngLat, north: number, east = 0): LngLat {
  const lat = p[1] + (north / R) * DEG;
  return [p[0] + (east / (R * Math.cos((lat * Math.PI) / 180))) * DEG, lat];
}

const PARAMS = { detourFactor: 1.3, speedMPerMin: 80, limitMinutes: 15 };
const S: LngLat = [113.6, 34.75];
const station: Site = { id: 'station', lng: S[0], lat: S[1] };
const H = offset(S, 1000);
const household: Site = { id: 'h', lng: H[0], lat: H[1] };

describe('15-minute walk', () => {
  it('measures 1,000 m between a household and the station 1,000 m south of it', () => {
    expect(metresBetween(S, H)).toBeCloseTo(1000, 6);
  });

  it('straight line: 1,000 m × 1.3 ÷ 80 m/min = 16.25 min, not covered', () => {
    const [w] = walks([household], [station], PARAMS, null);
    expect(roundMinutes(w!.minutes)).toBe(16.25);
    expect(w!.covered).toBe(false);
  });

  it('straight line: 900 m × 1.3 ÷ 80 = 14.625 min, covered; the nearest of two stations counts', () => {
    const near = offset(S, 100);
    const far = offset(S, -3000);
    const [w] = walks([household], [{ id: 'far', lng: far[0], lat: far[1] }, { id: 'near', lng: near[0], lat: near[1] }], PARAMS, null);
    expect(w!.minutes).toBeCloseTo(14.625, 6);
    expect(w!.covered).toBe(true);
  });

  it('over a direct road of 1,100 m (two legs of 550 m): 1,100 ÷ 80 = 13.75 min, covered', () => {
    // the bend: 500 m north and √(550² − 500²) = 229.13 m east of the station, so each leg is 550 m
    const bend = offset(S, 500, Math.sqrt(550 ** 2 - 500 ** 2));
    const graph = buildRoadGraph([[S, bend, H]]);
    expect(graph.lengthMetres).toBeCloseTo(1100, 1);
    const [w] = walks([household], [station], PARAMS, graph);
    expect(roundMinutes(w!.minutes)).toBe(13.75);
    expect(w!.covered).toBe(true);
  });

  it('over a graph with only a long detour (1,000 m east, 1,000 m north, 1,000 m west): 3,000 ÷ 80 = 37.5 min, not covered', () => {
    const east = offset(S, 0, 1000);
    const northEast = offset(S, 1000, 1000);
    const graph = buildRoadGraph([
      [S, east],
      [east, northEast],
      [northEast, H],
    ]);
    const [w] = walks([household], [station], PARAMS, graph);
    expect(roundMinutes(w!.minutes)).toBe(37.5);
    expect(w!.covered).toBe(false);
  });

  it('walks the straight snap distance to the nearest vertex: 40 m off the road end + 1,000 m of road = 1,040 ÷ 80 = 13 min', () => {
    const roadEnd = offset(S, 1000);
    const off = offset(roadEnd, 0, 40);
    const graph = buildRoadGraph([[S, offset(S, 500), roadEnd]]);
    const [w] = walks([{ id: 'off', lng: off[0], lat: off[1] }], [station], PARAMS, graph);
    expect(roundMinutes(w!.minutes)).toBe(13);
    expect(w!.covered).toBe(true);
  });

  it('a household whose nearest road reaches no station is unreachable: minutes null, not covered', () => {
    const island = [offset(S, 950, 50), offset(S, 1050, 50)] as const;
    const graph = buildRoadGraph([[S, offset(S, 0, 300)], [...island]]);
    const [w] = walks([household], [station], PARAMS, graph);
    expect(w).toEqual({ id: 'h', minutes: null, covered: false });
  });

  it('with no station at all nothing is covered', () => {
    expect(walks([household], [], PARAMS, null)).toEqual([{ id: 'h', minutes: null, covered: false }]);
  });

  it('joins lines where they share a coordinate and walks the shortest of two ways', () => {
    const a = offset(S, 400);
    // a short way (S → a → H: 1,000 m) and a long one (S → west → H: about 2 × 1,077 m), sharing S and H
    const west = offset(S, 500, -400);
    const graph = buildRoadGraph([[S, a], [a, H], [S, west, H]]);
    expect(graph.vertices).toHaveLength(4);
    const [w] = walks([household], [station], PARAMS, graph);
    expect(roundMinutes(w!.minutes)).toBe(12.5);
  });
});

describe('road graph import', () => {
  it('takes LineStrings and MultiLineStrings', () => {
    const parsed = parseRoadGraph({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [S, H] } },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [[S, offset(S, 0, 10)], [H, offset(H, 0, 10)]] } },
      ],
    });
    expect(parsed).toEqual({ ok: true, lines: [[S, H], [S, offset(S, 0, 10)], [H, offset(H, 0, 10)]] });
  });

  it('reports every bad feature by its index and imports nothing', () => {
    const parsed = parseRoadGraph({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [S, H] } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: S } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [S] } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [S, [200, 34]] } },
        { type: 'Nope' },
      ],
    });
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'graph.features[1].geometry.type', reason: 'must be LineString or MultiLineString' },
        { field: 'graph.features[2].geometry.coordinates', reason: 'a LineString needs at least two positions' },
        { field: 'graph.features[3].geometry.coordinates[1]', reason: 'longitude must be within -180…180 and latitude within -90…90 (WGS-84, [lng, lat])' },
        { field: 'graph.features[4].type', reason: 'must be Feature' },
      ],
    });
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(parseRoadGraph({ type: 'Feature' })).toEqual({ ok: false, errors: [{ field: 'graph.type', reason: 'must be FeatureCollection' }] });
    expect(parseRoadGraph({ type: 'FeatureCollection', features: [] })).toEqual({ ok: false, errors: [{ field: 'graph.features', reason: 'must be a non-empty array of features' }] });
  });
});
