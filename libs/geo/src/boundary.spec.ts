import type { MultiPolygon, Polygon } from 'geojson';
import { INPUT_LIMITS } from '@citygrid/contracts';
import { bbox, containsPoint, interiorPoint, isWithin, validateBoundary, type LngLat } from './boundary';

/** Counter-clockwise closed rectangle ring. */
function rectRing(minX: number, minY: number, maxX: number, maxY: number): LngLat[] {
  return [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ];
}

function rect(minX: number, minY: number, maxX: number, maxY: number): Polygon {
  return { type: 'Polygon', coordinates: [rectRing(minX, minY, maxX, maxY)] };
}

describe('validateBoundary', () => {
  const sut = validateBoundary;

  it('accepts a valid Polygon, a Polygon with a hole and a MultiPolygon', () => {
    expect(sut(rect(113.59, 34.74, 113.6, 34.75))).toEqual([]);
    expect(sut({ type: 'Polygon', coordinates: [rectRing(0, 0, 10, 10), rectRing(2, 2, 4, 4).reverse()] })).toEqual([]);
    expect(sut({ type: 'MultiPolygon', coordinates: [[rectRing(0, 0, 1, 1)], [rectRing(2, 2, 3, 3)]] })).toEqual([]);
  });

  it('accepts a ring with a repeated consecutive vertex', () => {
    const ring: LngLat[] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(sut({ type: 'Polygon', coordinates: [ring] })).toEqual([]);
  });

  it.each([null, 'POLYGON((0 0,1 0,1 1,0 0))', 42, [[0, 0]]])('refuses a non-object %p', (input) => {
    expect(sut(input)).toEqual([{ field: 'boundary', reason: 'boundary must be a GeoJSON object' }]);
  });

  it.each(['Point', 'LineString', 'Feature', undefined])('refuses type %p', (type) => {
    const errors = sut({ type, coordinates: [rectRing(0, 0, 1, 1)] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'boundary.type', reason: expect.stringContaining('Polygon or MultiPolygon') });
  });

  it('uses the given field name as the path prefix', () => {
    expect(sut({ type: 'Point' }, 'grids[3].boundary')[0]?.field).toBe('grids[3].boundary.type');
  });

  it('refuses coordinates that are not an array of rings', () => {
    expect(sut({ type: 'Polygon', coordinates: 'x' })).toEqual([{ field: 'boundary.coordinates', reason: expect.stringContaining('array of rings') }]);
    expect(sut({ type: 'Polygon', coordinates: [] })).toEqual([{ field: 'boundary.coordinates', reason: 'polygon has no rings' }]);
    expect(sut({ type: 'MultiPolygon', coordinates: [] })).toEqual([{ field: 'boundary.coordinates', reason: 'multipolygon has no polygons' }]);
    expect(sut({ type: 'Polygon', coordinates: [5] })).toEqual([{ field: 'boundary.coordinates[0]', reason: expect.stringContaining('array of positions') }]);
  });

  it('refuses a ring with fewer than 4 positions', () => {
    const errors = sut({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ],
    });
    expect(errors).toEqual([{ field: 'boundary.coordinates[0]', reason: 'ring has 3 positions; a closed ring needs at least 4' }]);
  });

  it.each([
    ['a string', '113.6,34.7'],
    ['three numbers', [113.6, 34.7, 100]],
    ['a non-number', [113.6, '34.7']],
    ['NaN', [Number.NaN, 34.7]],
    ['Infinity', [113.6, Number.POSITIVE_INFINITY]],
  ])('refuses a position that is %s, naming the position', (_label, bad) => {
    const ring: unknown[] = rectRing(0, 0, 1, 1);
    ring[2] = bad;
    expect(sut({ type: 'Polygon', coordinates: [ring] })).toEqual([{ field: 'boundary.coordinates[0][2]', reason: 'position must be [lng, lat]: two finite numbers' }]);
  });

  it('refuses a longitude outside [-180, 180] and a latitude outside [-90, 90]', () => {
    const ring: LngLat[] = [
      [0, 0],
      [181, 0],
      [1, 91],
      [0, 0],
    ];
    expect(sut({ type: 'Polygon', coordinates: [ring] })).toEqual([
      { field: 'boundary.coordinates[0][1]', reason: 'longitude 181 is outside [-180, 180]' },
      { field: 'boundary.coordinates[0][2]', reason: 'latitude 91 is outside [-90, 90]' },
    ]);
  });

  it('catches swapped [lat, lng] for Zhengzhou as a latitude out of range', () => {
    const swapped = rectRing(0, 0, 1, 1).map(([x, y]) => [34.75 + y, 113.6 + x]);
    const errors = sut({ type: 'Polygon', coordinates: [swapped] });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.reason.startsWith('latitude'))).toBe(true);
  });

  it('refuses a ring that is not closed', () => {
    const ring: LngLat[] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(sut({ type: 'Polygon', coordinates: [ring] })).toEqual([{ field: 'boundary.coordinates[0]', reason: 'ring is not closed: first position [0, 0] differs from last [0, 1]' }]);
  });

  it('refuses a self-intersecting ring (bow-tie), reporting the crossing point', () => {
    const bowTie: LngLat[] = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    expect(sut({ type: 'Polygon', coordinates: [bowTie] })).toEqual([{ field: 'boundary.coordinates[0]', reason: 'ring intersects itself at [1, 1]' }]);
  });

  it('refuses a zero-area ring', () => {
    const flat: LngLat[] = [
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 0],
    ];
    expect(sut({ type: 'Polygon', coordinates: [flat] })).toEqual([{ field: 'boundary.coordinates[0]', reason: 'ring has zero area' }]);
  });

  it('names the polygon and ring inside a MultiPolygon and reports every bad ring', () => {
    const open: LngLat[] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    const errors = sut({ type: 'MultiPolygon', coordinates: [[rectRing(0, 0, 1, 1)], [rectRing(5, 5, 9, 9), open]] }, 'geom');
    expect(errors).toEqual([{ field: 'geom.coordinates[1][1]', reason: expect.stringContaining('not closed') }]);
  });
});

