import { auditSnapshot, maskForAudit } from './audit-mask';

const ID = '11010519491231002X';

describe('maskForAudit', () => {
  it('masks ID numbers and phones by key, at any depth', () => {
    expect(maskForAudit({ idNumber: ID, phone: '13812345678', nested: [{ mobile: '13912345678' }] })).toEqual({
      idNumber: '110105********002X',
      phone: '138****5678',
      nested: [{ mobile: '139****5678' }],
    });
  });

  it('masks a whole value that is a valid ID number or mobile, whatever its key', () => {
    expect(maskForAudit({ note: ID, contact: '13812345678', code: '4101020050010101' })).toEqual({ note: '110105********002X', contact: '138****5678', code: '4101020050010101' });
  });

  it('removes ciphertext, blind indexes and credentials, keeps nulls', () => {
    expect(maskForAudit({ idNumberCipher: 'v1.k.a.b.c', idNumberIndex: 'ab12', password: 'x', phoneCipher: null })).toEqual({
      idNumberCipher: '[removed]',
      idNumberIndex: '[removed]',
      password: '[removed]',
      phoneCipher: null,
    });
  });

  it('leaves other data alone and snapshots objects or null', () => {
    const data = { id: '0b8f3f0e-1380-4a4b-9d8e-138123456789', path: ['410100', '410102'], members: 3, at: new Date('2026-01-01T00:00:00Z') };
    expect(auditSnapshot(data)).toEqual({ ...data, at: '2026-01-01T00:00:00.000Z' });
    expect(auditSnapshot(undefined)).toBeNull();
    expect(auditSnapshot('x')).toEqual({ value: 'x' });
  });
});
