import { idCheckChar, isMainlandMobile, isResidentIdNumber, normalizePhone } from './validators';

const withCheck = (first17: string) => first17 + idCheckChar(first17);

describe('resident ID numbers (GB 11643)', () => {
  it('accepts valid numbers, including an X check character in either case', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
    expect(isResidentIdNumber(withCheck('41010219900101123'))).toBe(true);
  });

  it('refuses a wrong check character', () => {
    const good = withCheck('41010219900101123');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(isResidentIdNumber(bad)).toBe(false);
  });

  it('refuses impossible and future birth dates', () => {
    expect(isResidentIdNumber(withCheck('41010219900230123'))).toBe(false);
    expect(isResidentIdNumber(withCheck('41010219901301123'))).toBe(false);
    expect(isResidentIdNumber(withCheck('41010218991231123'))).toBe(false);
    expect(isResidentIdNumber(withCheck('41010220300101123'), new Date('2026-01-01'))).toBe(false);
    expect(isResidentIdNumber(withCheck('41010220000229123'))).toBe(true);
  });

  it('refuses wrong shapes', () => {
    for (const v of ['', '4101021990010112', '4101021990010112345', '41010219900101123A', 'abcdefghijklmnopqr']) expect(isResidentIdNumber(v)).toBe(false);
  });
});

describe('mainland mobiles', () => {
  it('accepts 1[3-9] and nine digits, with common punctuation and +86', () => {
    for (const v of ['13812345678', '19912345678', '138 1234 5678', '+86 138-1234-5678', '008613812345678']) expect(isMainlandMobile(v)).toBe(true);
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
  });

  it('refuses others', () => {
    for (const v of ['12812345678', '1381234567', '138123456789', '03712345678', 'phone']) expect(isMainlandMobile(v)).toBe(false);
  });
});
