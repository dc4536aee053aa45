import { maskEmail, maskIdNumber, maskPhone } from './mask';

describe('masking', () => {
  it('masks ID numbers as 410102********1234', () => {
    expect(maskIdNumber('410102199001011234')).toBe('410102********1234');
    expect(maskIdNumber('41010219900101123X')).toBe('410102********123X');
  });

  it('masks phones as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
  });

  it('is idempotent', () => {
    expect(maskIdNumber(maskIdNumber('410102199001011234'))).toBe('410102********1234');
    expect(maskPhone(maskPhone('13812345678'))).toBe('138****5678');
  });

  it('keeps at most the last four characters of odd lengths', () => {
    expect(maskIdNumber('410102900101123')).toBe('***********1123');
    expect(maskPhone('5551234')).toBe('***1234');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain, hides the rest, and hides whole what is no address', () => {
    expect(maskEmail('zhang.san@example.org')).toBe('z***@example.org');
    expect(maskEmail('王芳@例子.中国')).toBe('王***@例子.中国');
    expect(maskEmail('z***@example.org')).toBe('z***@example.org');
    expect(maskEmail('not-an-address')).toBe('***');
    expect(maskEmail('@example.org')).toBe('***');
  });
});
