import { randomBytes } from 'node:crypto';

import { KeyEncryption } from './key-encryption';

describe('KeyEncryption (AES-256-GCM)', () => {
  const secret = randomBytes(32).toString('base64');
  const sut = new KeyEncryption(secret);
  const jwk = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: 'private-part', x: 'public-part' });

  it('round-trips and never stores the plaintext', () => {
    const sealed = sut.seal(jwk, 'kid-1');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('private-part');
    expect(sut.open(sealed, 'kid-1')).toBe(jwk);
  });

  it('uses a fresh IV each time', () => {
    expect(sut.seal(jwk, 'kid-1')).not.toBe(sut.seal(jwk, 'kid-1'));
  });

  it('refuses another kid, another secret and a tampered ciphertext', () => {
    const sealed = sut.seal(jwk, 'kid-1');
    expect(() => sut.open(sealed, 'kid-2')).toThrow();
    expect(() => new KeyEncryption(randomBytes(32).toString('base64')).open(sealed, 'kid-1')).toThrow();
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => sut.open([parts[0], parts[1], parts[2], ct.toString('base64url')].join('.'), 'kid-1')).toThrow();
    expect(() => sut.open('garbage', 'kid-1')).toThrow();
  });

  it('requires a 32-byte secret', () => {
    expect(() => new KeyEncryption(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
