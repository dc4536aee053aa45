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
 * Whether roles, node scope and department fit together: only a system administrator works
 * without a node scope (and only without one); a department officer names a department; an
 * operator's node is of its level.
 */
export function accountRuleErrors(dto: Pick<CreateAccountDto, 'roles' | 'nodeScope' | 'departmentCode'>): FieldError[] {
  const errors: FieldError[] = [];
  const admin = dto.roles.includes(Role.SystemAdmin);
  if (admin && dto.nodeScope) errors.push({ field: 'nodeScope', reason: 'a system administrator has no node scope' });
  if (!admin && !dto.nodeScope) errors.push({ field: 'nodeScope', reason: 'required for every role but system_admin' });
  if (dto.roles.includes(Role.DepartmentOfficer) && !dto.departmentCode) errors.push({ field: 'departmentCode', reason: 'required for a department officer' });
  if (!dto.roles.includes(Role.DepartmentOfficer) && dto.departmentCode) errors.push({ field: 'departmentCode', reason: 'only a department officer has a department' });
  if (dto.nodeScope) {
    for (const role of dto.roles) {
      const level = OPERATOR_LEVEL[role];
      if (level && !level.test(dto.nodeScope)) errors.push({ field: 'nodeScope', reason: `${role} needs ${level.what}` });
    }
  }
  return errors;
}
