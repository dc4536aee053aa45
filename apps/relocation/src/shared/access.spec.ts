import { GRID_A, GRID_B, PATH_A, Role, staff, SUBDISTRICT } from '../../test/callers';
import { canSee, manages, works } from './access';

describe('who reads, manages and works a project', () => {
  it('lets staff in scope read, operators manage and grid staff work', () => {
    expect(canSee(staff([Role.Auditor], SUBDISTRICT), PATH_A)).toBe(true);
    expect(works(staff([Role.GridLeader], GRID_A), PATH_A)).toBe(true);
    expect(manages(staff([Role.GridLeader], GRID_A), PATH_A)).toBe(false);
    expect(manages(staff([Role.SubdistrictOperator], SUBDISTRICT), PATH_A)).toBe(true);
    expect(works(staff([Role.Auditor], SUBDISTRICT), PATH_A)).toBe(false);
  });

  it('hides a project outside the caller’s subtree', () => {
    expect(canSee(staff([Role.GridLeader], GRID_B), PATH_A)).toBe(false);
    expect(works(staff([Role.GridLeader], GRID_B), PATH_A)).toBe(false);
  });
});
