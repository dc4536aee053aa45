import { hasCityWideAuthority, isSystemAdmin } from '@citygrid/auth';
import type { Caller } from '@citygrid/contracts/identity';

/**
 * Whether the caller may change ticketing's reference data (the working calendar and the category
 * tree with its time limits). Both apply to every case in the city, so only city-wide authority
 * changes them: the system administrator or a city operator (staff, scoped to a city node). A
 * subdistrict or district operator would otherwise move every other subdistrict's deadlines.
 */
export function managesReferenceData(caller: Caller): boolean {
  return isSystemAdmin(caller) || hasCityWideAuthority(caller);
}
