import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { ApiScope, IdentityEvents, Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { decodeJwt, generateKeyPair, type KeyLike } from 'jose';

import { AccessTokensService } from '../auth/access-tokens.service';
import { IdentityEnv } from '../config';
import type { SigningKeysService } from '../keys/signing-keys.service';
import { ApiClient } from '../shared/entities';
import { ApiKey } from './api-key.entity';
import { ApiKeysService, hashApiKey } from './api-keys.service';

const admin = testCaller({ roles: [Role.SystemAdmin] });

let signingKey: KeyLike;
beforeAll(async () => {
  ({ privateKey: signingKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
});

function setup() {
  const db = new InMemoryDb();
  const env = Object.assign(new IdentityEnv(), { ACCESS_TOKEN_TTL_S: 600 });
  const keys: Pick<SigningKeysService, 'active'> = { active: async () => ({ kid: 'test-kid', key: signingKey }) };
  const sut = new ApiKeysService(db.orm as unknown as MikroORM, new AccessTokensService(keys as SigningKeysService, env), db.recorder as unknown as EventRecorder);
  const [client] = db.insert(ApiClient, {
    id: randomUUID(),
    clientId: 'cg-fms',
    secretHash: 'x',
    name: 'FixMyStreet',
    scopes: [ApiScope.CasesRead, ApiScope.CasesWrite],
    nodeScope: '410102005',
    createdBy: admin.id,
  });
  return { db, sut, client: client! };
}

describe('ApiKeysService', () => {
  it('issues a high-entropy key shown once, stored only as its SHA-256, listed by prefix only', async () => {
    const { db, sut, client } = setup();
    const issued = await sut.issue(admin, { clientId: client.id, label: 'FixMyStreet production' });
    expect(issued.key).toMatch(/^cgk_[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/);
    expect(issued.key.startsWith(`${issued.prefix}.`)).toBe(true);
    const [stored] = db.rows(ApiKey);
    expect(stored!.keyHash).toBe(hashApiKey(issued.key));
    expect(JSON.stringify(stored)).not.toContain(issued.key.split('.')[1]);
    const listed = await sut.list(admin, client.id);
    expect(listed).toEqual([{ id: issued.id, clientId: client.id, prefix: issued.prefix, label: 'FixMyStreet production', createdAt: issued.createdAt, lastUsedAt: null, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(issued.key);
    // the issue is an event of the client, naming the key by its prefix, never the key
    expect(db.events).toEqual([
      expect.objectContaining({
        type: IdentityEvents.clientApiKeyIssued.type,
        subject: client.id,
        data: { id: client.id, clientId: 'cg-fms', keyId: issued.id, prefix: issued.prefix, label: 'FixMyStreet production', by: admin.id },
      }),
    ]);
    expect(JSON.stringify(db.events)).not.toContain(issued.key.split('.')[1]);
  });

  it('exchanges a key for the client’s token (its scopes and node) and records the use', async () => {
    const { db, sut, client } = setup();
    const { key } = await sut.issue(admin, { clientId: client.id, label: 'a' });
    const token = await sut.exchange(key);
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'cases:read cases:write' });
    expect(decodeJwt(token.access_token)).toMatchObject({ sub: 'cg-fms', kind: 'client', roles: [Role.ApiClient], node: '410102005', sid: null });
    expect(db.rows(ApiKey)[0]!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('keeps several keys active for rotation; a revoked key, an unknown one, and any key of a disabled client are 401', async () => {
    const { db, sut, client } = setup();
    const old = await sut.issue(admin, { clientId: client.id, label: 'old' });
    const fresh = await sut.issue(admin, { clientId: client.id, label: 'new' });
    await expect(sut.exchange(old.key)).resolves.toBeDefined();
    await expect(sut.revoke(admin, client.id, old.id)).resolves.toMatchObject({ revokedAt: expect.any(String) });
    // revoking again changes nothing and tells no one twice
    await sut.revoke(admin, client.id, old.id);
    expect(db.eventsOf(IdentityEvents.clientApiKeyRevoked.type).map((e) => e.data['keyId'])).toEqual([old.id]);
    await expect(sut.exchange(old.key)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    await expect(sut.exchange(fresh.key)).resolves.toBeDefined();
    await expect(sut.exchange(`${fresh.prefix}.wrong`)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    await expect(sut.exchange('cg-fms:secret')).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    client.disabled = true;
    await expect(sut.exchange(fresh.key)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
  });

  it('is the system administrator’s alone; an unknown client or key is 404; a key of another client is not revoked through this one', async () => {
    const { db, sut, client } = setup();
    const operator = testCaller({ roles: [Role.CityOperator], nodeScope: '410100' });
    await expect(sut.issue(operator, { clientId: client.id, label: 'x' })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(sut.list(operator, client.id)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(sut.issue(admin, { clientId: randomUUID(), label: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    const k = await sut.issue(admin, { clientId: client.id, label: 'x' });
    await expect(sut.revoke(operator, client.id, k.id)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(sut.revoke(admin, randomUUID(), k.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(db.rows(ApiKey)[0]!.revokedAt).toBeNull();
  });
});
