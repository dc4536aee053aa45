import { assertAllowed, hasCityWideAuthority, inScope, isFieldStaffOrOperator, isOperator, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';

/** Operators (any level) and the system administrator manage centres and catalogues in their area, and assign and cancel requests. */
export function assertOperator(caller: Caller, what: string): void {
  assertAllowed(caller.kind === 'staff' && isOperator(caller), `Only operators ${what}.`);
}

/** Who takes a request in: operators, grid staff and the system administrator (staff, not API clients). */
export function assertIntake(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && isFieldStaffOrOperator(caller), 'Only operators and grid staff take requests in.');
}

/** City-wide catalogue entries (the seeded ones): the system administrator's and city operators'. */
export function managesCityWide(caller: Caller): boolean {
  return caller.kind === 'staff' && (isSystemAdmin(caller) || hasCityWideAuthority(caller));
}

/** An operator whose area holds `path`. */
export function operatesAt(caller: Caller, path: readonly string[]): boolean {
  return caller.kind === 'staff' && isOperator(caller) && inScope(caller, path);
}

/** Lengths of node codes: city/district 6, subdistrict 9, community 12, grids 14 and 16. */
const CODE_LENGTHS = [6, 9, 12, 14, 16];

/** The codes of the nodes above `code` (its proper prefixes at the levels of the tree). */
export function ancestorsOf(code: string | null): string[] {
  if (code === null) return [];
  return CODE_LENGTHS.filter((n) => n < code.length).map((n) => code.slice(0, n));
}
