import { clockAt, InMemoryDb } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';

import { IdentityEnv } from '../config';
import { SigningKey } from '../shared/entities';
import { SigningKeysService } from './signing-keys.service';

beforeAll(() => Logger.overrideLogger(false));
afterEach(() => jest.useRealTimers());

function setup() {
  const db = new InMemoryDb();
  // Replicas starting together serialise on an advisory lock: nothing to lock here.
  db.onSql = (sql) => {
    if (sql.includes('pg_advisory_xact_lock')) return [];
    throw new Error(`unexpected SQL: ${sql}`);
  };
  const sut = new SigningKeysService(db.orm as unknown as MikroORM, Object.assign(new IdentityEnv(), { ACCESS_TOKEN_TTL_S: 600 }));
  return { db, sut };
}

/** A token signed with the active key. */
async function signed(sut: SigningKeysService): Promise<string> {
  const { kid, key } = await sut.active();
  return new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid }).setSubject('x').sign(key);
}

describe('SigningKeysService', () => {
  it('creates the first key once, whichever replica starts first, keeping its private half sealed', async () => {
    const { db, sut } = setup();
    await sut.onApplicationBootstrap();
    await sut.onApplicationBootstrap();
    const keys = db.rows(SigningKey);
    expect(keys).toMatchObject([{ status: 'active', retiredAt: null }]);
    expect(keys[0]!.privateJwkSealed).not.toContain('"d"');
  });

  it('rotates with no gap: tokens of the previous key verify against the key set for one access-token lifetime, then it drops out', async () => {
    const { sut } = setup();
    await sut.onApplicationBootstrap();
    const before = await signed(sut);
    const { kid, previousKid, retiringUntil } = await sut.rotate();
    expect(previousKid).not.toBe(kid);
    const after = await signed(sut);
    expect(new Date(retiringUntil).getTime() - Date.now()).toBeGreaterThan(599_000);

    const keySet = async () => createLocalJWKSet(await sut.jwks());
    expect((await sut.jwks()).keys.map((k) => k.kid).sort()).toEqual([kid, previousKid].sort());
    await expect(jwtVerify(before, await keySet())).resolves.toBeDefined();
    await expect(jwtVerify(after, await keySet())).resolves.toBeDefined();

    clockAt(new Date(Date.now() + 601_000));
    expect((await sut.jwks()).keys.map((k) => k.kid)).toEqual([kid]);
    await expect(jwtVerify(before, await keySet())).rejects.toThrow();
  });
});
