import { randomUUID } from 'node:crypto';

import { buildLinshanzhaiDataset, type DemoNode } from '@citygrid/demo-data';
import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

const COMMUNITY = '410102005001';
const GRID = `${COMMUNITY}0101`;
const SIBLING = `${COMMUNITY}0102`;
const ADMIN = { login: 'root', password: 'root-password-2026' };

interface DeadLetter {
  id: string;
  consumer: string;
  type: string | null;
  poison: boolean;
  error: string;
  deliveries: number;
  replayedAt: string | null;
  event: { data: Record<string, unknown> } | null;
}

/**
 * identity's first durable consumer, through the public API, as production runs it (every
 * service trusts identity's keys only): a staff assignment made in grid-registry moves the node
 * scope of the account linked to that staff member; one the consumer cannot apply lands in the
 * dead letters, which the system administrator lists and, once she has fixed the cause, replays.
 */
describe('staff assignments reach accounts; dead letters listed and replayed through the gateway', () => {
  let stack: Stack;
  let adminToken = '';
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const as = (token: string) => ({
    get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => request(stack.gateway.url).delete(path).set('Authorization', `Bearer ${token}`),
  });
  const admin = () => as(adminToken);
  const login = async (credentials: { login: string; password: string }): Promise<string> =>
    ((await request(stack.gateway.url).post('/auth/login').send(credentials).expect(200)).body as { access_token: string }).access_token;
  const claims = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const staff = async (name: string): Promise<string> =>
    (
      (
        await admin()
          .post('/api/v1/staff', { name, employeeNo: `E-${randomUUID().slice(0, 8)}`, homeNodeCode: COMMUNITY })
          .expect(201)
      ).body as { id: string }
    ).id;
  const account = async (login: string, staffId: string): Promise<string> =>
    (
      (
        await admin()
          .post('/api/v1/accounts', { login, password: `${login}-password`, roles: ['grid_member'], nodeScope: COMMUNITY, staffId })
          .expect(201)
      ).body as { id: string }
    ).id;
  const scopeOf = async (id: string): Promise<unknown> => (await admin().get(`/api/v1/accounts/${id}`).expect(200)).body.nodeScope;
  const letters = async (query = ''): Promise<DeadLetter[]> => ((await admin().get(`/api/v1/ops/dead-letters?source=identity${query}`).expect(200)).body as { items: DeadLetter[] }).items;
  const scopeUpdates = async (id: string): Promise<unknown[]> =>
    ((await admin().get(`/api/v1/audit?source=identity&entityId=${id}`).expect(200)).body as { items: Array<{ action: string }> }).items.filter((e) => e.action === 'citygrid.account.updated.v1');

  beforeAll(async () => {
    stack = await startStack(
      {},
      {
        identityOnly: true,
        // the consumer gives up after two deliveries, 100 ms apart: an operator's setting, not a test hook
        identityEnv: { ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, CONSUMER_MAX_DELIVER: '2', CONSUMER_BACKOFF_MS: '100' },
        gatewayEnv: { AUTH_RATE_LIMIT_PER_MINUTE: '1000' },
      },
    );
    adminToken = await login(ADMIN);
    for (const n of [...chain(GRID), byCode.get(SIBLING)!]) {
      await admin()
        .post('/api/v1/nodes', {
          code: n.code,
          name: n.name,
          kind: n.kind,
          ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
          ...(n.parentCode ? { parentCode: n.parentCode } : {}),
          boundary: n.boundary,
        })
        .expect(201);
    }
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('moves a linked account to the grid its staff member is assigned to, in the assignment’s role: its next token works there only, and the end of the assignment takes both away', async () => {
    const staffId = await staff('王芳');
    const id = await account('wang.fang', staffId);
    const before = await login({ login: 'wang.fang', password: 'wang.fang-password' });
    expect(claims(before)['node']).toBe(COMMUNITY);
    await as(before).get(`/api/v1/nodes/${SIBLING}`).expect(200);

    const assignment = (await admin().post('/api/v1/assignments', { staffId, nodeCode: GRID, role: 'grid_leader' }).expect(201)).body as { id: string };
    await eventually(async () => (await scopeOf(id)) === GRID, 15000);

    const after = await login({ login: 'wang.fang', password: 'wang.fang-password' });
    expect(claims(after)['node']).toBe(GRID);
    // the grid leader's assignment made the grid member a grid leader there
    expect(claims(after)['roles']).toEqual(['grid_leader']);
    await as(after).get(`/api/v1/nodes/${GRID}`).expect(200);
    await as(after).get(`/api/v1/nodes/${SIBLING}`).expect(404);
    expect(await scopeUpdates(id)).toEqual([
      expect.objectContaining({ actorId: 'system', before: expect.objectContaining({ nodeScope: COMMUNITY }), after: expect.objectContaining({ nodeScope: GRID, roles: ['grid_leader'] }) }),
    ]);

    // unassigned: its next token has no scope and no grid role, and sees nothing
    await admin()
      .delete(`/api/v1/assignments/${assignment.id}`)
      .expect((res) => expect([200, 204]).toContain(res.status));
    await eventually(async () => (await scopeOf(id)) === null, 15000);
    const gone = await login({ login: 'wang.fang', password: 'wang.fang-password' });
    expect(claims(gone)).toMatchObject({ node: null, roles: [] });
    await as(gone).get(`/api/v1/nodes/${GRID}`).expect(404);
  }, 60000);

  it('dead-letters an assignment it cannot apply, lists it to the administrator only, and applies it exactly once when replayed after the fix', async () => {
    // one staff member, two enabled accounts: whose scope should the assignment move?
    const staffId = await staff('李娜');
    const stale = await account('li.na.old', staffId);
    const current = await account('li.na', staffId);
    await admin().post('/api/v1/assignments', { staffId, nodeCode: GRID, role: 'grid_member' }).expect(201);
    const letter = await eventually(async () => (await letters()).find((d) => d.event?.data['staffId'] === staffId), 15000);
    expect(letter).toMatchObject({ consumer: 'identity', type: 'citygrid.staff.assigned.v1', poison: false, deliveries: 2, replayedAt: null });
    expect(letter.error).toContain(`linked to 2 enabled accounts (${stale}, ${current})`);
    expect(letter.event?.data).toMatchObject({ staffId, nodeCode: GRID, role: 'grid_member', staffName: '李*' });
    const listed = await admin().get('/api/v1/ops/dead-letters?source=identity&consumer=identity&limit=10&offset=0').expect(200);
    expect(listed.text).not.toContain('李娜');
    expect([await scopeOf(stale), await scopeOf(current)]).toEqual([COMMUNITY, COMMUNITY]);

    // not for anyone but the system administrator, however high
    const operator = await as(adminToken)
      .post('/api/v1/accounts', { login: 'city.op', password: 'city-op-password', roles: ['city_operator'], nodeScope: '410100' })
      .expect(201);
    expect(operator.body.id).toBeDefined();
    const cityToken = await login({ login: 'city.op', password: 'city-op-password' });
    const refused = await as(cityToken).get('/api/v1/ops/dead-letters?source=identity').expect(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    await as(cityToken).post(`/api/v1/ops/dead-letters/${letter.id}/replay?source=identity`).expect(403);

    // replayed before the fix: 409, and the letter waits as it was
    const early = await admin().post(`/api/v1/ops/dead-letters/${letter.id}/replay?source=identity`).expect(409);
    expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(early.body.detail).toContain('still fails');
    expect((await letters()).find((d) => d.id === letter.id)).toMatchObject({ replayedAt: null, deliveries: 2 });
    expect(await scopeOf(current)).toBe(COMMUNITY);

    // the fix: the stale login is disabled
    await admin().post(`/api/v1/accounts/${stale}/disable`).expect(200);
    const replay = await admin().post(`/api/v1/ops/dead-letters/${letter.id}/replay?source=identity`).expect(200);
    expect(replay.body).toMatchObject({ applied: true, deadLetter: { id: letter.id, replayedAt: expect.any(String) } });
    expect(await scopeOf(current)).toBe(GRID);
    expect(await scopeOf(stale)).toBe(COMMUNITY);

    // exactly once: a second replay applies nothing and keeps the first replay's time
    const again = await admin().post(`/api/v1/ops/dead-letters/${letter.id}/replay?source=identity`).expect(200);
    expect(again.body).toMatchObject({ applied: false, deadLetter: { replayedAt: replay.body.deadLetter.replayedAt } });
    expect(await scopeUpdates(current)).toEqual([expect.objectContaining({ actorName: ADMIN.login, after: expect.objectContaining({ nodeScope: GRID, cause: 'staff-assigned' }) })]);

    // replayed: off the default list, on the full one
    expect((await letters()).map((d) => d.id)).not.toContain(letter.id);
    expect((await letters('&includeReplayed=true')).find((d) => d.id === letter.id)).toMatchObject({ replayedAt: replay.body.deadLetter.replayedAt });
  }, 60000);

  it('answers 404, 422 and 400 problems for a replay that cannot be', async () => {
    const unknown = await admin().post(`/api/v1/ops/dead-letters/${randomUUID()}/replay?source=identity`).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    const malformed = await admin().post('/api/v1/ops/dead-letters/not-a-uuid/replay').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
    const source = await admin().get('/api/v1/ops/dead-letters?source=ticketing').expect(400);
    expect(source.body.errors).toEqual([expect.objectContaining({ field: 'source' })]);
    const flag = await admin().get('/api/v1/ops/dead-letters?includeReplayed=yes').expect(400);
    expect(flag.body.errors).toEqual([expect.objectContaining({ field: 'includeReplayed' })]);

    // a message on the staff subjects that is no event at all: dead-lettered at once, never replayable
    await stack.nc.jetstream().publish(`${stack.ns}.citygrid.grid-registry.staff.assigned`, new TextEncoder().encode('{"staffName": "赵'), { msgID: randomUUID() });
    const poison = await eventually(async () => (await letters()).find((d) => d.poison), 15000);
    expect(poison).toMatchObject({ event: null, type: null, deliveries: 1 });
    const refused = await admin().post(`/api/v1/ops/dead-letters/${poison.id}/replay`).expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await letters()).find((d) => d.id === poison.id)).toMatchObject({ replayedAt: null });
  }, 60000);
});
