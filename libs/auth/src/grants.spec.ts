import { Role, type Caller } from '@citygrid/contracts/identity';

import { GRANT_RULES, grantingRole, grantViolations, mayGrant, nodeStrictlyWithin, nodeWithin, scopePrefix } from './grants';

const caller = (over: Partial<Caller>): Caller => ({ id: 'u1', kind: 'staff', name: 'u', roles: [], nodeScope: null, departmentCode: null, staffId: null, scopes: [], ...over });
const COMMUNITY = '410102005001';
const community = caller({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY });
const subdistrict = caller({ roles: [Role.SubdistrictOperator], nodeScope: '410102005' });
const city = caller({ roles: [Role.CityOperator], nodeScope: '410100' });
const admin = caller({ roles: [Role.SystemAdmin] });

describe('nodeWithin', () => {
  it('contains the node itself and every code beneath it', () => {
    expect(nodeWithin('410102005', '410102005')).toBe(true);
    expect(nodeWithin('410102005', '410102005001')).toBe(true);
    expect(nodeWithin('410102005001', '4101020050010101')).toBe(true);
  });

  it('puts districts under their city (first four digits)', () => {
    expect(scopePrefix('410100')).toBe('4101');
    expect(nodeWithin('410100', '410102')).toBe(true);
    expect(nodeWithin('410100', '410102005001')).toBe(true);
    expect(nodeWithin('410100', '410200')).toBe(false);
  });

  it('keeps siblings apart', () => {
    expect(nodeWithin('410102005001', '410102005002')).toBe(false);
    expect(nodeWithin('410102', '410103005')).toBe(false);
    expect(nodeWithin('410102005001', '410102005')).toBe(false);
  });

  it('tells a node beneath from the node itself', () => {
    expect(nodeStrictlyWithin('410100', '410100')).toBe(false);
    expect(nodeStrictlyWithin('410100', '410102')).toBe(true);
    expect(nodeStrictlyWithin('410102005', '410102005001')).toBe(true);
    expect(nodeStrictlyWithin('410102005', '410102006001')).toBe(false);
  });
});

describe('grantingRole', () => {
  it('is the highest operator role, the admin only without a node, nobody else', () => {
    expect(grantingRole(admin)).toBe(Role.SystemAdmin);
    expect(grantingRole(caller({ roles: [Role.CommunityOperator, Role.DistrictOperator], nodeScope: '410102' }))).toBe(Role.DistrictOperator);
    expect(grantingRole(caller({ roles: [Role.SystemAdmin], nodeScope: '410102' }))).toBeUndefined();
    expect(grantingRole(caller({ roles: [Role.CommunityOperator] }))).toBeUndefined();
    for (const role of [Role.GridLeader, Role.DepartmentOfficer, Role.Supervisor, Role.Auditor]) expect(grantingRole(caller({ roles: [role], nodeScope: COMMUNITY }))).toBeUndefined();
    expect(grantingRole(caller({ kind: 'client', roles: [Role.ApiClient, Role.CityOperator], nodeScope: '410100' }))).toBeUndefined();
  });
});

