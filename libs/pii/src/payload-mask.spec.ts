import { maskEventPayload, maskName, maskNumbersInText } from './payload-mask';

const ID = '11010519491231002X';

describe('maskName', () => {
  it('keeps the first character of a name or text, never all of it', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('伏牛路88号院3号楼502')).toBe('伏********');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠀋𠀌')).toBe('𠀋*');
    expect(maskName('')).toBe('');
  });
});

describe('maskEventPayload', () => {
  it('keeps ids, node codes, times, codes, numbers and booleans of a staff assignment, and masks the name', () => {
    const data = {
      assignmentId: '0b8f3f0e-1380-4a4b-9d8e-1381234567ab',
      staffId: '5d7a2c1e-0000-4000-8000-000000000001',
      staffName: '王芳',
      nodeId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      nodeCode: '4101020050010101',
      path: ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'],
      role: 'grid_member',
      at: '2026-12-01T08:30:00.000Z',
      level: 3,
      active: true,
      category: 'CM05',
      department: 'DEPT-A',
    };
    expect(maskEventPayload(data)).toEqual({ ...data, staffName: '王*' });
  });

  it('masks ID numbers and phones wherever they are, and free text or names under any key', () => {
    expect(maskEventPayload({ note: ID, contact: '13812345678', reporter: { name: 'Zhang Wei', phone: '021-5555-1234' }, remarks: ['李四说', 'zhang.wei'] })).toEqual({
      note: '110105********002X',
      contact: '138****5678',
      reporter: { name: 'Z********', phone: '021****1234' },
      remarks: ['李**', 'zhang.wei'],
    });
    // a code-shaped value in a field that names a person is masked all the same
    expect(maskEventPayload({ name: 'wangfang', address: '410102005001' })).toEqual({ name: 'w*******', address: '4********' });
  });

  it('removes credentials, ciphertext and keyed hashes, and keeps nulls', () => {
    expect(maskEventPayload({ password: 'x', idNumberCipher: 'v1.k.a', phoneIndex: 'ab12', token: null, accessToken: 'eyJ' })).toEqual({
      password: '[removed]',
      idNumberCipher: '[removed]',
      phoneIndex: '[removed]',
      token: null,
      accessToken: '[removed]',
    });
  });

  it('masks a digit run that is no node code (an employee number, a landline)', () => {
    expect(maskEventPayload({ employeeNo: '20260001', other: '0371-67891234' })).toEqual({ employeeNo: '2*******', other: '0********' });
  });
});

describe('maskNumbersInText', () => {
  it('masks ID numbers and mobiles inside a message, and leaves ids and codes', () => {
    expect(maskNumbersInText(`resident ${ID} (13912345678) at 4101020050010101, staff 5d7a2c1e-0000-4000-8000-000000000001`)).toBe(
      'resident 110105********002X (139****5678) at 4101020050010101, staff 5d7a2c1e-0000-4000-8000-000000000001',
    );
  });
});
