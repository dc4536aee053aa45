import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { decodeKey, isProduction, localDevKey, type PiiEnv } from './keys';

/** One key of the ring: an id written into every ciphertext, and 32 bytes of AES-256 key. */
export interface CipherKey {
  kid: string;
  key: Buffer;
}

/** Key id of the local-dev default key; production refuses it. */
export const DEV_CIPHER_KID = 'dev-insecure';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A kid goes into a dot-separated string and into logs of rotation jobs: keep it plain. */
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Encrypts personal-data fields (ID numbers, phones) with AES-256-GCM under a key ring.
 *
 * The first key of the ring encrypts; every key decrypts, so a key can be rotated without
 * downtime: put the new key first, keep the old one after it, re-encrypt what `needsReencrypt`
 * names, then drop the old key. Ciphertext: `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url), so a
 * value always says which key opens it. An optional `context` (e.g. `resident.id_number`) is bound
 * as additional authenticated data: a ciphertext copied into another column does not decrypt.
 */
export class FieldCipher {
  private readonly byKid: ReadonlyMap<string, Buffer>;
  readonly currentKid: string;

  constructor(keys: readonly CipherKey[]) {
    const first = keys[0];
    if (!first) throw new Error('PII_KEYS: at least one key is required');
    const byKid = new Map<string, Buffer>();
    for (const [i, { kid, key }] of keys.entries()) {
      // Not echoed: a ring written key-first would put the key where the id belongs.
      if (!KID_PATTERN.test(kid)) throw new Error(`PII_KEYS: the key id of entry ${i + 1} must be 1-32 letters, digits, - or _`);
      if (key.length !== 32) throw new Error(`PII_KEYS: key ${kid} must be 32 bytes`);
      if (byKid.has(kid)) throw new Error(`PII_KEYS: key id ${kid} appears twice`);
      byKid.set(kid, key);
    }
    this.byKid = byKid;
    this.currentKid = first.kid;
  }

  /**
   * The ring from `PII_KEYS` (`kid:base64key,kid2:base64key`, current first). Unset: the local-dev
   * key, except with `NODE_ENV=production`, which refuses to start without real keys.
   */
  static fromEnv(env: PiiEnv): FieldCipher {
    const raw = env.PII_KEYS?.trim();
    if (!raw) {
      if (isProduction(env)) throw new Error('PII_KEYS must be set in production (kid:base64key[,kid:base64key...])');
      return new FieldCipher([{ kid: DEV_CIPHER_KID, key: localDevKey('pii-field-key') }]);
    }
    const keys = raw.split(',').map((entry) => {
      const i = entry.indexOf(':');
      if (i <= 0) throw new Error('PII_KEYS: each entry must be kid:base64key');
      return { kid: entry.slice(0, i).trim(), key: decodeKey(entry.slice(i + 1), 'PII_KEYS') };
    });
    if (isProduction(env) && keys.some((k) => k.kid === DEV_CIPHER_KID)) throw new Error(`PII_KEYS: the ${DEV_CIPHER_KID} key is refused in production`);
    if (isProduction(env) && keys.some((k) => k.key.equals(localDevKey('pii-field-key')))) throw new Error('PII_KEYS: the local-dev key is refused in production, whatever its id');
    return new FieldCipher(keys);
  }

  encrypt(plain: string, context = ''): string {
    const key = this.byKid.get(this.currentKid);
    if (!key) throw new Error('the current PII key is missing from the ring');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.currentKid, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Decrypt; throws on a malformed value, an unknown key or a ciphertext that was tampered with. */
  decrypt(value: string, context = ''): string {
    const { kid, iv, tag, body } = parse(value);
    const key = this.byKid.get(kid);
    if (!key) throw new Error(`no key ${kid} in the PII key ring`);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  /** True when `value` was encrypted with a key other than the current one (rotate it). */
  needsReencrypt(value: string): boolean {
    return parse(value).kid !== this.currentKid;
  }

  /** `value` under the current key (unchanged when it already is). */
  reencrypt(value: string, context = ''): string {
    return this.needsReencrypt(value) ? this.encrypt(this.decrypt(value, context), context) : value;
  }
}

function parse(value: string): { kid: string; iv: Buffer; tag: Buffer; body: Buffer } {
  const parts = value.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error('not a v1 field ciphertext');
  const [, kid, iv, tag, body] = parts as [string, string, string, string, string];
  const out = { kid, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), body: Buffer.from(body, 'base64url') };
  if (out.iv.length !== IV_BYTES || out.tag.length !== TAG_BYTES) throw new Error('not a v1 field ciphertext');
  return out;
}
