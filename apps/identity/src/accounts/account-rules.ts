import type { FieldError } from '@citygrid/contracts';
import { Role, type CreateAccountDto } from '@citygrid/contracts/identity';

/** Node level each operator role works at, as the length (and shape) of its node code. */
const OPERATOR_LEVEL: Partial<Record<Role, { test: (code: string) => boolean; what: string }>> = {
  [Role.CityOperator]: { test: (c) => /^\d{4}00$/.test(c), what: 'a city code (6 digits ending in 00)' },
  [Role.DistrictOperator]: { test: (c) => /^\d{6}$/.test(c) && !c.endsWith('00'), what: 'a district code (6 digits)' },
  [Role.SubdistrictOperator]: { test: (c) => /^\d{9}$/.test(c), what: 'a subdistrict code (9 digits)' },
  [Role.CommunityOperator]: { test: (c) => /^\d{12}$/.test(c), what: 'a community code (12 digits)' },
};

/**
 * Whether roles, node scope, department and staff link fit together: only a system administrator
 * works without a node scope (and only without one), and follows no staff member's assignments
 * (its scope is the whole system); a department officer names a department; an operator's node is
 * of its level.
 */
export function accountRuleErrors(dto: Pick<CreateAccountDto, 'roles' | 'nodeScope' | 'departmentCode' | 'staffId'>): FieldError[] {
  const errors: FieldError[] = [];
  const admin = dto.roles.includes(Role.SystemAdmin);
  if (admin && dto.nodeScope) errors.push({ field: 'nodeScope', reason: 'a system administrator has no node scope' });
  if (!admin && !dto.nodeScope) errors.push({ field: 'nodeScope', reason: 'required for every role but system_admin' });
  if (admin && dto.staffId) errors.push({ field: 'staffId', reason: 'a system administrator works on the whole system, not where a staff member is assigned' });
  if (dto.roles.includes(Role.DepartmentOfficer) && !dto.departmentCode) errors.push({ field: 'departmentCode', reason: 'required for a department officer' });
  if (!dto.roles.includes(Role.DepartmentOfficer) && dto.departmentCode) errors.push({ field: 'departmentCode', reason: 'only a department officer has a department' });
  if (dto.nodeScope) errors.push(...scopeLevelErrors(dto.roles, dto.nodeScope).map((reason) => ({ field: 'nodeScope', reason })));
  return errors;
}

/** Why `nodeScope` is of the wrong level for an operator role among `roles` (`community_operator needs a community code …`); empty when it fits. */
export function scopeLevelErrors(roles: readonly Role[], nodeScope: string): string[] {
  return roles.flatMap((role) => {
    const level = OPERATOR_LEVEL[role];
    return level && !level.test(nodeScope) ? [`${role} needs ${level.what}`] : [];
  });
}
