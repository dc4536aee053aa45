import { Role, type Caller } from '@citygrid/contracts/identity';

import { canUpload } from './photos.service';

const caller = (roles: Role[], extra: Partial<Caller> = {}): Caller => ({
  id: 'a',
  kind: 'staff',
  name: 'a',
  roles,
  nodeScope: '410102005',
  departmentCode: null,
  staffId: null,
  scopes: [],
  ...extra,
});

describe('who may upload photos', () => {
  it('lets those who report and those who handle cases upload: operators, grid staff, department officers, API clients', () => {
    expect(canUpload(caller([Role.CommunityOperator]))).toBe(true);
    expect(canUpload(caller([Role.GridMember]))).toBe(true);
    expect(canUpload(caller([Role.DepartmentOfficer], { departmentCode: 'lsz-police' }))).toBe(true);
    expect(canUpload(caller([], { kind: 'client' }))).toBe(true);
  });

  it('refuses those who only read or oversee', () => {
    expect(canUpload(caller([Role.Auditor]))).toBe(false);
    expect(canUpload(caller([Role.Supervisor]))).toBe(false);
  });
});
