import { randomBytes } from 'node:crypto';

import { GrantType, Role, type LoginRequest, type TokenRequestDto, type TokenResponse } from '@citygrid/contracts/identity';
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
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  async login(req: LoginRequest): Promise<TokenResponse> {
    const login = req.credentials.login.toLowerCase();
    const source = throttleSource(req.sourceAddress);
    const claim = await this.throttle.claim(login, source);
    if (!claim.allowed) throw IdentityException.throttled(claim.retryAfterS);
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { login }, { populate: ['passwordHash'] });
    const ok = await verifyPassword(req.credentials.password, account?.passwordHash ?? (await this.dummy()));
    if (!account || account.disabled || !ok) {
      const waitS = throttleDelayS(claim.failures, { freeFailures: this.env.LOGIN_FREE_FAILURES, baseDelayS: this.env.LOGIN_THROTTLE_BASE_S, maxDelayS: this.env.LOGIN_THROTTLE_MAX_S });
      // The source, never the login: people type their password into the login field.
      if (waitS > 0) this.logger.warn({ source, failures: claim.failures, waitS }, 'failed logins from one source: further attempts wait');
      throw IdentityException.invalidLogin();
    }
    await this.throttle.succeeded(login, source);
    const { sessionId, refreshToken } = await this.sessions.open(account.id);
    return this.staffTokens(account, sessionId, refreshToken);
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
