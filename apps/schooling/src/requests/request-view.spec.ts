import { EnrolmentReason } from '@citygrid/contracts/schooling';
import { FieldCipher } from '@citygrid/pii';

import { GRID_A, PATH_A, Role, staff, SUBDISTRICT } from '../../test/callers';
import { CHILD_ID_CONTEXT, EnrolmentRequest, GUARDIAN_PHONE_CONTEXT } from './enrolment-request.entity';
import { toEventData, toRequestView } from './request-view';

const cipher = FieldCipher.fromEnv({ NODE_ENV: 'test', PII_KEYS: '' });
const ID = '410102201905011234';
const PHONE = '13800138000';

function request(): EnrolmentRequest {
  const at = new Date('2026-12-01T08:00:00.000Z');
  return Object.assign(new EnrolmentRequest(), {
    id: '00000000-0000-4000-8000-000000000001',
    householdId: '00000000-0000-4000-8000-000000000002',
    nodeCode: GRID_A,
    path: PATH_A,
    childName: '小明',
    childBirthDate: '2019-05-01',
    childGender: 'male',
    childIdNumber: cipher.encrypt(ID, CHILD_ID_CONTEXT),
    guardianName: '王芳',
    guardianPhone: cipher.encrypt(PHONE, GUARDIAN_PHONE_CONTEXT),
    grade: 1,
    schoolId: null,
    suggestedSchoolId: null,
    reason: EnrolmentReason.Relocation,
    relocationProjectId: 'project-7',
    state: 'received',
    receivedAt: at,
    deadline: new Date('2026-12-04T08:00:00.000Z'),
    settledAt: null,
    placedSchoolId: null,
    refusalReason: null,
    note: null,
    createdBy: 'account-1',
    updatedAt: at,
  });
}

describe('request views and events', () => {
  it('stores the ID number and phone encrypted', () => {
    const r = request();
    expect(r.childIdNumber).not.toContain(ID);
    expect(r.guardianPhone).not.toContain(PHONE);
  });

  it('shows the full ID number and phone to roles that see personal data', () => {
    const v = toRequestView(request(), [], staff([Role.GridMember], GRID_A), cipher);
    expect(v).toMatchObject({ childIdNumber: ID, guardianPhone: PHONE, masked: false });
  });

  it('masks them for auditors and supervisors', () => {
    for (const caller of [staff([Role.Auditor], SUBDISTRICT), staff([Role.Supervisor], SUBDISTRICT)]) {
      const v = toRequestView(request(), [], caller, cipher);
      expect(v.masked).toBe(true);
      expect(v.childIdNumber).not.toBe(ID);
      expect(v.childIdNumber).toMatch(/^4101.*\*+.*1234$/);
      expect(v.guardianPhone).not.toBe(PHONE);
      expect(v.guardianPhone).toMatch(/^138\*+8000$/);
    }
  });

  it('says whether the current step is overdue', () => {
    expect(toRequestView(request(), [], staff([Role.GridMember], GRID_A), cipher, new Date('2026-12-05T00:00:00.000Z')).overdue).toBe(true);
    expect(toRequestView(request(), [], staff([Role.GridMember], GRID_A), cipher, new Date('2026-12-02T00:00:00.000Z')).overdue).toBe(false);
  });

  it('puts no name, ID number or phone in the event', () => {
    const data = toEventData(request(), null, 'account-1');
    const text = JSON.stringify(data);
    for (const secret of ['小明', '王芳', ID, PHONE, '1234']) expect(text).not.toContain(secret);
    expect(data).toMatchObject({
      state: 'received',
      stateBefore: null,
      reason: 'relocation',
      relocationProjectId: 'project-7',
      deadline: '2026-12-04T08:00:00.000Z',
      settledAt: null,
      nodeCode: GRID_A,
      path: PATH_A,
    });
  });
});
