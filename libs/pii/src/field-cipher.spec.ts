import { randomBytes } from 'node:crypto';

import { DEV_CIPHER_KID, FieldCipher } from './field-cipher';
import { localDevKey } from './keys';

const k1 = { kid: 'k1', key: randomBytes(32) };
const k2 = { kid: 'k2', key: randomBytes(32) };

describe('FieldCipher', () => {
  it('round-trips and writes v1.<kid>.<iv>.<tag>.<ciphertext> without the plain text', () => {
    const cipher = new FieldCipher([k1]);
    const value = cipher.encrypt('410102199001011237');
    expect(value).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(value).not.toContain('410102');
    expect(cipher.decrypt(value)).toBe('410102199001011237');
  });

  it('uses a fresh IV every time', () => {
    const cipher = new FieldCipher([k1]);
    expect(cipher.encrypt('13812345678')).not.toBe(cipher.encrypt('13812345678'));
  });

  it('refuses a tampered ciphertext, a wrong context and an unknown key', () => {
    const cipher = new FieldCipher([k1]);
    const value = cipher.encrypt('13812345678', 'resident.phone');
    const parts = value.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'resident.phone')).toThrow();
    expect(() => cipher.decrypt(value, 'resident.id_number')).toThrow();
    expect(() => new FieldCipher([k2]).decrypt(value, 'resident.phone')).toThrow(/no key k1/);
    expect(() => cipher.decrypt('not-a-ciphertext')).toThrow(/not a v1/);
  });

  it('rotates: encrypt with k1, ring k2,k1 decrypts the old value and re-encrypts it to k2', () => {
    const old = new FieldCipher([k1]).encrypt('410102199001011237', 'ctx');
    const ring = new FieldCipher([k2, k1]);
    expect(ring.currentKid).toBe('k2');
    expect(ring.needsReencrypt(old)).toBe(true);
    expect(ring.decrypt(old, 'ctx')).toBe('410102199001011237');
    const rotated = ring.reencrypt(old, 'ctx');
    expect(rotated.startsWith('v1.k2.')).toBe(true);
    expect(ring.needsReencrypt(rotated)).toBe(false);
    expect(ring.reencrypt(rotated, 'ctx')).toBe(rotated);
    // Once everything is rotated, k1 can leave the ring.
    expect(new FieldCipher([k2]).decrypt(rotated, 'ctx')).toBe('410102199001011237');
  });

  describe('fromEnv', () => {
    it('reads PII_KEYS, current key first, base64 or hex', () => {
      const env = { PII_KEYS: `new:${k2.key.toString('base64')}, old:${k1.key.toString('hex')}` };
      const cipher = FieldCipher.fromEnv(env);
      expect(cipher.currentKid).toBe('new');
      const old = new FieldCipher([{ kid: 'old', key: k1.key }]).encrypt('x');
      expect(cipher.decrypt(old)).toBe('x');
    });

    it('falls back to the clearly named local-dev key, and refuses it in production', () => {
      expect(FieldCipher.fromEnv({}).currentKid).toBe(DEV_CIPHER_KID);
      expect(() => FieldCipher.fromEnv({ NODE_ENV: 'production' })).toThrow(/PII_KEYS must be set in production/);
      expect(() => FieldCipher.fromEnv({ NODE_ENV: 'production', PII_KEYS: `${DEV_CIPHER_KID}:${k1.key.toString('base64')}` })).toThrow(/refused in production/);
      // the dev key material under another id, even behind a real current key
      const devKey = localDevKey('pii-field-key').toString('base64');
      expect(() => FieldCipher.fromEnv({ NODE_ENV: 'production', PII_KEYS: `k2:${k2.key.toString('base64')},renamed:${devKey}` })).toThrow(/local-dev key is refused in production/);
      expect(FieldCipher.fromEnv({ PII_KEYS: `renamed:${devKey}` }).currentKid).toBe('renamed');
    });

    it('does not echo a key written where its id belongs', () => {
      const secret = k1.key.toString('base64');
      let message = '';
      try {
        FieldCipher.fromEnv({ PII_KEYS: `${secret}:${k2.key.toString('base64')}` });
      } catch (err) {
        message = String(err);
      }
      expect(message).toMatch(/key id of entry 1/);
      expect(message).not.toContain(secret.slice(0, 12));
    });

    it('refuses malformed rings without echoing key material', () => {
      const secret = randomBytes(16).toString('base64');
      expect(() => FieldCipher.fromEnv({ PII_KEYS: `k1:${secret}` })).toThrow(/at least 32 bytes/);
      try {
        FieldCipher.fromEnv({ PII_KEYS: `k1:${secret}` });
      } catch (err) {
        expect(String(err)).not.toContain(secret);
      }
      expect(() => FieldCipher.fromEnv({ PII_KEYS: k1.key.toString('base64') })).toThrow(/kid:base64key/);
      expect(() => FieldCipher.fromEnv({ PII_KEYS: `a.b:${k1.key.toString('base64')}` })).toThrow(/key id/);
      expect(() => FieldCipher.fromEnv({ PII_KEYS: `k1:${k1.key.toString('base64')},k1:${k2.key.toString('base64')}` })).toThrow(/twice/);
    });
  });
});
