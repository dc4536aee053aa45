import { isUnifiedSocialCreditCode } from '@citygrid/contracts/employment';
import { buildLinshanzhaiDataset } from '@citygrid/demo-data';

describe('isUnifiedSocialCreditCode', () => {
  const codes = buildLinshanzhaiDataset()
    .units.map((u) => u.creditCode)
    .slice(0, 20);

  it('accepts well-formed codes with the right GB 32100 check character', () => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(isUnifiedSocialCreditCode(code)).toBe(true);
  });

  it('refuses a wrong check character, a wrong length and letters outside the alphabet', () => {
    const code = codes[0] as string;
    const wrong = `${code.slice(0, 17)}${code.endsWith('0') ? '1' : '0'}`;
    expect(isUnifiedSocialCreditCode(wrong)).toBe(false);
    expect(isUnifiedSocialCreditCode(code.slice(0, 17))).toBe(false);
    expect(isUnifiedSocialCreditCode(`${code.slice(0, 10)}I${code.slice(11)}`)).toBe(false);
  });
});
