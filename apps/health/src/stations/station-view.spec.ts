import { Role, type Caller } from '@citygrid/contracts/identity';
import { FieldCipher } from '@citygrid/pii';

import { DOCTOR_PHONE_CONTEXT, Station } from '../shared/station.entity';
import { StationsService } from './stations.service';

const caller = (roles: Role[], nodeScope: string | null, kind: Caller['kind'] = 'staff'): Caller => ({ id: 'a', kind, name: 'a', roles, nodeScope, departmentCode: null, staffId: null, scopes: [] });

describe('station as answered', () => {
  const cipher = FieldCipher.fromEnv({ NODE_ENV: 'test', PII_KEYS: '' });
  // the view needs only the cipher
  const service = new StationsService(null as never, null as never, null as never, cipher, null as never);
  const station = Object.assign(new Station(), {
    id: 'b4e87c32-0f72-487c-8ecd-441e14c9bef4',
    name: '林山寨社区卫生服务站',
    nodeCode: '410102005001',
    path: ['410100', '410102', '410102005', '410102005001'],
    lng: 113.5925,
    lat: 34.7683,
    openingHours: [],
    services: ['tcm'],
    doctors: [
      { name: '王医生', title: '全科主治医师', phone: cipher.encrypt('13800138000', DOCTOR_PHONE_CONTEXT) },
      { name: '李医生', title: '护士', phone: null },
    ],
    retired: false,
    createdAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: new Date('2026-12-01T00:00:00Z'),
  });

  it('keeps doctors’ phones encrypted at rest', () => {
    expect(station.doctors[0]?.phone).not.toContain('13800138000');
  });

  it('shows the phone in full to an operator and to grid staff of the area', () => {
    expect(service.view(caller([Role.CommunityOperator], '410102005001'), station).doctors.map((d) => d.phone)).toEqual(['13800138000', null]);
    expect(service.view(caller([Role.GridMember], '41010200500101'), station).doctors[0]?.phone).toBe('13800138000');
  });

  it('masks it for an auditor and a supervisor', () => {
    expect(service.view(caller([Role.Auditor], '410102005'), station).doctors.map((d) => d.phone)).toEqual(['138****8000', null]);
    expect(service.view(caller([Role.Supervisor], '410102005'), station).doctors[0]?.phone).toBe('138****8000');
  });
});
