import { GRID_A, GRID_B, PATH_A, PATH_B, Role, staff, SUBDISTRICT } from '../../test/callers';
import { canSeeSchool, mayManageSchool } from './school-access';

const subdistrictSchool = { nodeCode: SUBDISTRICT, path: PATH_A.slice(0, 3) };
const gridSchool = { nodeCode: GRID_B, path: PATH_B };

describe('who sees and manages a school', () => {
  it('shows a grid member the schools of the subdistrict above the grid, not those of another grid', () => {
    expect(canSeeSchool(staff([Role.GridMember], GRID_A), subdistrictSchool)).toBe(true);
    expect(canSeeSchool(staff([Role.GridMember], GRID_A), gridSchool)).toBe(false);
    expect(canSeeSchool(staff([Role.SubdistrictOperator], SUBDISTRICT), gridSchool)).toBe(true);
    expect(canSeeSchool(staff([Role.CommunityOperator], '410102006'), subdistrictSchool)).toBe(false);
  });

  it('lets operators manage only the schools of their own subtree (403 above it)', () => {
    expect(mayManageSchool(staff([Role.SubdistrictOperator], SUBDISTRICT), subdistrictSchool.path)).toBe(true);
    expect(mayManageSchool(staff([Role.CommunityOperator], GRID_A), subdistrictSchool.path)).toBe(false);
    expect(mayManageSchool(staff([Role.GridMember], SUBDISTRICT), subdistrictSchool.path)).toBe(false);
    expect(mayManageSchool(staff([Role.Auditor], SUBDISTRICT), subdistrictSchool.path)).toBe(false);
    expect(mayManageSchool(staff([Role.SystemAdmin], null), PATH_B)).toBe(true);
  });
});
