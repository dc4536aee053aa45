import { GRID_A, PATH_A, PATH_B, Role, staff, SUBDISTRICT } from '../../test/callers';
import { actorRoles, canSeeRequest, mayRaise, raisesRequests } from './request-access';

describe('who sees, raises and advances a request', () => {
  it('lets staff of the household’s subtree read it, and no one beside it (404)', () => {
    expect(canSeeRequest(staff([Role.GridMember], GRID_A), PATH_A)).toBe(true);
    expect(canSeeRequest(staff([Role.SubdistrictOperator], SUBDISTRICT), PATH_A)).toBe(true);
    expect(canSeeRequest(staff([Role.Auditor], SUBDISTRICT), PATH_B)).toBe(true);
    expect(canSeeRequest(staff([Role.GridMember], GRID_A), PATH_B)).toBe(false);
    expect(canSeeRequest(staff([Role.CommunityOperator], '410102006'), PATH_A)).toBe(false);
    expect(canSeeRequest(staff([Role.SystemAdmin], null), PATH_B)).toBe(true);
  });

  it('makes operators and grid staff in scope actors; auditors and supervisors only read (403 on a step)', () => {
    expect([...actorRoles(staff([Role.SubdistrictOperator], SUBDISTRICT), PATH_A)]).toEqual(['operator']);
    expect([...actorRoles(staff([Role.GridLeader], GRID_A), PATH_A)]).toEqual(['gridStaff']);
    expect([...actorRoles(staff([Role.SystemAdmin], null), PATH_A)]).toEqual(['operator']);
    expect(actorRoles(staff([Role.Auditor], SUBDISTRICT), PATH_A).size).toBe(0);
    expect(actorRoles(staff([Role.Supervisor], SUBDISTRICT), PATH_A).size).toBe(0);
    expect(actorRoles(staff([Role.SubdistrictOperator], '410102006'), PATH_A).size).toBe(0);
  });

  it('lets only operators and grid staff raise requests, for households of their area', () => {
    expect(mayRaise(staff([Role.GridMember], GRID_A), PATH_A)).toBe(true);
    expect(mayRaise(staff([Role.GridMember], GRID_A), PATH_B)).toBe(false);
    expect(raisesRequests(staff([Role.Auditor], SUBDISTRICT))).toBe(false);
    expect(raisesRequests(staff([Role.DepartmentOfficer], SUBDISTRICT))).toBe(false);
    expect(raisesRequests(staff([Role.CommunityOperator], SUBDISTRICT))).toBe(true);
  });
});
