import { Role, type Caller } from '@citygrid/contracts/identity';

/** A staff caller for the unit tests. */
export function staff(roles: Role[], nodeScope: string | null, id = 'account-1'): Caller {
  return { id, kind: 'staff', name: id, roles, nodeScope, departmentCode: null, staffId: null, scopes: [] };
}

export const SUBDISTRICT = '410102005';
export const GRID_A = '410102005001';
export const GRID_B = '410102005002';
export const PATH_A = ['410100', '410102', SUBDISTRICT, GRID_A];
export const PATH_B = ['410100', '410102', SUBDISTRICT, GRID_B];
export { Role };
