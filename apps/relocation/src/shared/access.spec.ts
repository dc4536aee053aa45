import { GRID_A, GRID_B, PATH_A, PATH_B, Role, staff, SUBDISTRICT } from '../../test/callers';
import { canSee, manages, seesProject, worksOn } from './access';

/** A project opened at grid A whose red line reaches no other grid. */
const inA = { path: PATH_A, reach: PATH_A };
/** A project opened at the subdistrict whose red line covers places in grid B. */
const atSubdistrict = { path: PATH_A.slice(0, 3), reach: PATH_B };

describe('who reads, manages and works a project', () => {
  it('lets staff in scope read, operators manage and grid staff work', () => {
    expect(canSee(staff([Role.Auditor], SUBDISTRICT), PATH_A)).toBe(true);
    expect(worksOn(staff([Role.GridLeader], GRID_A), inA)).toBe(true);
    expect(manages(staff([Role.GridLeader], GRID_A), PATH_A)).toBe(false);
    expect(manages(staff([Role.SubdistrictOperator], SUBDISTRICT), PATH_A)).toBe(true);
    expect(worksOn(staff([Role.Auditor], SUBDISTRICT), inA)).toBe(false);
  });

  it('hides a project outside the caller’s subtree and reach', () => {
    expect(seesProject(staff([Role.GridLeader], GRID_B), inA)).toBe(false);
    expect(worksOn(staff([Role.GridLeader], GRID_B), inA)).toBe(false);
  });

  it('shows a project to the grid staff of a grid its red line reaches, who work it but do not manage it', () => {
    const member = staff([Role.GridMember], GRID_B);
    expect(canSee(member, atSubdistrict.path)).toBe(false);
    expect(seesProject(member, atSubdistrict)).toBe(true);
    expect(worksOn(member, atSubdistrict)).toBe(true);
    expect(manages(member, atSubdistrict.path)).toBe(false);
    expect(seesProject(staff([Role.GridMember], GRID_A), atSubdistrict)).toBe(false);
  });
});
