import { canSee, mayManage, mayRun, phoneFor } from './access';
import { GRID_A, PATH_A, PATH_B, Role, staff, SUBDISTRICT } from './test-callers';

describe('who sees and changes volunteers records', () => {
  it('shows a record only within the caller’s subtree (404 beside it)', () => {
    expect(canSee(staff([Role.GridMember], GRID_A), PATH_A)).toBe(true);
    expect(canSee(staff([Role.GridMember], GRID_A), PATH_B)).toBe(false);
    expect(canSee(staff([Role.Auditor], SUBDISTRICT), PATH_B)).toBe(true);
    expect(canSee(staff([Role.SystemAdmin], null), PATH_B)).toBe(true);
  });

  it('lets operators manage, grid staff run activities, and refuses the others (403)', () => {
    expect(mayManage(staff([Role.CommunityOperator], SUBDISTRICT), PATH_A)).toBe(true);
    expect(mayManage(staff([Role.GridMember], GRID_A), PATH_A)).toBe(false);
    expect(mayManage(staff([Role.Auditor], SUBDISTRICT), PATH_A)).toBe(false);
    expect(mayRun(staff([Role.GridMember], GRID_A), PATH_A)).toBe(true);
    expect(mayRun(staff([Role.GridMember], GRID_A), PATH_B)).toBe(false);
    expect(mayRun(staff([Role.Auditor], SUBDISTRICT), PATH_A)).toBe(false);
  });

  it('masks a member’s phone for callers who do not see personal data', () => {
    expect(phoneFor(staff([Role.GridMember], GRID_A), '13800138000')).toEqual({ phone: '13800138000', masked: false });
    const masked = phoneFor(staff([Role.Auditor], SUBDISTRICT), '13800138000');
    expect(masked.masked).toBe(true);
    expect(masked.phone).not.toContain('0013');
    expect(masked.phone).toMatch(/^138\*+8000$/);
    expect(phoneFor(staff([Role.Auditor], SUBDISTRICT), null)).toEqual({ phone: null, masked: true });
  });
});
