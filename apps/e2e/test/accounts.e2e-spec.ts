import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * Accounts after they exist: an operator changes an account within what she may grant (its old
 * tokens stop working at once), an administrator issues a one-time password that only sets a new
 * one, and owners change their own password.
 */
describe('editing accounts and changing passwords through the gateway', () => {
  let stack: Stack;
  const gw = () => request(stack.gateway.url);
  const login = (l: string, password: string) => gw().post('/auth/login').send({ login: l, password });
  const tokenOf = async (l: string, password: string): Promise<string> => (await login(l, password).expect(200)).body.access_token as string;
  const as = (token: string) => ({
    get: (path: string) => gw().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => gw().post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => gw().patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  let admin: string;
  let operator: string;
  let memberId: string;
  let otherId: string;

  beforeAll(async () => {
    stack = await startStack({}, { identityOnly: true, identityEnv: { ADMIN_LOGIN: 'root', ADMIN_PASSWORD: 'root-password-2026', LOGIN_FREE_FAILURES: '1000' } });
    admin = await tokenOf('root', 'root-password-2026');
    await as(admin)
      .post('/api/v1/accounts', { login: 'op.lsz', password: 'operator-pass-1', roles: ['community_operator'], nodeScope: '410102005001' })
      .expect(201);
    memberId = (
      await as(admin)
        .post('/api/v1/accounts', { login: 'member.one', password: 'member-pass-01', roles: ['grid_member'], nodeScope: '4101020050010101' })
        .expect(201)
    ).body.id as string;
    otherId = (
      await as(admin)
        .post('/api/v1/accounts', { login: 'member.far', password: 'member-pass-02', roles: ['grid_member'], nodeScope: '4101020060010101' })
        .expect(201)
    ).body.id as string;
    operator = await tokenOf('op.lsz', 'operator-pass-1');
  }, 120000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('lets an operator move an account within her subtree, revoking its tokens at once, and refuses more than she may grant', async () => {
    const memberToken = await tokenOf('member.one', 'member-pass-01');
    await as(memberToken).get(`/api/v1/accounts/${memberId}`).expect(200);
    const moved = await as(operator).patch(`/api/v1/accounts/${memberId}`, { nodeScope: '4101020050010102' }).expect(200);
    expect(moved.body).toMatchObject({ id: memberId, nodeScope: '4101020050010102', roles: ['grid_member'] });
    // its sessions were revoked: the token it held stops working once the revocation is heard
    await eventually(async () => (await as(memberToken).get(`/api/v1/accounts/${memberId}`)).status === 401);
    const fresh = await tokenOf('member.one', 'member-pass-01');
    expect(JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString())).toMatchObject({ node: '4101020050010102' });

    const above = await as(operator)
      .patch(`/api/v1/accounts/${memberId}`, { roles: ['district_operator'] })
      .expect(403);
    expect(above.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(above.body.errors.map((e: { field: string }) => e.field)).toContain('roles');
    await as(operator).patch(`/api/v1/accounts/${memberId}`, { nodeScope: '410102006001' }).expect(403);
    await as(operator).patch(`/api/v1/accounts/${otherId}`, { nodeScope: '4101020050010101' }).expect(404);
    const me = (await as(operator).get('/api/v1/accounts?q=op.lsz').expect(200)).body.items[0] as { id: string };
    await as(operator).patch(`/api/v1/accounts/${me.id}`, { nodeScope: '410102005' }).expect(409);
    const empty = await as(operator).patch(`/api/v1/accounts/${memberId}`, {}).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'changes' })]);
    await as(operator).patch(`/api/v1/accounts/${memberId}`, { nodeScope: null }).expect(400);
    // nothing of the refused changes was kept
    expect((await as(admin).get(`/api/v1/accounts/${memberId}`).expect(200)).body).toMatchObject({ nodeScope: '4101020050010102', roles: ['grid_member'] });
    const trail = await as(admin).get(`/api/v1/audit?source=identity&entityType=account&entityId=${memberId}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toContain('citygrid.account.edited.v1');
  });

  it('issues a one-time password that only sets a new one; the old password and sessions stop working', async () => {
    const before = await tokenOf('member.one', 'member-pass-01');
    const reset = await as(operator).post(`/api/v1/accounts/${memberId}/password-reset`).expect(200);
    const oneTime = reset.body.oneTimePassword as string;
    expect(oneTime.length).toBeGreaterThanOrEqual(16);
    expect(Date.parse(reset.body.expiresAt as string)).toBeGreaterThan(Date.now());
    await eventually(async () => (await as(before).get(`/api/v1/accounts/${memberId}`)).status === 401);
    await login('member.one', 'member-pass-01').expect(401);
    const refused = await login('member.one', oneTime).expect(403);
    expect(refused.body.detail).toMatch(/POST \/auth\/password/);
    // a wrong one-time password is an ordinary refusal
    await gw().post('/auth/password').send({ login: 'member.one', currentPassword: 'not-the-one', newPassword: 'member-pass-03' }).expect(401);
    const changed = await gw().post('/auth/password').send({ login: 'member.one', currentPassword: oneTime, newPassword: 'member-pass-03' }).expect(200);
    expect(changed.body).toEqual({ revokedSessions: expect.any(Number) });
    await tokenOf('member.one', 'member-pass-03');
    await gw().post('/auth/password').send({ login: 'member.one', currentPassword: oneTime, newPassword: 'member-pass-04' }).expect(401);
    // nobody resets an account above her, or her own
    const root = (await as(admin).get('/api/v1/accounts?q=root').expect(200)).body.items[0] as { id: string };
    await as(operator).post(`/api/v1/accounts/${root.id}/password-reset`).expect(404);
    const me = (await as(operator).get('/api/v1/accounts?q=op.lsz').expect(200)).body.items[0] as { id: string };
    await as(operator).post(`/api/v1/accounts/${me.id}/password-reset`).expect(409);
  });

  it('lets the owner change her password with the current one, and refuses the same password or a short one', async () => {
    await gw().post('/auth/password').send({ login: 'member.far', currentPassword: 'member-pass-02', newPassword: 'member-pass-02' }).expect(400);
    const short = await gw().post('/auth/password').send({ login: 'member.far', currentPassword: 'member-pass-02', newPassword: 'short' }).expect(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
    await gw().post('/auth/password').send({ login: 'member.far', currentPassword: 'member-pass-02', newPassword: 'member-pass-05' }).expect(200);
    await login('member.far', 'member-pass-02').expect(401);
    await tokenOf('member.far', 'member-pass-05');
  });
});
