import { randomBytes, randomUUID } from 'node:crypto';

import { grantViolations, hasAnyRole, isOperator, isSystemAdmin, nodeWithin, scopePrefix } from '@citygrid/auth';
import type { Page } from '@citygrid/contracts';
import { IdentityEvents, Role, type AccountView, type Caller, type CreateAccountDto, type ListAccountsQuery, type PasswordResetView, type UpdateAccountDto } from '@citygrid/contracts/identity';
import { advisoryLockKey } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { SessionsService } from '../auth/sessions.service';
import { DEFAULT_ADMIN_PASSWORD, IDENTITY_ENV, type IdentityEnv } from '../config';
import { hashPassword } from '../crypto/password';
import { Account } from '../shared/entities';
import { IdentityException } from '../shared/identity.exception';
import { accountRuleErrors } from './account-rules';

/**
 * Staff accounts. The system administrator manages all; an operator manages accounts within her
 * own subtree, granting only roles at or below her own (`GRANT_RULES` in `@citygrid/auth`); an
 * auditor reads them there. Anything outside the caller's scope does not exist for her (404).
 */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly sessions: SessionsService,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {}

  /** With no account at all, create the system administrator from `ADMIN_LOGIN` / `ADMIN_PASSWORD`. */
  async onApplicationBootstrap(): Promise<void> {
    const login = this.env.ADMIN_LOGIN.toLowerCase();
    const created = await this.orm.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(?::bigint)', [advisoryLockKey(`${this.env.DATABASE_SCHEMA}bootstrap-admin`)]);
      if ((await tx.count(Account, {})) > 0) return false;
      const account = newAccount(
        { login, roles: [Role.SystemAdmin], nodeScope: null, departmentCode: null, staffId: null, createdBy: null, granterScope: null },
        await hashPassword(this.env.ADMIN_PASSWORD),
      );
      tx.persist(account);
      this.events.record(tx, IdentityEvents.accountCreated, account.id, createdPayload(account));
      return true;
    });
    if (!created) return;
    // Production never starts on the default password (loadIdentityEnv refuses it).
    if (this.env.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD) {
      this.logger.warn(`created system administrator "${login}" with the default password: change it (set ADMIN_PASSWORD before the first start)`);
    } else {
      this.logger.log(`created system administrator "${login}"`);
    }
  }

  async create(caller: Caller, dto: CreateAccountDto): Promise<AccountView> {
    // Authority first, before anything is written: nothing of a refused account is kept.
    const denied = grantViolations(caller, { roles: dto.roles, nodeScope: dto.nodeScope ?? null });
    if (denied.length) throw IdentityException.forbidden('You may grant only roles at or below your own, within your own node scope.', denied);
    const errors = accountRuleErrors(dto);
    if (errors.length) throw IdentityException.invalid(errors);
    const em = this.orm.em.fork();
    const login = dto.login.toLowerCase();
    if (await em.count(Account, { login })) throw duplicateLogin(login);
    const account = newAccount(
      {
        login,
        roles: dto.roles,
        nodeScope: dto.nodeScope ?? null,
        departmentCode: dto.departmentCode ?? null,
        staffId: dto.staffId ?? null,
        createdBy: caller.id,
        // a linked staff member's assignments move the scope only where this caller could have granted it
        granterScope: caller.nodeScope,
      },
      await hashPassword(dto.password),
    );
    try {
      await em.transactional(async (tx) => {
        tx.persist(account);
        this.events.record(tx, IdentityEvents.accountCreated, account.id, createdPayload(account));
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicateLogin(login);
      throw err;
    }
    return view(account);
  }

  async get(caller: Caller, id: string): Promise<AccountView> {
    const account = await this.orm.em.fork().findOne(Account, { id });
    if (!account || !this.sees(caller, account)) throw IdentityException.notFound('Account', id);
    return view(account);
  }

  async list(caller: Caller, q: ListAccountsQuery): Promise<Page<AccountView>> {
    if (!isSystemAdmin(caller) && !this.readsAccounts(caller)) throw IdentityException.forbidden('Your role may not list accounts.');
    const and: Array<FilterQuery<Account>> = [];
    if (!isSystemAdmin(caller)) and.push({ nodeScope: { $like: `${scopePrefix(caller.nodeScope ?? '')}%` } });
    if (q.under) and.push({ nodeScope: { $like: `${scopePrefix(q.under)}%` } });
    if (q.role) and.push({ roles: { $contains: [q.role] } });
    if (q.q) and.push({ login: { $like: `%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const [items, total] = await this.orm.em.fork().findAndCount(Account, and.length ? { $and: and } : {}, { orderBy: { login: 'asc' }, offset, limit });
    return { items: items.map(view), total, offset, limit };
  }

  /** Disable an account and revoke its sessions. */
  async disable(caller: Caller, id: string): Promise<AccountView> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { id });
    if (!account || !this.sees(caller, account)) throw IdentityException.notFound('Account', id);
    // Changing an account takes the authority to grant what it holds: no one disables her overseer or a peer above.
    const denied = grantViolations(caller, { roles: account.roles, nodeScope: account.nodeScope });
    if (denied.length) throw IdentityException.forbidden('You may change only accounts whose roles and node scope you could grant.', denied);
    if (account.id === caller.id) throw IdentityException.conflict('You cannot disable your own account.');
    if (account.disabled) return view(account);
    await em.transactional(async (tx) => {
      account.disabled = true;
      account.updatedAt = new Date();
      tx.persist(account);
      await this.sessions.revokeAllOf(tx, account.id, 'account-disabled');
      this.events.record(tx, IdentityEvents.accountDisabled, account.id, { id: account.id, login: account.login, nodeScope: account.nodeScope, disabledBy: caller.id });
    });
    return view(account);
  }

  /**
   * Change an account's roles, scope, department or state. The caller must be able to grant what
   * the account holds now and what it will hold (`grantViolations`), and may not change her own
   * authority. A change of authority (roles, scope, department) or disabling revokes the
   * account's sessions in the same transaction, so its tokens stop working at once.
   */
  async update(caller: Caller, id: string, changes: UpdateAccountDto): Promise<AccountView> {
    if (changes.roles === undefined && changes.nodeScope === undefined && changes.departmentCode === undefined && changes.disabled === undefined) {
      throw IdentityException.invalid([{ field: 'changes', reason: 'must change at least one of roles, nodeScope, departmentCode, disabled' }]);
    }
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { id });
    if (!account || !this.sees(caller, account)) throw IdentityException.notFound('Account', id);
    if (account.id === caller.id) throw IdentityException.conflict('You cannot change your own roles, scope or state; another administrator can.');
    const held = grantViolations(caller, { roles: account.roles, nodeScope: account.nodeScope });
    if (held.length) throw IdentityException.forbidden('You may change only accounts whose roles and node scope you could grant.', held);
    const next = {
      roles: changes.roles ?? account.roles,
      nodeScope: changes.nodeScope ?? account.nodeScope,
      departmentCode: changes.departmentCode ?? account.departmentCode,
      disabled: changes.disabled ?? account.disabled,
    };
    const denied = grantViolations(caller, { roles: next.roles, nodeScope: next.nodeScope });
    if (denied.length) throw IdentityException.forbidden('You may grant only roles at or below your own, within your own node scope.', denied);
    const errors = accountRuleErrors({ roles: next.roles, nodeScope: next.nodeScope ?? undefined, departmentCode: next.departmentCode ?? undefined, staffId: account.staffId ?? undefined });
    if (errors.length) throw IdentityException.invalid(errors);
    const previous = { roles: account.roles, nodeScope: account.nodeScope, departmentCode: account.departmentCode, disabled: account.disabled };
    const changed = (['roles', 'nodeScope', 'departmentCode', 'disabled'] as const).filter((k) => JSON.stringify(previous[k]) !== JSON.stringify(next[k]));
    if (!changed.length) return view(account);
    const revoke = changed.some((k) => k !== 'disabled') || next.disabled;
    await em.transactional(async (tx) => {
      Object.assign(account, next, { updatedAt: new Date() });
      tx.persist(account);
      if (revoke) await this.sessions.revokeAllOf(tx, account.id, next.disabled ? 'account-disabled' : 'account-changed');
      this.events.record(
        tx,
        IdentityEvents.accountEdited,
        account.id,
        { id: account.id, login: account.login, changed: [...changed], ...next, previous, editedBy: caller.id, sessionsRevoked: revoke },
        previous,
      );
    });
    return view(account);
  }

  /**
   * Issue a one-time password for an account (a forgotten password): shown once, kept hashed, it
   * works for `ONE_TIME_PASSWORD_TTL_H` and only to set a new password. Until then the account
   * cannot log in at all, with its old password or this one; its sessions are revoked now.
   */
  async resetPassword(caller: Caller, id: string): Promise<PasswordResetView> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { id });
    if (!account || !this.sees(caller, account)) throw IdentityException.notFound('Account', id);
    if (account.id === caller.id) throw IdentityException.conflict('Change your own password with POST /auth/password; a reset is for someone else.');
    const denied = grantViolations(caller, { roles: account.roles, nodeScope: account.nodeScope });
    if (denied.length) throw IdentityException.forbidden('You may reset only accounts whose roles and node scope you could grant.', denied);
    const oneTimePassword = randomBytes(12).toString('base64url');
    const expiresAt = new Date(Date.now() + this.env.ONE_TIME_PASSWORD_TTL_H * 3_600_000);
    const hash = await hashPassword(oneTimePassword);
    await em.transactional(async (tx) => {
      Object.assign(account, { oneTimePasswordHash: hash, oneTimePasswordExpiresAt: expiresAt, updatedAt: new Date() });
      tx.persist(account);
      await this.sessions.revokeAllOf(tx, account.id, 'password-reset');
      this.events.record(tx, IdentityEvents.accountPasswordReset, account.id, {
        id: account.id,
        login: account.login,
        nodeScope: account.nodeScope,
        by: caller.id,
        expiresAt: expiresAt.toISOString(),
      });
    });
    return { id: account.id, login: account.login, oneTimePassword, expiresAt: expiresAt.toISOString() };
  }

  private readsAccounts(caller: Caller): boolean {
    return caller.nodeScope !== null && (isOperator(caller) || hasAnyRole(caller, [Role.Auditor]));
  }

  private sees(caller: Caller, account: Account): boolean {
    if (isSystemAdmin(caller) || account.id === caller.id) return true;
    return this.readsAccounts(caller) && account.nodeScope !== null && nodeWithin(caller.nodeScope ?? '', account.nodeScope);
  }
}

function newAccount(fields: Pick<Account, 'login' | 'roles' | 'nodeScope' | 'departmentCode' | 'staffId' | 'createdBy' | 'granterScope'>, passwordHash: string): Account {
  const now = new Date();
  return Object.assign(new Account(), { id: randomUUID(), ...fields, passwordHash, disabled: false, createdAt: now, updatedAt: now });
}

function createdPayload(a: Account) {
  return { id: a.id, login: a.login, roles: a.roles, nodeScope: a.nodeScope, departmentCode: a.departmentCode, staffId: a.staffId, createdBy: a.createdBy };
}

function view(a: Account): AccountView {
  return {
    id: a.id,
    login: a.login,
    roles: a.roles,
    nodeScope: a.nodeScope,
    departmentCode: a.departmentCode,
    staffId: a.staffId,
    disabled: a.disabled,
    createdAt: a.createdAt.toISOString(),
  };
}

function duplicateLogin(login: string): IdentityException {
  return IdentityException.conflict(`Login ${login} is taken.`, [{ field: 'login', reason: 'already exists' }]);
}
