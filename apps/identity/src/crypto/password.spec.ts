import { hashPassword, SCRYPT_PARAMS, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery');
    const [alg, N, r, p, salt, key] = stored.split('$');
    expect([alg, Number(N), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(64);
    expect(stored).not.toContain('correct horse battery');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('verifies hashes made with other parameters (they are read from the stored string)', async () => {
    const weaker = await hashPassword('old password', { N: 2 ** 10, r: 8, p: 1 });
    expect(weaker.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(verifyPassword('old password', weaker)).resolves.toBe(true);
  });

  it('refuses malformed or absurd stored values instead of throwing', async () => {
    for (const bad of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$AAAA$AAAA', 'scrypt$1073741824$8$1$AAAA$AAAA', 'scrypt$1024$8$1$$AAAA']) {
      await expect(verifyPassword('x', bad)).resolves.toBe(false);
    }
  });
});
