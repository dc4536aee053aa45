import { inScope, isFieldStaffOrOperator, isOperator, seesPersonalData } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';
import { maskPhone } from '@citygrid/pii';

/** Who sees and who changes the records of volunteers: the scope rules, in one place. */

/** Staff see the records of their subtree (anything else answers 404). */
export function canSee(caller: Caller, path: readonly string[]): boolean {
  return inScope(caller, path);
}

/** Operators of the record's area (and the system administrator) manage organisations, members and units. */
export function mayManage(caller: Caller, path: readonly string[]): boolean {
  return isOperator(caller) && inScope(caller, path);
}

/** Grid staff and operators of the area run teams and activities (sign-up, check-in, hours). */
export function mayRun(caller: Caller, path: readonly string[]): boolean {
  return isFieldStaffOrOperator(caller) && inScope(caller, path);
}

/** A phone as the caller may see it: in full for callers who see personal data, masked otherwise. */
export function phoneFor(caller: Caller, phone: string | null): { phone: string | null; masked: boolean } {
  if (seesPersonalData(caller)) return { phone, masked: false };
  return { phone: phone === null ? null : maskPhone(phone), masked: true };
}
