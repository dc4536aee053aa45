import { randomBytes } from 'node:crypto';

import { GrantType, IdentityEvents, Role, type ChangePasswordRequest, type LoginRequest, type PasswordChangedView, type TokenRequestDto, type TokenResponse } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { IDENTITY_ENV, type IdentityEnv } from '../config';
import { hashPassword, verifyPassword } from '../crypto/password';
import { Account, ApiClient } from '../shared/entities';
import { IdentityException } from '../shared/identity.exception';
import { AccessTokensService } from './access-tokens.service';
import { throttleDelayS, throttleSource } from './login-throttle';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';

/**
 * Staff login, the OAuth 2.0 token endpoint and logout.
 *
 * Every refused login costs one scrypt hash and gets the same answer, whether the login exists,
 * the password is wrong or the account is disabled: timing and message tell an attacker nothing
 * about which logins exist. Guessing is throttled per login and source address
 * (`LoginThrottleService`), never by locking the account, so nobody can keep its owner out; the
 * throttle is keyed by the login as typed, so an unknown login is throttled exactly like a known one.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Hash of a random password, verified against when the login or client is unknown. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly orm: MikroORM,
    private readonly tokens: AccessTokensService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly events: EventRecorder,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  async login(req: LoginRequest): Promise<TokenResponse> {
    const login = req.credentials.login.toLowerCase();
    const source = throttleSource(req.sourceAddress);
    const claim = await this.throttle.claim(login, source);
    if (!claim.allowed) throw IdentityException.throttled(claim.retryAfterS);
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { login }, { populate: ['passwordHash', 'oneTimePasswordHash'] });
    const ok = await verifyPassword(req.credentials.password, account?.passwordHash ?? (await this.dummy()));
    // After a reset neither the old password nor the one-time password logs in: the one-time
    // password only sets a new one, and saying so is safe once it was given.
    if (account?.oneTimePasswordHash && !account.disabled && (await verifyPassword(req.credentials.password, account.oneTimePasswordHash))) {
      throw IdentityException.forbidden('This account has a one-time password: set a new password with POST /auth/password, then log in with it.');
    }
    if (!account || account.disabled || account.oneTimePasswordHash || !ok) {
      const waitS = throttleDelayS(claim.failures, { freeFailures: this.env.LOGIN_FREE_FAILURES, baseDelayS: this.env.LOGIN_THROTTLE_BASE_S, maxDelayS: this.env.LOGIN_THROTTLE_MAX_S });
      // The source, never the login: people type their password into the login field.
      if (waitS > 0) this.logger.warn({ source, failures: claim.failures, waitS }, 'failed logins from one source: further attempts wait');
      throw IdentityException.invalidLogin();
    }
    await this.throttle.succeeded(login, source);
    const { sessionId, refreshToken } = await this.sessions.open(account.id);
    return this.staffTokens(account, sessionId, refreshToken);
  }

  /**
   * `POST /auth/password`: the owner sets a new password with her current one, or with the
   * one-time password of a pending reset (before it expires). Throttled and answered like a login
   * (one answer for every refusal); every session of the account is revoked.
   */
  async changePassword(req: ChangePasswordRequest): Promise<PasswordChangedView> {
    const { change } = req;
    const login = change.login.toLowerCase();
    const source = throttleSource(req.sourceAddress);
    const claim = await this.throttle.claim(login, source);
    if (!claim.allowed) throw IdentityException.throttled(claim.retryAfterS);
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { login }, { populate: ['passwordHash', 'oneTimePasswordHash'] });
    const pending = account?.oneTimePasswordHash ?? null;
    const expired = pending !== null && (account?.oneTimePasswordExpiresAt?.getTime() ?? 0) <= Date.now();
    const ok = await verifyPassword(change.currentPassword, (pending ?? account?.passwordHash) || (await this.dummy()));
    if (!account || account.disabled || expired || !ok) throw IdentityException.invalidLogin();
    if (change.newPassword === change.currentPassword || (await verifyPassword(change.newPassword, account.passwordHash))) {
      throw IdentityException.invalid([{ field: 'newPassword', reason: 'must differ from the current password' }]);
    }
    await this.throttle.succeeded(login, source);
    const hash = await hashPassword(change.newPassword);
    const revoked = await em.transactional(async (tx) => {
      Object.assign(account, { passwordHash: hash, oneTimePasswordHash: null, oneTimePasswordExpiresAt: null, updatedAt: new Date() });
      tx.persist(account);
      const n = await this.sessions.revokeAllOf(tx, account.id, 'password-changed');
      this.events.record(tx, IdentityEvents.accountPasswordChanged, account.id, { id: account.id, login: account.login, nodeScope: account.nodeScope, by: account.id, expiresAt: null });
      return n;
    });
    return { revokedSessions: revoked };
  }

  /** `POST /oauth/token`: client_credentials or refresh_token. */
  async token(dto: TokenRequestDto): Promise<TokenResponse> {
    switch (dto.grant_type) {
      case GrantType.ClientCredentials:
        return this.clientCredentials(dto.client_id ?? '', dto.client_secret ?? '', dto.scope);
      case GrantType.RefreshToken:
        return this.refresh(dto.refresh_token ?? '');
    }
  }

  async logout(refreshToken: string): Promise<{ revoked: boolean }> {
    return { revoked: await this.sessions.revokeByToken(refreshToken, 'logout') };
  }

  private async refresh(presented: string): Promise<TokenResponse> {
    const found: { account?: Account } = {};
    const outcome = await this.sessions.rotate(presented, async (accountId: string, tx: EntityManager) => {
      const account = await tx.findOne(Account, { id: accountId });
      if (account) found.account = account;
      return account !== null && !account.disabled;
    });
    if (outcome.kind === 'refused') throw IdentityException.unauthenticated(outcome.reason);
    if (!found.account) throw IdentityException.unauthenticated('The refresh token is invalid.');
    return this.staffTokens(found.account, outcome.sessionId, outcome.refreshToken);
  }

  private async clientCredentials(clientId: string, secret: string, scope: string | undefined): Promise<TokenResponse> {
    const client = await this.orm.em.fork().findOne(ApiClient, { clientId }, { populate: ['secretHash'] });
    const ok = await verifyPassword(secret, client?.secretHash ?? (await this.dummy()));
    if (!client || !ok || client.disabled) throw IdentityException.unauthenticated('Client authentication failed.');
    const requested = (scope ?? '').split(' ').filter(Boolean);
    const notGranted = requested.filter((s) => !(client.scopes as string[]).includes(s));
    if (notGranted.length) throw IdentityException.forbidden(`Scope not granted to this client: ${notGranted.join(' ')}.`);
    const granted = requested.length ? requested : [...client.scopes];
    const access = await this.tokens.issue({
      sub: client.clientId,
      kind: 'client',
      name: client.name,
      roles: [Role.ApiClient],
      node: client.nodeScope,
      dept: null,
      staff: null,
      scope: granted.join(' '),
      sid: null,
    });
    return { access_token: access, token_type: 'Bearer', expires_in: this.tokens.ttlSeconds, scope: granted.join(' ') };
  }

  private async staffTokens(account: Account, sessionId: string, refreshToken: string): Promise<TokenResponse> {
    const access = await this.tokens.issue({
      sub: account.id,
      kind: 'staff',
      name: account.login,
      roles: account.roles,
      node: account.nodeScope,
      dept: account.departmentCode,
      staff: account.staffId,
      scope: '',
      sid: sessionId,
    });
    return { access_token: access, token_type: 'Bearer', expires_in: this.tokens.ttlSeconds, refresh_token: refreshToken, scope: '' };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
