import { randomBytes } from 'node:crypto';

import { BlindIndex } from './blind-index';

describe('BlindIndex', () => {
  const index = new BlindIndex(randomBytes(32));

  it('is deterministic over the normalised value', () => {
    expect(index.idNumber('41010219900101123x')).toBe(index.idNumber(' 41010219900101123X '));
    expect(index.phone('+86 138-1234-5678')).toBe(index.phone('13812345678'));
    expect(index.idNumber('410102199001011237')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('separates kinds and keys', () => {
    expect(index.of('phone', '13812345678')).not.toBe(index.of('id-number', '13812345678'));
    expect(new BlindIndex(randomBytes(32)).phone('13812345678')).not.toBe(index.phone('13812345678'));
  });

  it('reads PII_INDEX_KEY as hex or base64, defaults outside production only', () => {
    const key = randomBytes(32);
    expect(BlindIndex.fromEnv({ PII_INDEX_KEY: key.toString('hex') }).phone('13812345678')).toBe(new BlindIndex(key).phone('13812345678'));
    expect(BlindIndex.fromEnv({ PII_INDEX_KEY: key.toString('base64') }).phone('13812345678')).toBe(new BlindIndex(key).phone('13812345678'));
    expect(BlindIndex.fromEnv({}).phone('13812345678')).toBe(BlindIndex.fromEnv({}).phone('13812345678'));
    expect(() => BlindIndex.fromEnv({ NODE_ENV: 'production' })).toThrow(/PII_INDEX_KEY must be set/);
    expect(() => BlindIndex.fromEnv({ PII_INDEX_KEY: 'abcd' })).toThrow(/at least 32 bytes/);
  });
});
