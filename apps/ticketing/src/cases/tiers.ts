import { CaseTier } from '@citygrid/contracts/ticketing';

/**
 * The tier of a code on a grid path (city → district → subdistrict → community → grid). City and
 * district codes are both 6 digits (GB/T 2260), so position tells them apart; the level-2 and
 * level-3 grids (14 and 16 digits) are both the grid tier.
 */
export function tierAt(path: readonly string[], index: number): CaseTier {
  const code = path[index] ?? '';
  if (code.length >= 14) return CaseTier.Grid;
  if (code.length === 12) return CaseTier.Community;
  if (code.length === 9) return CaseTier.Subdistrict;
  return index === 0 ? CaseTier.City : CaseTier.District;
}

const ORDER: readonly CaseTier[] = [CaseTier.City, CaseTier.District, CaseTier.Subdistrict, CaseTier.Community, CaseTier.Grid];

/** The index of the nearest node above `level` in the next tier up, or null at the city. */
export function levelAbove(path: readonly string[], level: number): number | null {
  const tier = ORDER.indexOf(tierAt(path, level));
  for (let i = level - 1; i >= 0; i--) if (ORDER.indexOf(tierAt(path, i)) < tier) return i;
  return null;
}

/** The index of the nearest node below `level` in the next tier down, or null at the grid. */
export function levelBelow(path: readonly string[], level: number): number | null {
  const tier = ORDER.indexOf(tierAt(path, level));
  if (tier === ORDER.length - 1) return null;
  for (let i = level + 1; i < path.length; i++) {
    const t = ORDER.indexOf(tierAt(path, i));
    // A grid-tier target is the case's own level-3 grid, where grid staff handle it.
    if (t > tier) return t === ORDER.length - 1 ? path.length - 1 : i;
  }
  return null;
}
