import { formationRate, percentHalfUp, shouldHaveBranch } from './formation';

const enterprise = (partyMemberCount: number, hasBranch: boolean, shouldHaveBranchOverride: boolean | null = null) => ({ nonPublic: true, partyMemberCount, shouldHaveBranchOverride, hasBranch });

describe('the formation rule 组建率', () => {
  it('asks a branch of non-public enterprises with at least the minimum of party members, or as decided explicitly', () => {
    expect(shouldHaveBranch({ nonPublic: true, partyMemberCount: 3, shouldHaveBranchOverride: null }, 3)).toBe(true);
    expect(shouldHaveBranch({ nonPublic: true, partyMemberCount: 2, shouldHaveBranchOverride: null }, 3)).toBe(false);
    expect(shouldHaveBranch({ nonPublic: false, partyMemberCount: 50, shouldHaveBranchOverride: null }, 3)).toBe(false);
    expect(shouldHaveBranch({ nonPublic: false, partyMemberCount: 0, shouldHaveBranchOverride: true }, 3)).toBe(true);
    expect(shouldHaveBranch({ nonPublic: true, partyMemberCount: 10, shouldHaveBranchOverride: false }, 3)).toBe(false);
    expect(shouldHaveBranch({ nonPublic: true, partyMemberCount: 4, shouldHaveBranchOverride: null }, 5)).toBe(false);
  });

  it('reads 100.00 for 12 enterprises that should have a branch, 5 existing and 7 new', () => {
    const units = [...Array.from({ length: 12 }, (_, i) => enterprise(3 + i, true)), enterprise(1, false), { nonPublic: false, partyMemberCount: 9, shouldHaveBranchOverride: null, hasBranch: false }];
    expect(formationRate(units, 3)).toEqual({ numerator: 12, denominator: 12, percent: '100.00' });
  });

  it('counts only the units that should have one, and rounds half-up to two places', () => {
    const units = [...Array.from({ length: 5 }, () => enterprise(3, true)), ...Array.from({ length: 7 }, () => enterprise(4, false)), enterprise(0, true)];
    expect(formationRate(units, 3)).toEqual({ numerator: 5, denominator: 12, percent: '41.67' });
    expect(percentHalfUp(1, 8)).toBe('12.50');
    expect(percentHalfUp(1, 3)).toBe('33.33');
    expect(percentHalfUp(2, 3)).toBe('66.67');
    expect(percentHalfUp(1, 16)).toBe('6.25');
    expect(percentHalfUp(1, 80000)).toBe('0.00');
    expect(percentHalfUp(1, 40000)).toBe('0.00');
    expect(percentHalfUp(1, 20000)).toBe('0.01');
    expect(percentHalfUp(0, 0)).toBeNull();
  });
});
