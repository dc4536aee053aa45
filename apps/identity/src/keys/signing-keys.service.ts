import type { JwksView, KeyRotationView, PublicJwkView } from '@citygrid/contracts/identity';
import { advisoryLockKey } from '@citygrid/messaging';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

import { DEV_KEY_SECRET, IDENTITY_ENV, type IdentityEnv } from '../config';
import { KeyEncryption } from '../crypto/key-encryption';
import { SigningKey } from '../shared/entities';

export const SIGNING_ALG = 'EdDSA';

/** The key that signs now. */
export interface ActiveSigningKey {
  kid: string;
  key: KeyLike;
}

/**
 * Ed25519 signing keys. One key is active (signs); after a rotation the previous one is
 * `retiring`: it stays in the key set for one access-token lifetime, so every token it signed
 * verifies until it expires, then it drops out. Zero downtime: verifiers refetch the key set when
 * a token names a kid they have not seen.
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly sealer: KeyEncryption;
  private readonly lockKey: string;
  private readonly privateKeys = new Map<string, KeyLike>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {
    // Production never gets here without a secret of its own (loadIdentityEnv refuses to start).
    if (!env.IDENTITY_KEY_SECRET) this.logger.warn('IDENTITY_KEY_SECRET is not set: private signing keys are sealed with the public local-development key. Set a random 32-byte base64 secret.');
    this.sealer = new KeyEncryption(env.IDENTITY_KEY_SECRET || DEV_KEY_SECRET);
    this.lockKey = advisoryLockKey(`${env.DATABASE_SCHEMA}signing-keys`);
  }

  /** Make sure a key is active; replicas starting together serialise on an advisory lock. */
  async onApplicationBootstrap(): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      await this.lock(tx);
      if ((await tx.count(SigningKey, { status: 'active' })) > 0) return;
      const key = await this.newKey();
      tx.persist(key);
      this.logger.log({ kid: key.kid }, 'created the first signing key');
    });
  }

  /** The active key, its private half unsealed (cached by kid). */
  async active(): Promise<ActiveSigningKey> {
    const row = await this.orm.em.fork().findOne(SigningKey, { status: 'active' });
    if (!row) throw new Error('no active signing key');
    let key = this.privateKeys.get(row.kid);
    if (!key) {
      const jwk = JSON.parse(this.sealer.open(row.privateJwkSealed, row.kid)) as JWK;
      key = (await importJWK(jwk, SIGNING_ALG)) as KeyLike;
      this.privateKeys.set(row.kid, key);
    }
    return { kid: row.kid, key };
  }

  /** Public keys of the active key and of keys retired less than one access-token lifetime ago. */
  async jwks(): Promise<JwksView> {
    const since = new Date(Date.now() - this.env.ACCESS_TOKEN_TTL_S * 1000);
    const rows = await this.orm.em.fork().find(SigningKey, { $or: [{ status: 'active' }, { status: 'retiring', retiredAt: { $gt: since } }] }, { orderBy: { createdAt: 'desc' } });
    return { keys: rows.map((r) => publicView(r)) };
  }

  /** New active key; the previous one retires (still verifies for `ACCESS_TOKEN_TTL_S`). */
  async rotate(): Promise<KeyRotationView> {
    const now = new Date();
    const next = await this.newKey();
    let previousKid: string | null = null;
    await this.orm.em.fork().transactional(async (tx) => {
      await this.lock(tx);
      const current = await tx.findOne(SigningKey, { status: 'active' });
      if (current) {
        previousKid = current.kid;
        current.status = 'retiring';
        current.retiredAt = now;
        // one active key at a time (partial unique index): retire before the new key is inserted
        await tx.flush();
      }
      tx.persist(next);
    });
    this.logger.log({ kid: next.kid, previousKid }, 'signing key rotated');
    return { kid: next.kid, previousKid, retiringUntil: new Date(now.getTime() + this.env.ACCESS_TOKEN_TTL_S * 1000).toISOString() };
  }

  private async lock(tx: EntityManager): Promise<void> {
    await tx.execute('select pg_advisory_xact_lock(?::bigint)', [this.lockKey]);
  }

  private async newKey(): Promise<SigningKey> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    const key = new SigningKey();
    Object.assign(key, {
      kid,
      publicJwk: { kty: publicJwk.kty ?? 'OKP', crv: publicJwk.crv ?? 'Ed25519', x: publicJwk.x ?? '' },
      privateJwkSealed: this.sealer.seal(JSON.stringify(privateJwk), kid),
      status: 'active',
      createdAt: new Date(),
      retiredAt: null,
    });
    return key;
  }
}

function publicView(row: SigningKey): PublicJwkView {
  return { kty: row.publicJwk['kty'] ?? 'OKP', crv: row.publicJwk['crv'] ?? 'Ed25519', x: row.publicJwk['x'] ?? '', kid: row.kid, alg: SIGNING_ALG, use: 'sig' };
}
