import { FieldCipher } from '@citygrid/pii';

import { Member } from '../entities';
import { GRID_A, PATH_A, Role, staff, SUBDISTRICT } from '../shared/test-callers';
import { phoneContext, toMemberView } from './member-view';

describe('a party member as a caller sees them', () => {
  const cipher = FieldCipher.fromEnv({ NODE_ENV: 'test', PII_KEYS: '' });
  const member = Object.assign(new Member(), {
    id: '00000000-0000-4000-8000-000000000001',
    residentId: '00000000-0000-4000-8000-000000000002',
    name: '张三',
    organisationId: '00000000-0000-4000-8000-000000000003',
    gridCode: GRID_A,
    path: PATH_A,
    joinedOn: '2020-07-01',
    createdAt: new Date(),
  });
  member.phone = cipher.encrypt('13912345678', phoneContext(member.id));

  it('keeps the phone encrypted at rest', () => {
    expect(member.phone).not.toContain('13912345678');
  });

  it('shows grid staff the full phone and masks it for an auditor', () => {
    expect(toMemberView(staff([Role.GridMember], GRID_A), member, cipher)).toMatchObject({ phone: '13912345678', masked: false });
    const masked = toMemberView(staff([Role.Auditor], SUBDISTRICT), member, cipher);
    expect(masked.masked).toBe(true);
    expect(masked.phone).not.toBe('13912345678');
    expect(masked.phone).toMatch(/^139\*+5678$/);
  });
});
