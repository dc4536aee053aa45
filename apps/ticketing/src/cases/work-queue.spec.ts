import { Role, type Caller } from '@citygrid/contracts/identity';
import { CaseState, DispatchTarget, WorkKind } from '@citygrid/contracts/ticketing';

import { aCase } from '../../test/fixtures';
import type { Case } from './case.entity';
import { platformOf, workKind } from './work-queue';

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
const caller = (roles: Role[], nodeScope: string, over: Partial<Caller> = {}): Caller =>
  ({ id: `u-${roles[0]}-${nodeScope}`, kind: 'staff', name: 'x', roles, nodeScope, departmentCode: null, staffId: null, scopes: [], ...over }) as Caller;
const kase = (over: Partial<Case>): Case => ({ ...aCase({ gridPath: PATH, level: 5, ...over }) }) as Case;
const NONE = new Set<string>();

describe('work queue', () => {
  const community = caller([Role.CommunityOperator], '410102005001');
  const subdistrict = caller([Role.SubdistrictOperator], '410102005');
  const member = caller([Role.GridMember], '4101020050010101');
  const officer = caller([Role.DepartmentOfficer], '410102005', { departmentCode: 'lsz-cm' });

  it('gives a case at the grid tier to the community platform, and an escalated one to the level it reached', () => {
    expect(platformOf({ gridPath: PATH, level: 5 })).toBe('410102005001');
    expect(platformOf({ gridPath: PATH, level: 2 })).toBe('410102005');
    expect(workKind(community, kase({ state: CaseState.Reported }), NONE)).toBe(WorkKind.Triage);
    expect(workKind(subdistrict, kase({ state: CaseState.Reported }), NONE)).toBeNull();
    const escalated = kase({ state: CaseState.Returned, level: 2 });
    expect(workKind(subdistrict, escalated, NONE)).toBe(WorkKind.Dispatch);
    expect(workKind(community, escalated, NONE)).toBeNull();
    const climbing = kase({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.GridStaff, level: 3, escalationCount: 1 });
    expect(workKind(community, climbing, NONE)).toBe(WorkKind.Escalated);
    expect(workKind(community, { ...climbing, level: 2 } as Case, NONE)).toBeNull();
    expect(workKind(subdistrict, { ...climbing, level: 2 } as Case, NONE)).toBe(WorkKind.Escalated);
  });

  it('asks an operator to decide a pending request, and holds the handler back until it is decided', () => {
    const c = kase({
      state: CaseState.Accepted,
      dispatchTarget: DispatchTarget.Department,
      departmentCode: 'lsz-cm',
      pendingRequest: { kind: 'extension', reason: 'r', requestedBy: 'u', requestedAt: '2026-12-01T00:00:00Z' },
    });
    expect(workKind(community, c, NONE)).toBe(WorkKind.Approve);
    expect(workKind(officer, c, NONE)).toBeNull();
  });

  it('gives the handler its dispatched and accepted cases, and the others nothing of them', () => {
    const d = kase({ state: CaseState.Dispatched, dispatchTarget: DispatchTarget.Department, departmentCode: 'lsz-cm' });
    expect(workKind(officer, d, NONE)).toBe(WorkKind.Accept);
    expect(workKind(officer, { ...d, state: CaseState.Accepted } as Case, NONE)).toBe(WorkKind.Handle);
    expect(workKind(caller([Role.DepartmentOfficer], '410102005', { departmentCode: 'lsz-police' }), d, NONE)).toBeNull();
    expect(workKind(member, d, NONE)).toBeNull();
    expect(workKind(member, { ...d, dispatchTarget: DispatchTarget.GridStaff, departmentCode: null } as Case, NONE)).toBe(WorkKind.Accept);
  });

  it('asks a verifier to verify what someone else handled, not what she handled herself', () => {
    const h = kase({ state: CaseState.Handled, handledBy: 'someone' });
    expect(workKind(member, h, NONE)).toBe(WorkKind.Verify);
    expect(workKind(member, { ...h, handledBy: member.id } as Case, NONE)).toBeNull();
    expect(workKind(member, { ...h, handledBy: member.id } as Case, new Set([h.categoryCode]))).toBe(WorkKind.Verify);
    expect(workKind(officer, h, NONE)).toBeNull();
  });
});
