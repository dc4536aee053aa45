import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914): memory-hard, so guessing on GPUs and ASICs is costly;
 * built into Node's crypto, so there is no native addon to build in every image (argon2 and
 * bcrypt need one). N=2^15, r=8, p=1 uses 32 MiB and about 50-100 ms per hash.
 *
 * Stored as `scrypt$N$r$p$<salt base64url>$<hash base64url>` so parameters can be raised later
 * while old hashes still verify.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** 128·N·r bytes plus headroom; Node's default limit (32 MiB) is just too small for N=2^15, r=8. */
function maxmem(N: number, r: number, p: number): number {
  return 128 * N * r * p + 16 * 1024 * 1024;
}

/** Hash a password with a fresh random salt. */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, { ...params, maxmem: maxmem(params.N, params.r, params.p) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: maxmem(N, r, p) });
  return timingSafeEqual(key, expected);
}
