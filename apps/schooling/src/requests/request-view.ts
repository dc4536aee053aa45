import { seesPersonalData } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import type { EnrolmentRequestV1, EnrolmentRequestView } from '@citygrid/contracts/schooling';
import { maskIdNumber, maskPhone, type FieldCipher } from '@citygrid/pii';

import { isOverdue } from './deadlines';
import { CHILD_ID_CONTEXT, GUARDIAN_PHONE_CONTEXT, type EnrolmentRequest, type EnrolmentStep } from './enrolment-request.entity';

/** A request as the caller may see it: ID number and phone in full only for roles that see personal data. */
export function toRequestView(r: EnrolmentRequest, steps: readonly EnrolmentStep[], caller: Caller, cipher: FieldCipher, now: Date = new Date()): EnrolmentRequestView {
  const full = seesPersonalData(caller);
  const idNumber = r.childIdNumber === null ? null : cipher.decrypt(r.childIdNumber, CHILD_ID_CONTEXT);
  const phone = cipher.decrypt(r.guardianPhone, GUARDIAN_PHONE_CONTEXT);
  return {
    id: r.id,
    householdId: r.householdId,
    nodeCode: r.nodeCode,
    path: r.path,
    childName: r.childName,
    childBirthDate: r.childBirthDate,
    childGender: r.childGender,
    childIdNumber: idNumber === null ? null : full ? idNumber : maskIdNumber(idNumber),
    guardianName: r.guardianName,
    guardianPhone: full ? phone : maskPhone(phone),
    masked: !full,
    grade: r.grade,
    schoolId: r.schoolId,
    suggestedSchoolId: r.suggestedSchoolId,
    reason: r.reason,
    relocationProjectId: r.relocationProjectId,
    state: r.state,
    receivedAt: r.receivedAt.toISOString(),
    deadline: r.deadline?.toISOString() ?? null,
    overdue: isOverdue(r, now),
    settledAt: r.settledAt?.toISOString() ?? null,
    placedSchoolId: r.placedSchoolId,
    refusalReason: r.refusalReason,
    note: r.note,
    steps: steps.map((s) => ({ action: s.action, state: s.state, at: s.at.toISOString(), by: s.by, note: s.note })),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The event payload of a step: ids, states and dates only, never a name, ID number or phone. */
export function toEventData(r: EnrolmentRequest, stateBefore: EnrolmentRequestV1['stateBefore'], by: string): EnrolmentRequestV1 {
  return {
    id: r.id,
    householdId: r.householdId,
    reason: r.reason,
    stateBefore,
    state: r.state,
    nodeCode: r.nodeCode,
    path: r.path,
    receivedAt: r.receivedAt.toISOString(),
    deadline: r.deadline?.toISOString() ?? null,
    settledAt: r.settledAt?.toISOString() ?? null,
    relocationProjectId: r.relocationProjectId,
    by,
  };
}
