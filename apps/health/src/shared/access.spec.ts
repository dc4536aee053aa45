import { Role, type Caller } from '@citygrid/contracts/identity';

import { assertManager, assertReader, assertVisitor, mayLogVisits, mayManage, mayRead, subtreeFilter } from './access';

const caller = (roles: Role[], nodeScope: string | null, kind: Caller['kind'] = 'staff'): Caller => ({ id: 'a', kind, name: 'a', roles, nodeScope, departmentCode: null, staffId: null, scopes: [] });

describe('who may do what in health', () => {
  const operator = caller([Role.CommunityOperator], '410102005001');
  const member = caller([Role.GridMember], '41010200500101');
  const auditor = caller([Role.Auditor], '410102005');
  const officer = caller([Role.DepartmentOfficer], '410102005');
  const client = caller([Role.ApiClient], '410102005', 'client');
  const admin = caller([Role.SystemAdmin], null);

  it('operators and the system administrator manage; grid staff log visits; auditors only read', () => {
    expect([operator, admin, member, auditor, officer, client].map(mayManage)).toEqual([true, true, false, false, false, false]);
    expect([operator, admin, member, auditor, officer, client].map(mayLogVisits)).toEqual([true, true, true, false, false, false]);
    expect([operator, admin, member, auditor, officer, client].map(mayRead)).toEqual([true, true, true, true, false, false]);
  });

  it('answers 403 to the others', () => {
    expect(() => assertManager(member)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertVisitor(auditor)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertReader(client)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertReader(auditor)).not.toThrow();
  });

  it('filters lists to the caller’s subtree, narrowed by `under`', () => {
    expect(subtreeFilter(operator, 'path')).toEqual({ path: { $contains: ['410102005001'] } });
    expect(subtreeFilter(operator, 'path', '41010200500101')).toEqual({ path: { $contains: ['410102005001', '41010200500101'] } });
    expect(subtreeFilter(admin, 'path')).toEqual({});
    expect(subtreeFilter(caller([Role.Auditor], null), 'path')).toBeNull();
  });
});
