import { Role } from '@citygrid/contracts/identity';

import { accountRuleErrors } from './account-rules';

describe('accountRuleErrors', () => {
  it('accepts a system administrator without node scope and operators at their level', () => {
    expect(accountRuleErrors({ roles: [Role.SystemAdmin] })).toEqual([]);
    expect(accountRuleErrors({ roles: [Role.CityOperator], nodeScope: '410100' })).toEqual([]);
    expect(accountRuleErrors({ roles: [Role.DistrictOperator], nodeScope: '410102' })).toEqual([]);
    expect(accountRuleErrors({ roles: [Role.CommunityOperator], nodeScope: '410102005001' })).toEqual([]);
    expect(accountRuleErrors({ roles: [Role.DepartmentOfficer], nodeScope: '410102005', departmentCode: 'lsz-police' })).toEqual([]);
  });

  it('refuses a missing or superfluous node scope and department', () => {
    expect(accountRuleErrors({ roles: [Role.GridMember] }).map((e) => e.field)).toEqual(['nodeScope']);
    expect(accountRuleErrors({ roles: [Role.SystemAdmin], nodeScope: '410100' }).map((e) => e.field)).toEqual(['nodeScope']);
    expect(accountRuleErrors({ roles: [Role.DepartmentOfficer], nodeScope: '410102005' }).map((e) => e.field)).toEqual(['departmentCode']);
    expect(accountRuleErrors({ roles: [Role.GridMember], nodeScope: '4101020050010101', departmentCode: 'lsz-police' }).map((e) => e.field)).toEqual(['departmentCode']);
  });

  it('refuses a staff link for a system administrator, and accepts it for everyone else', () => {
    const staffId = '5d7a2c1e-0000-4000-8000-000000000001';
    expect(accountRuleErrors({ roles: [Role.SystemAdmin], staffId }).map((e) => e.field)).toEqual(['staffId']);
    expect(accountRuleErrors({ roles: [Role.GridMember], nodeScope: '4101020050010101', staffId })).toEqual([]);
  });

  it('refuses an operator at a node of another level', () => {
    expect(accountRuleErrors({ roles: [Role.CityOperator], nodeScope: '410102' })[0]?.reason).toMatch(/city code/);
    expect(accountRuleErrors({ roles: [Role.CommunityOperator], nodeScope: '410102005' })[0]?.reason).toMatch(/community code/);
  });
});