describe('grantViolations', () => {
  it('lets the system administrator grant every account role anywhere', () => {
    expect(grantViolations(admin, { roles: [Role.SystemAdmin], nodeScope: null })).toEqual([]);
    expect(grantViolations(admin, { roles: [Role.CityOperator], nodeScope: '410100' })).toEqual([]);
    expect(grantViolations(admin, { roles: [Role.Supervisor, Role.Auditor], nodeScope: '410100' })).toEqual([]);
  });

  it('lets a community operator grant its own level and the grid and department roles, inside its community', () => {
    expect(grantViolations(community, { roles: [Role.CommunityOperator], nodeScope: COMMUNITY })).toEqual([]);
    expect(grantViolations(community, { roles: [Role.GridLeader], nodeScope: `${COMMUNITY}01` })).toEqual([]);
    expect(grantViolations(community, { roles: [Role.GridMember, Role.ResponsiblePerson], nodeScope: `${COMMUNITY}0101` })).toEqual([]);
    expect(grantViolations(community, { roles: [Role.DepartmentOfficer], nodeScope: COMMUNITY })).toEqual([]);
  });

  it('refuses a community operator a department officer scoped outside its community, naming the field', () => {
    expect(grantViolations(community, { roles: [Role.DepartmentOfficer], nodeScope: '410102005002' })).toEqual([{ field: 'nodeScope', reason: '410102005002 lies outside your scope 410102005001' }]);
    expect(grantViolations(community, { roles: [Role.DepartmentOfficer], nodeScope: '410102005' })).toEqual([{ field: 'nodeScope', reason: '410102005 lies outside your scope 410102005001' }]);
    expect(grantViolations(community, { roles: [Role.DepartmentOfficer], nodeScope: null })).toEqual([{ field: 'nodeScope', reason: 'required: a node within your scope 410102005001' }]);
  });

  it('refuses roles above the granter, each one named', () => {
    expect(grantViolations(community, { roles: [Role.CityOperator], nodeScope: COMMUNITY })).toEqual([
      { field: 'roles', reason: 'community_operator may not grant city_operator (only city_operator and above)' },
    ]);
    expect(grantViolations(community, { roles: [Role.SystemAdmin], nodeScope: null }).map((e) => e.field)).toEqual(['roles', 'nodeScope']);
    expect(grantViolations(subdistrict, { roles: [Role.DistrictOperator, Role.CityOperator], nodeScope: '410102005' }).map((e) => e.reason)).toEqual([
      'subdistrict_operator may not grant district_operator (only district_operator and above)',
      'subdistrict_operator may not grant city_operator (only city_operator and above)',
    ]);
    expect(mayGrant(city, { roles: [Role.CityOperator], nodeScope: '410100' })).toBe(true);
    expect(mayGrant(city, { roles: [Role.CityOperator], nodeScope: '410200' })).toBe(false);
  });

  it('has supervisors and auditors appointed from above: strictly beneath a subdistrict operator or higher', () => {
    expect(grantViolations(community, { roles: [Role.Supervisor], nodeScope: `${COMMUNITY}01` })).toEqual([
      { field: 'roles', reason: 'community_operator may not grant supervisor (only subdistrict_operator and above)' },
    ]);
    expect(grantViolations(subdistrict, { roles: [Role.Supervisor], nodeScope: COMMUNITY })).toEqual([]);
    expect(grantViolations(subdistrict, { roles: [Role.Auditor], nodeScope: '410102005' })).toEqual([
      { field: 'nodeScope', reason: 'auditor oversees its node: grant it only beneath your own node 410102005' },
    ]);
    expect(mayGrant(city, { roles: [Role.Supervisor], nodeScope: '410102005' })).toBe(true);
    expect(mayGrant(city, { roles: [Role.Supervisor], nodeScope: '410100' })).toBe(false);
  });

  it('lets nobody else grant anything, and no one grant api_client', () => {
    for (const who of [
      caller({ roles: [Role.Auditor], nodeScope: COMMUNITY }),
      caller({ roles: [Role.Supervisor], nodeScope: COMMUNITY }),
      caller({ kind: 'client', roles: [Role.ApiClient], nodeScope: COMMUNITY }),
    ]) {
      expect(grantViolations(who, { roles: [Role.GridMember], nodeScope: `${COMMUNITY}0101` })).toEqual([{ field: 'roles', reason: 'only operators and the system administrator grant roles' }]);
    }
    expect(grantViolations(admin, { roles: [Role.ApiClient], nodeScope: COMMUNITY })).toEqual([{ field: 'roles', reason: 'api_client is not an account role' }]);
  });

  it('has a rule for every role', () => {
    expect(Object.keys(GRANT_RULES).sort()).toEqual(Object.values(Role).sort());
  });
});
