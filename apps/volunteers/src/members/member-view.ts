import type { Caller } from '@citygrid/contracts/identity';
import type { MemberView } from '@citygrid/contracts/volunteers';
import type { FieldCipher } from '@citygrid/pii';

import type { Member } from '../entities';
import { phoneFor } from '../shared/access';

/** Encryption context of a member's phone: bound to the member, so a value moved to another row does not decrypt. */
export function phoneContext(memberId: string): string {
  return `volunteers.member.phone:${memberId}`;
}

/** A member as the caller may see them: the phone decrypted, then masked for callers without personal-data rights. */
export function toMemberView(caller: Caller, m: Member, cipher: FieldCipher): MemberView {
  const phone = m.phone === null ? null : cipher.decrypt(m.phone, phoneContext(m.id));
  return { id: m.id, residentId: m.residentId, name: m.name, organisationId: m.organisationId, gridCode: m.gridCode, path: m.path, joinedOn: m.joinedOn, ...phoneFor(caller, phone) };
}
