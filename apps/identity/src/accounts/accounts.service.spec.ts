import { randomUUID } from 'node:crypto';

import { ErrorCode } from '@citygrid/contracts';
import { IdentityEvents, Role, type CreateAccountDto } from '@citygrid/contracts/identity';
import type { EventRecorder } from '@citygrid/persistence';
import { InMemoryDb, testCaller } from '@citygrid/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';

import { SessionsService } from '../auth/sessions.service';
import { IdentityEnv } from '../config';
import { verifyPassword } from '../crypto/password';
import { Account, Session } from '../shared/entities';
import { AccountsService } from './accounts.service';

const SUBDISTRICT = '410102005';
const COMMUNITY = '410102005001';
const NEIGHBOUR = '410102005002';

const admin = testCaller({ roles: [Role.SystemAdmin] });
const subdistrictOperator = testCaller({ roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT });
const communityOperator = testCaller({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY });
const auditor = testCaller({ roles: [Role.Auditor], nodeScope: COMMUNITY });
const member = testCaller({ roles: [Role.GridMember], nodeScope: `${COMMUNITY}0101` });

function setup(env: Partial<IdentityEnv> = {}) {
  const db = new InMemoryDb();
  // The admin bootstrap serialises replicas on an advisory lock: nothing to lock here.
  db.onSql = (sql) => {
    if (sql.includes('pg_advisory_xact_lock')) return [];
    throw new Error(`unexpected SQL: ${sql}`);
  };
  const config = Object.assign(new IdentityEnv(), env);
  const orm = db.orm as unknown as MikroORM;
  const events = db.recorder as unknown as EventRecorder;
  const sut = new AccountsService(orm, events, new SessionsService(orm, events, config), config);
  const account = (roles: Role[], nodeScope: string | null, over: Partial<Account> = {}): Account =>
    db.insert(Account, { id: randomUUID(), login: `user-${randomUUID().slice(0, 8)}`, passwordHash: 'x', roles, nodeScope, departmentCode: null, staffId: null, createdBy: null, ...over })[0]!;
  return { db, sut, account };
}

const dto = (over: Partial<CreateAccountDto> = {}): CreateAccountDto => ({ login: 'Community.Two', password: 'community-demo-2026', roles: [Role.CommunityOperator], nodeScope: NEIGHBOUR, ...over });

beforeAll(() => Logger.overrideLogger(false));

