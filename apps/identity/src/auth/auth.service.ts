import { randomBytes } from 'node:crypto';

import { GrantType, Role, type LoginDto, type TokenRequestDto, type TokenResponse } from '@citygrid/contracts/identity';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { IDENTITY_ENV, type IdentityEnv } from '../config';
import { hashPassword, verifyPassword } from '../crypto/password';
import { Account, ApiClient } from '../shared/entities';
import { IdentityException } from '../shared/identity.exception';
import { AccessTokensService } from './access-tokens.service';
import { SessionsService } from './sessions.service';

/**
 * Staff login, the OAuth 2.0 token endpoint and logout.
 *
 * Every refused login costs one scrypt hash and gets the same answer, whether the login exists,
 * the password is wrong, or the account is locked or disabled: timing and message tell an
 * attacker nothing about which logins exist.
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
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  async login(dto: LoginDto): Promise<TokenResponse> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { login: dto.login.toLowerCase() }, { populate: ['passwordHash'] });
    const ok = await verifyPassword(dto.password, account?.passwordHash ?? (await this.dummy()));
    if (!account) throw IdentityException.invalidLogin();
    if (account.disabled) throw IdentityException.invalidLogin();
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      this.logger.warn({ accountId: account.id }, 'login refused: account is locked');
      throw IdentityException.invalidLogin();
    }
    if (!ok) {
      await this.recordFailure(em, account.id);
      throw IdentityException.invalidLogin();
    }
    if (account.failedLogins > 0 || account.lockedUntil) await em.nativeUpdate(Account, { id: account.id }, { failedLogins: 0, lockedUntil: null, updatedAt: new Date() });
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

  /** Count a failure; the last allowed one locks the account for `LOGIN_LOCKOUT_S`. One statement: concurrent failures all count. */
  private async recordFailure(em: EntityManager, accountId: string): Promise<void> {
    const schema = this.env.DATABASE_SCHEMA;
    const max = this.env.LOGIN_MAX_FAILURES;
    const rows = await em.execute<Array<{ locked: boolean }>>(
      `update "${schema}"."account" set
         "locked_until" = case when "failed_logins" + 1 >= ? then now() + (? * interval '1 second') else "locked_until" end,
         "failed_logins" = case when "failed_logins" + 1 >= ? then 0 else "failed_logins" + 1 end,
         "updated_at" = now()
       where "id" = ? returning ("locked_until" > now()) as locked`,
      [max, this.env.LOGIN_LOCKOUT_S, max, accountId],
    );
    if (rows[0]?.locked) this.logger.warn({ accountId, lockedForS: this.env.LOGIN_LOCKOUT_S }, 'account locked after repeated failed logins');
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
