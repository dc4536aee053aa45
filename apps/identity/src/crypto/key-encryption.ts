import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals the private signing keys at rest with AES-256-GCM under `IDENTITY_KEY_SECRET`: a copy of
 * the database alone does not let anyone mint tokens. The key id is bound as additional
 * authenticated data, so a sealed key cannot be moved to another row.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each base64url.
 */
export class KeyEncryption {
  private readonly key: Buffer;

  constructor(secretBase64: string) {
    this.key = Buffer.from(secretBase64, 'base64');
    if (this.key.length !== 32) throw new Error('the key-encryption secret must be 32 bytes (base64)');
  }

  seal(plaintext: string, kid: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(kid, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Throws when the value was tampered with, sealed for another kid, or under another secret. */
  open(sealed: string, kid: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed key');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