describe('AccountsService', () => {
  describe('create: who may grant what', () => {
    it('lets an operator create an account at or below her node with roles at or below her own; the password is kept only hashed', async () => {
      const { db, sut } = setup();
      const view = await sut.create(subdistrictOperator, dto());
      expect(view).toMatchObject({ login: 'community.two', roles: [Role.CommunityOperator], nodeScope: NEIGHBOUR, disabled: false });
      const [stored] = db.rows(Account);
      expect(stored!.passwordHash).not.toContain('community-demo-2026');
      await expect(verifyPassword('community-demo-2026', stored!.passwordHash)).resolves.toBe(true);
      expect(db.events).toMatchObject([
        { type: IdentityEvents.accountCreated.type, subject: view.id, data: { login: 'community.two', roles: [Role.CommunityOperator], createdBy: subdistrictOperator.id } },
      ]);
      expect(JSON.stringify(db.events)).not.toMatch(/community-demo-2026|scrypt/);
    });

    it('refuses roles above the granter’s, nodes outside her scope, and overseers at her own node, naming roles or nodeScope (403), and keeps nothing', async () => {
      const { db, sut } = setup();
      await expect(sut.create(communityOperator, dto({ roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT }))).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
        errors: [
          { field: 'roles', reason: 'community_operator may not grant subdistrict_operator (only subdistrict_operator and above)' },
          { field: 'nodeScope', reason: `${SUBDISTRICT} lies outside your scope ${COMMUNITY}` },
        ],
      });
      await expect(sut.create(communityOperator, dto({ roles: [Role.GridMember], nodeScope: `${NEIGHBOUR}0101` }))).rejects.toMatchObject({ errors: [{ field: 'nodeScope' }] });
      await expect(sut.create(subdistrictOperator, dto({ roles: [Role.Supervisor], nodeScope: SUBDISTRICT }))).rejects.toMatchObject({
        errors: [{ field: 'nodeScope', reason: `supervisor oversees its node: grant it only beneath your own node ${SUBDISTRICT}` }],
      });
      await expect(sut.create(member, dto({ roles: [Role.GridMember], nodeScope: `${COMMUNITY}0101` }))).rejects.toMatchObject({ code: ErrorCode.Forbidden, errors: [{ field: 'roles' }] });
      expect(db.rows(Account)).toEqual([]);
      expect(db.events).toEqual([]);
    });

    it('checks that roles, node and department fit together (400 naming the field)', async () => {
      const { sut } = setup();
      await expect(sut.create(subdistrictOperator, dto({ roles: [Role.DepartmentOfficer], nodeScope: SUBDISTRICT }))).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        errors: [{ field: 'departmentCode', reason: 'required for a department officer' }],
      });
      await expect(sut.create(subdistrictOperator, dto({ roles: [Role.CommunityOperator], nodeScope: `${COMMUNITY}01` }))).rejects.toMatchObject({
        errors: [{ field: 'nodeScope', reason: 'community_operator needs a community code (12 digits)' }],
      });
      await expect(sut.create(admin, dto({ roles: [Role.SystemAdmin], nodeScope: SUBDISTRICT }))).rejects.toMatchObject({
        errors: [{ field: 'nodeScope', reason: 'a system administrator has no node scope' }],
      });
    });

    it('keeps logins unique whatever their case (409 naming login)', async () => {
      const { sut, account } = setup();
      account([Role.CommunityOperator], NEIGHBOUR, { login: 'community.two' });
      await expect(sut.create(subdistrictOperator, dto({ login: 'COMMUNITY.TWO' }))).rejects.toMatchObject({ code: ErrorCode.Conflict, errors: [{ field: 'login', reason: 'already exists' }] });
    });
  });

  describe('disable', () => {
    it('disables an account the caller could have granted, revoking its live sessions, with account.disabled and session.revoked', async () => {
      const { db, sut, account } = setup();
      const target = account([Role.GridMember], `${COMMUNITY}0101`);
      const [live, ended] = db.insert(
        Session,
        { id: randomUUID(), accountId: target.id },
        { id: randomUUID(), accountId: target.id, revokedAt: new Date('2026-11-01T00:00:00Z'), revokedReason: 'logout' },
      );
      await expect(sut.disable(communityOperator, target.id)).resolves.toMatchObject({ disabled: true });
      expect(live!.revokedAt).toBeInstanceOf(Date);
      expect(ended!.revokedReason).toBe('logout');
      expect(db.events.map((e) => [e.type, e.data['reason'] ?? e.data['disabledBy']])).toEqual([
        [IdentityEvents.sessionRevoked.type, 'account-disabled'],
        [IdentityEvents.accountDisabled.type, communityOperator.id],
      ]);
      await sut.disable(communityOperator, target.id);
      expect(db.events).toHaveLength(2);
    });

    it('refuses an overseer or a peer above (403 / 404 outside the scope) and one’s own account (409)', async () => {
      const { db, sut, account } = setup();
      const supervisor = account([Role.Supervisor], COMMUNITY);
      await expect(sut.disable(communityOperator, supervisor.id)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(sut.disable(communityOperator, account([Role.SubdistrictOperator], SUBDISTRICT).id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      const self = account([Role.CommunityOperator], COMMUNITY, { id: communityOperator.id });
      await expect(sut.disable(communityOperator, self.id)).rejects.toMatchObject({ code: ErrorCode.Conflict });
      expect(db.rows(Account).every((a) => !a.disabled)).toBe(true);
    });
  });

  describe('reads', () => {
    it('lists accounts of the caller’s subtree to operators and auditors only, by role', async () => {
      const { sut, account } = setup();
      const mine = account([Role.GridMember], `${COMMUNITY}0101`, { login: 'a.member' });
      account([Role.GridMember], `${NEIGHBOUR}0101`, { login: 'b.member' });
      const leader = account([Role.GridLeader], `${COMMUNITY}01`, { login: 'c.leader' });
      expect((await sut.list(communityOperator, {})).items.map((a) => a.id)).toEqual([mine.id, leader.id]);
      expect((await sut.list(auditor, { role: Role.GridLeader })).items.map((a) => a.id)).toEqual([leader.id]);
      expect((await sut.list(subdistrictOperator, { q: 'member' })).total).toBe(2);
      await expect(sut.list(member, {})).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });

    it('answers 404 for an account outside the caller’s scope, but everyone reads their own', async () => {
      const { sut, account } = setup();
      const elsewhere = account([Role.GridMember], `${NEIGHBOUR}0101`);
      const own = account([Role.GridMember], `${COMMUNITY}0101`, { id: member.id });
      await expect(sut.get(communityOperator, elsewhere.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(sut.get(member, own.id)).resolves.toMatchObject({ id: member.id });
      await expect(sut.get(member, elsewhere.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    });
  });

  describe('first start', () => {
    it('creates the system administrator from ADMIN_LOGIN when there is no account, and never again', async () => {
      const { db, sut } = setup({ ADMIN_LOGIN: 'Root', ADMIN_PASSWORD: 'a-long-admin-password' });
      await sut.onApplicationBootstrap();
      await sut.onApplicationBootstrap();
      expect(db.rows(Account)).toMatchObject([{ login: 'root', roles: [Role.SystemAdmin], nodeScope: null }]);
      await expect(verifyPassword('a-long-admin-password', db.rows(Account)[0]!.passwordHash)).resolves.toBe(true);
      expect(db.eventsOf(IdentityEvents.accountCreated.type)).toHaveLength(1);
    });
  });
});
