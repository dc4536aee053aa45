import { Role, type Caller } from '@citygrid/contracts/identity';

import { assertClientMayCall, beneathScope, inScope, isSystemAdmin, pathFilter, seesPersonalData, visibleSubtree } from './scope';

const caller = (over: Partial<Caller>): Caller => ({ id: 'u1', kind: 'staff', name: 'u', roles: [], nodeScope: null, departmentCode: null, staffId: null, scopes: [], ...over });
const gridPath = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];

describe('grid scope', () => {
  it('lets a community operator see her community and everything beneath, nothing beside', () => {
    const sut = caller({ roles: [Role.CommunityOperator], nodeScope: '410102005001' });
    expect(inScope(sut, gridPath)).toBe(true);
    expect(inScope(sut, gridPath.slice(0, 4))).toBe(true);
    expect(inScope(sut, ['410100', '410102', '410102005', '410102005002'])).toBe(false);
    expect(inScope(sut, gridPath.slice(0, 3))).toBe(false);
  });

  it('lets operators change only strictly beneath their node', () => {
    const sut = caller({ roles: [Role.CommunityOperator], nodeScope: '410102005001' });
    expect(beneathScope(sut, gridPath.slice(0, 5))).toBe(true);
    expect(beneathScope(sut, gridPath.slice(0, 4))).toBe(false);
  });

  it('gives the whole system only to a system admin without a node; a scope-less non-admin sees nothing', () => {
    expect(inScope(caller({ roles: [Role.SystemAdmin] }), gridPath)).toBe(true);
    expect(isSystemAdmin(caller({ roles: [Role.SystemAdmin], nodeScope: '410102' }))).toBe(false);
    expect(inScope(caller({ roles: [Role.Auditor] }), gridPath)).toBe(false);
  });

  it('shows full personal data to grid staff and operators, never to auditors, supervisors, departments or clients', () => {
    expect(seesPersonalData(caller({ roles: [Role.GridMember], nodeScope: '4101020050010101' }))).toBe(true);
    for (const role of [Role.Auditor, Role.Supervisor, Role.DepartmentOfficer, Role.ApiClient]) {
      expect(seesPersonalData(caller({ roles: [role], nodeScope: '410102005' }))).toBe(false);
    }
  });
});

describe('pathFilter', () => {
  it('filters a scoped caller to her subtree, narrowed by `under`', () => {
    const sut = caller({ roles: [Role.CommunityOperator], nodeScope: '410102005001' });
    expect(pathFilter(sut, 'path')).toEqual({ path: { $contains: ['410102005001'] } });
    expect(pathFilter(sut, 'gridPath', '41010200500101')).toEqual({ gridPath: { $contains: ['410102005001', '41010200500101'] } });
  });
  it('gives the system admin everything and a scope-less non-admin (e.g. an API client) nothing', () => {
    expect(pathFilter(caller({ roles: [Role.SystemAdmin] }), 'path')).toEqual({});
    expect(pathFilter(caller({ roles: [Role.SystemAdmin] }), 'path', '410102')).toEqual({ path: { $contains: ['410102'] } });
    expect(pathFilter(caller({ kind: 'client', roles: [Role.ApiClient], scopes: ['registry:read'] }), 'path')).toBeNull();
    expect(visibleSubtree(caller({ roles: [Role.Auditor] }))).toBeNull();
  });
});

describe('assertClientMayCall', () => {
  const client = (scopes: string[]) => caller({ kind: 'client', roles: [Role.ApiClient], nodeScope: '410102005', scopes });
  it('lets a client call what its scopes cover, and nothing else', () => {
    expect(() => assertClientMayCall(client(['registry:read']), 'grid-registry.node.list')).not.toThrow();
    expect(() => assertClientMayCall(client(['registry:write']), 'grid-registry.node.list')).not.toThrow();
    expect(() => assertClientMayCall(client(['cases:write']), 'grid-registry.node.lookup')).not.toThrow();
    expect(() => assertClientMayCall(client(['cases:write']), 'grid-registry.node.list')).toThrow(/lacks the OAuth scope registry:read or registry:write/);
    expect(() => assertClientMayCall(client(['registry:read']), 'ticketing.case.create')).toThrow(/lacks the OAuth scope cases:write/);
    expect(() => assertClientMayCall(client(['cases:write']), 'ticketing.case.create')).not.toThrow();
    expect(() => assertClientMayCall(client(['cases:write', 'registry:write']), 'grid-registry.resident.list')).toThrow(/may not use this operation/);
    expect(() => assertClientMayCall(client(['registry:read']), 'no.such.pattern')).toThrow(/may not use/);
  });
  it('leaves staff to their roles', () => {
    expect(() => assertClientMayCall(caller({ roles: [Role.GridMember], nodeScope: '4101020050010101' }), 'ticketing.case.create')).not.toThrow();
  });
});
