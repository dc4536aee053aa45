import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { ApiScope, GrantType, IdentityEvents, Role } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { clockAt, InMemoryDb } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, type KeyLike } from 'jose';

import { IdentityEnv } from '../config';
import { hashPassword } from '../crypto/password';
import type { SigningKeysService } from '../keys/signing-keys.service';
import { Account, ApiClient, RefreshToken, Session } from '../shared/entities';
import { AccessTokensService } from './access-tokens.service';
import { AuthService } from './auth.service';
import type { LoginThrottleService, ThrottleClaim } from './login-throttle.service';
import { SessionsService } from './sessions.service';

/** Cheap scrypt parameters for the stored hashes: `verifyPassword` reads them from the hash. */
const FAST = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'member-demo-2026';
const SECRET = 'hotline-client-secret';

let signingKey: KeyLike;
beforeAll(async () => {
  Logger.overrideLogger(false);
  ({ privateKey: signingKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
});
afterEach(() => jest.useRealTimers());

async function setup(claim: ThrottleClaim = { allowed: true, failures: 1 }) {
  const db = new InMemoryDb();
  const env = Object.assign(new IdentityEnv(), { ACCESS_TOKEN_TTL_S: 600, REFRESH_TOKEN_TTL_S: 3600 });
  const orm = db.orm as unknown as MikroORM;
  const keys: Pick<SigningKeysService, 'active'> = { active: async () => ({ kid: 'test-kid', key: signingKey }) };
  const throttleCalls: Array<[string, string, string]> = [];
  const throttle: Pick<LoginThrottleService, 'claim' | 'succeeded'> = {
    claim: async (login, source) => (throttleCalls.push(['claim', login, source]), claim),
    succeeded: async (login, source) => void throttleCalls.push(['succeeded', login, source]),
  };
  const sessions = new SessionsService(orm, db.recorder as unknown as EventRecorder, env);
  const sut = new AuthService(orm, new AccessTokensService(keys as SigningKeysService, env), sessions, throttle as LoginThrottleService, db.recorder as unknown as EventRecorder, env);
  const [account] = db.insert(Account, {
    id: randomUUID(),
    login: 'grid.member',
    passwordHash: await hashPassword(PASSWORD, FAST),
    roles: [Role.GridMember],
    nodeScope: '4101020050010101',
    departmentCode: null,
    staffId: randomUUID(),
    createdBy: null,
  });
  const [client] = db.insert(ApiClient, {
    id: randomUUID(),
    clientId: 'cg-hotline',
    secretHash: await hashPassword(SECRET, FAST),
    name: '12345 hotline',
    scopes: [ApiScope.CasesRead, ApiScope.CasesWrite],
    nodeScope: '410102005',
    createdBy: 'admin',
  });
  const login = (login: string, password: string) => sut.login({ credentials: { login, password }, sourceAddress: '203.0.113.7' });
  const refresh = (token: string) => sut.token({ grant_type: GrantType.RefreshToken, refresh_token: token });
  return { db, sut, account: account!, client: client!, throttleCalls, login, refresh };
}

describe('AuthService', () => {
  describe('login', () => {
    it('opens a session and issues an access token for the account (roles, node, session) with a refresh token; the throttle count is cleared', async () => {
      const { db, account, throttleCalls, login } = await setup();
      const tokens = await login('Grid.Member', PASSWORD);
      const [session] = db.rows(Session);
      expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 600, refresh_token: expect.any(String) });
      expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'EdDSA', kid: 'test-kid', typ: 'at+jwt' });
      expect(decodeJwt(tokens.access_token)).toMatchObject({
        sub: account.id,
        kind: 'staff',
        name: 'grid.member',
        roles: [Role.GridMember],
        node: '4101020050010101',
        staff: account.staffId,
        sid: session!.id,
      });
      expect(db.rows(RefreshToken)[0]!.tokenHash).not.toBe(tokens.refresh_token);
      expect(throttleCalls).toEqual([
        ['claim', 'grid.member', '203.0.113.7'],
        ['succeeded', 'grid.member', '203.0.113.7'],
      ]);
    });

    it('answers a wrong password, an unknown login and a disabled account alike, opening no session and clearing no count', async () => {
      const { db, account, throttleCalls, login } = await setup();
      const refusals = [await login('grid.member', 'wrong').catch((e: unknown) => e), await login('nobody', PASSWORD).catch((e: unknown) => e)];
      account.disabled = true;
      refusals.push(await login('grid.member', PASSWORD).catch((e: unknown) => e));
      for (const err of refusals) expect(err).toMatchObject({ code: ErrorCode.Unauthenticated, message: 'invalid login or password' });
      expect(db.rows(Session)).toEqual([]);
      expect(throttleCalls.map((c) => c[0])).toEqual(['claim', 'claim', 'claim']);
    });

    it('refuses a throttled source with 429 and its wait, whatever the password', async () => {
      const { db, login } = await setup({ allowed: false, retryAfterS: 120 });
      await expect(login('grid.member', PASSWORD)).rejects.toMatchObject({ code: ErrorCode.RateLimited, retryAfterS: 120 });
      expect(db.rows(Session)).toEqual([]);
    });
  });

  describe('refresh', () => {
    it('rotates: a refresh token gives new tokens once, in the same session', async () => {
      const { db, login, refresh } = await setup();
      const first = await login('grid.member', PASSWORD);
      const second = await refresh(first.refresh_token!);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(decodeJwt(second.access_token)['sid']).toBe(decodeJwt(first.access_token)['sid']);
      expect(db.rows(RefreshToken).map((t) => t.usedAt !== null)).toEqual([true, false]);
    });

    it('revokes the whole session when a used refresh token comes again: the thief’s and the owner’s next tokens both stop working', async () => {
      const { db, login, refresh } = await setup();
      const first = await login('grid.member', PASSWORD);
      const second = await refresh(first.refresh_token!);
      await expect(refresh(first.refresh_token!)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: expect.stringContaining('already used') });
      await expect(refresh(second.refresh_token!)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: expect.stringContaining('revoked') });
      expect(db.eventsOf(IdentityEvents.sessionRevoked.type)).toMatchObject([{ data: { reason: 'refresh-token-reuse', accountId: expect.any(String) } }]);
    });

    it('treats a used refresh token as stolen even once it has expired: the session is revoked, not merely refused', async () => {
      const { db, login, refresh } = await setup();
      const first = await login('grid.member', PASSWORD);
      await refresh(first.refresh_token!);
      clockAt(new Date(Date.now() + 3601_000));
      await expect(refresh(first.refresh_token!)).rejects.toMatchObject({ message: expect.stringContaining('already used') });
      expect(db.rows(Session)[0]).toMatchObject({ revokedReason: 'refresh-token-reuse' });
    });

    it('refuses an unknown or expired refresh token, and one of a disabled account', async () => {
      const { account, login, refresh } = await setup();
      await expect(refresh('made-up')).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: 'The refresh token is invalid.' });
      const tokens = await login('grid.member', PASSWORD);
      account.disabled = true;
      await expect(refresh(tokens.refresh_token!)).rejects.toMatchObject({ message: 'The account is disabled.' });
      account.disabled = false;
      clockAt(new Date(Date.now() + 3601_000));
      await expect(refresh(tokens.refresh_token!)).rejects.toMatchObject({ message: 'The refresh token has expired.' });
    });

    it('ends the session on logout, after which its refresh token is refused', async () => {
      const { login, refresh, sut } = await setup();
      const tokens = await login('grid.member', PASSWORD);
      await expect(sut.logout(tokens.refresh_token!)).resolves.toEqual({ revoked: true });
      await expect(sut.logout(tokens.refresh_token!)).resolves.toEqual({ revoked: false });
      await expect(refresh(tokens.refresh_token!)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: expect.stringContaining('revoked') });
    });
  });

  describe('client credentials', () => {
    const grant = (clientSecret: string, scope?: string) => ({ grant_type: GrantType.ClientCredentials, client_id: 'cg-hotline', client_secret: clientSecret, ...(scope ? { scope } : {}) });

    it('issues a client token with the client’s node and the scopes asked for (all granted ones by default), no refresh token', async () => {
      const { sut } = await setup();
      const all = await sut.token(grant(SECRET));
      expect(all).toMatchObject({ scope: 'cases:read cases:write' });
      expect(all.refresh_token).toBeUndefined();
      expect(decodeJwt(all.access_token)).toMatchObject({ sub: 'cg-hotline', kind: 'client', roles: [Role.ApiClient], node: '410102005', sid: null });
      await expect(sut.token(grant(SECRET, 'cases:read'))).resolves.toMatchObject({ scope: 'cases:read' });
    });

    it('refuses a scope not granted (403), a wrong secret and a disabled client (401)', async () => {
      const { sut, client } = await setup();
      await expect(sut.token(grant(SECRET, 'cases:read registry:write'))).rejects.toMatchObject({ code: ErrorCode.Forbidden, message: expect.stringContaining('registry:write') });
      await expect(sut.token(grant('wrong'))).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
      client.disabled = true;
      await expect(sut.token(grant(SECRET))).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    });
  });
});