describe('bbox', () => {
  const sut = bbox;

  it('bounds a Polygon and a MultiPolygon', () => {
    expect(sut(rect(113.59, 34.74, 113.63, 34.77))).toEqual([113.59, 34.74, 113.63, 34.77]);
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rectRing(0, 0, 1, 1)], [rectRing(5, -2, 6, 3)]] };
    expect(sut(multi)).toEqual([0, -2, 6, 3]);
  });
});

describe('interiorPoint', () => {
  const sut = interiorPoint;

  it('is the centroid for a rectangle', () => {
    const [x, y] = sut(rect(0, 0, 2, 4));
    expect(x).toBeCloseTo(1, 12);
    expect(y).toBeCloseTo(2, 12);
  });

  it('avoids a hole over the centroid', () => {
    const donut: Polygon = { type: 'Polygon', coordinates: [rectRing(0, 0, 10, 10), rectRing(3, 3, 7, 7).reverse()] };
    const point = sut(donut);
    expect(containsPoint(donut, point)).toBe(true);
    expect(containsPoint(rect(3, 3, 7, 7), point)).toBe(false);
  });

  it('stays inside a U shape whose centroid falls in the notch', () => {
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [8, 10],
          [8, 2],
          [2, 2],
          [2, 10],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    const point = sut(u);
    expect(containsPoint(u, point)).toBe(true);
    expect(point[0] === 0 || point[0] === 10 || point[1] === 0).toBe(false);
  });

  it('takes the point from the largest polygon of a MultiPolygon', () => {
    const [x, y] = sut({ type: 'MultiPolygon', coordinates: [[rectRing(0, 0, 1, 1)], [rectRing(10, 10, 20, 20)]] });
    expect([x, y]).toEqual([15, 15]);
  });
});

describe('isWithin', () => {
  const sut = isWithin;
  const parent = rect(113.59, 34.74, 113.63, 34.77);

  it('accepts a child strictly inside', () => {
    expect(sut(parent, rect(113.6, 34.75, 113.61, 34.76))).toBe(true);
  });

  it('accepts a child sharing the parent border (tiles of the parent)', () => {
    expect(sut(parent, rect(113.59, 34.74, 113.6, 34.77))).toBe(true);
    expect(sut(parent, parent)).toBe(true);
  });

  it('accepts a vertex off the border by less than the tolerance, refuses beyond it', () => {
    expect(sut(parent, rect(113.59 - 1e-10, 34.74, 113.6, 34.75))).toBe(true);
    expect(sut(parent, rect(113.59 - 1e-6, 34.74, 113.6, 34.75))).toBe(false);
    expect(sut(parent, rect(113.59 - 1e-6, 34.74, 113.6, 34.75), 1e-5)).toBe(true);
  });

  it('refuses a child that sticks out or lies outside', () => {
    expect(sut(parent, rect(113.62, 34.76, 113.64, 34.765))).toBe(false);
    expect(sut(parent, rect(113.7, 34.8, 113.71, 34.81))).toBe(false);
  });

  it('refuses a child inside a hole of the parent even though its vertices touch the hole edge', () => {
    const donut: Polygon = { type: 'Polygon', coordinates: [rectRing(0, 0, 10, 10), rectRing(3, 3, 7, 7).reverse()] };
    expect(sut(donut, rect(3, 3, 7, 7))).toBe(false);
    expect(sut(donut, rect(0, 0, 3, 3))).toBe(true);
  });

  it('handles MultiPolygon parents and children', () => {
    const islands: MultiPolygon = { type: 'MultiPolygon', coordinates: [[rectRing(0, 0, 1, 1)], [rectRing(5, 5, 6, 6)]] };
    expect(sut(islands, { type: 'MultiPolygon', coordinates: [[rectRing(0, 0, 0.5, 0.5)], [rectRing(5.5, 5.5, 6, 6)]] })).toBe(true);
    expect(sut(islands, rect(0.5, 0.5, 5.5, 5.5))).toBe(false);
  });
});

describe('boundary size bound', () => {
  it('refuses a boundary over the position limit before checking its rings (the check is quadratic)', () => {
    const n = INPUT_LIMITS.maxBoundaryPositions + 1;
    const ring = Array.from({ length: n }, (_, i) => [113.6 + 0.01 * Math.cos((2 * Math.PI * i) / n), 34.7 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]!);
    expect(validateBoundary({ type: 'Polygon', coordinates: [ring] })).toEqual([{ field: 'boundary.coordinates', reason: expect.stringMatching(/at most 5000 are allowed/) }]);
    expect(validateBoundary({ type: 'MultiPolygon', coordinates: [[ring.slice(0, 3000)], [ring.slice(0, 3000)]] })[0]?.reason).toMatch(/6000 positions/);
  });
});
