import { createHmac } from 'node:crypto';

import { decodeKey, isProduction, localDevKey, type PiiEnv } from './keys';
import { normalizeIdNumber, normalizePhone } from './validators';

/** What a blind index is over; each kind hashes in its own domain, so equal digits do not match across kinds. */
export type BlindIndexKind = 'id-number' | 'phone';

/**
 * Keyed hashes (HMAC-SHA256) of personal data, stored beside the ciphertext so a resident can be
 * found by exact ID number or phone without decrypting anything. Without `PII_INDEX_KEY` the
 * hashes cannot be recomputed, so a dump of the table does not allow a dictionary attack on the
 * small space of ID numbers and phones.
 *
 * The key cannot rotate in place (every index would change): changing it means recomputing the
 * index columns from the decrypted values in one job.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('PII_INDEX_KEY must be at least 32 bytes');
  }

  /** From `PII_INDEX_KEY` (hex or base64); the local-dev key when unset, refused in production. */
  static fromEnv(env: PiiEnv): BlindIndex {
    const raw = env.PII_INDEX_KEY?.trim();
    if (!raw) {
      if (isProduction(env)) throw new Error('PII_INDEX_KEY must be set in production (32+ bytes, hex or base64)');
      return new BlindIndex(localDevKey('pii-index-key'));
    }
    const key = decodeKey(raw, 'PII_INDEX_KEY');
    if (isProduction(env) && key.equals(localDevKey('pii-index-key'))) throw new Error('PII_INDEX_KEY: the local-dev key is refused in production');
    return new BlindIndex(key);
  }

  /** Index of a value of `kind`, after normalising it (hex, 64 characters). */
  of(kind: BlindIndexKind, value: string): string {
    const normal = kind === 'id-number' ? normalizeIdNumber(value) : normalizePhone(value);
    return createHmac('sha256', this.key).update(`${kind}\u0000${normal}`, 'utf8').digest('hex');
  }

  idNumber(value: string): string {
    return this.of('id-number', value);
  }

  phone(value: string): string {
    return this.of('phone', value);
  }
}
