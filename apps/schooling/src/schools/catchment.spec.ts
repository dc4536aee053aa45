import type { Boundary } from '@citygrid/geo';

import { catchmentBox, catchmentErrors, containing } from './catchment';

const square = (x: number, y: number, d: number): Boundary => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});

const north = { id: 'north', catchment: square(113.6, 34.76, 0.01) };
const south = { id: 'south', catchment: square(113.6, 34.75, 0.01) };
const both: { id: string; catchment: Boundary } = {
  id: 'both',
  catchment: { type: 'MultiPolygon', coordinates: [square(113.6, 34.75, 0.004).coordinates as number[][][], square(113.606, 34.766, 0.004).coordinates as number[][][]] },
};

describe('catchments', () => {
  it('finds the schools whose catchment contains a point', () => {
    expect(containing([north, south, both], [113.605, 34.765]).map((s) => s.id)).toEqual(['north']);
    expect(containing([north, south, both], [113.602, 34.752]).map((s) => s.id)).toEqual(['south', 'both']);
    expect(containing([north, south, both], [113.608, 34.768]).map((s) => s.id)).toEqual(['north', 'both']);
    expect(containing([north, south, both], [113.7, 34.7])).toEqual([]);
  });

  it('counts a point on the shared edge as inside both', () => {
    expect(containing([north, south], [113.605, 34.76]).map((s) => s.id)).toEqual(['north', 'south']);
  });

  it('takes Polygon and MultiPolygon and gives their bounding box', () => {
    expect(catchmentErrors(north.catchment)).toEqual([]);
    expect(catchmentErrors(both.catchment)).toEqual([]);
    const box = catchmentBox(both.catchment);
    [113.6, 34.75, 113.61, 34.77].forEach((v, i) => expect(box[i]).toBeCloseTo(v, 9));
  });

  it('names what is wrong with a bad catchment under the catchment field', () => {
    expect(catchmentErrors({ type: 'Point', coordinates: [113.6, 34.75] })[0]?.field).toMatch(/^catchment/);
    const open = catchmentErrors({
      type: 'Polygon',
      coordinates: [
        [
          [113.6, 34.75],
          [113.61, 34.75],
          [113.61, 34.76],
          [113.6, 34.76],
        ],
      ],
    });
    expect(open.length).toBeGreaterThan(0);
    const bowtie = catchmentErrors({
      type: 'Polygon',
      coordinates: [
        [
          [113.6, 34.75],
          [113.61, 34.76],
          [113.61, 34.75],
          [113.6, 34.76],
          [113.6, 34.75],
        ],
      ],
    });
    expect(bowtie.length).toBeGreaterThan(0);
    expect(
      catchmentErrors({
        type: 'Polygon',
        coordinates: [
          [
            [200, 34.75],
            [113.61, 34.75],
            [113.61, 34.76],
            [200, 34.75],
          ],
        ],
      }).some((e) => /longitude 200/.test(e.reason)),
    ).toBe(true);
    for (const e of [...open, ...bowtie]) expect(e.field.startsWith('catchment')).toBe(true);
  });
});
