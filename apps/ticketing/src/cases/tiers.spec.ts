import { CaseTier } from '@citygrid/contracts/ticketing';

import { levelAbove, levelBelow, tierAt } from './tiers';

const path = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];

describe('five-level tiers', () => {
  it('names the tier of each code', () => {
    expect(path.map((_, i) => tierAt(path, i))).toEqual([CaseTier.City, CaseTier.District, CaseTier.Subdistrict, CaseTier.Community, CaseTier.Grid, CaseTier.Grid]);
  });

  it('escalates one tier at a time: grid → community → subdistrict → district → city', () => {
    expect(levelAbove(path, 5)).toBe(3);
    expect(levelAbove(path, 3)).toBe(2);
    expect(levelAbove(path, 2)).toBe(1);
    expect(levelAbove(path, 1)).toBe(0);
    expect(levelAbove(path, 0)).toBeNull();
  });

  it('pushes down one tier, to the level-3 grid at the bottom', () => {
    expect(levelBelow(path, 0)).toBe(1);
    expect(levelBelow(path, 2)).toBe(3);
    expect(levelBelow(path, 3)).toBe(5);
    expect(levelBelow(path, 5)).toBeNull();
  });
});
