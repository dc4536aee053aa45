import { assertAllowed, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';

/** An inbox and delivery settings belong to staff accounts; an API client has neither. */
export function assertStaff(caller: Caller): void {
  assertAllowed(caller.kind === 'staff', 'Only staff accounts have notifications.');
}

/** Deliveries (with their errors) are the system administrator's to see. */
export function assertSystemAdmin(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && isSystemAdmin(caller), 'Only the system administrator sees deliveries.');
}
