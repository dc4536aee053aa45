import { randomUUID } from 'node:crypto';

import { Role } from '@citygrid/contracts/identity';
import { SchoolingRpc, type EnrolmentRequestView, type SchoolView } from '@citygrid/contracts/schooling';
import { connectTestNats, deleteStream, dropSchema, sql, startService, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace, TestTokens, type RunningService } from '@citygrid/testing';
import { headers as natsHeaders, JSONCodec, type NatsConnection, type Subscription } from 'nats';

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
const SUBDISTRICT = '410102005';
const GRID = PATH[5] as string;
const OTHER_GRID = '4101020050020101';
const POINT: [number, number] = [113.605, 34.755];
const HOUSEHOLD = randomUUID();
const SHOP = randomUUID();

/**
 * schooling as a process on a schema of its own, answering over NATS, with a stand-in for
 * grid-registry's node and place reads: the RPC surface's scope (404), roles (403), states (409),
 * masking, and one outbox event and audit row per step in the transaction of the change.
 */
describe('schooling over NATS', () => {
  const ns = testNamespace();
  const schema = `schooling_${ns}`;
  const stream = `SCHOOLING_${ns}`.toUpperCase();
  const codec = JSONCodec<unknown>();
  let tokens: TestTokens;
  let nc: NatsConnection;
  let service: RunningService;
  const registry: Subscription[] = [];

  const operator = { id: 'op', roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT };
  const member = { id: 'member', roles: [Role.GridMember], nodeScope: GRID };
  const auditor = { id: 'auditor', roles: [Role.Auditor], nodeScope: SUBDISTRICT };
  const stranger = { id: 'stranger', roles: [Role.GridMember], nodeScope: OTHER_GRID };
  type Account = typeof operator;

  /** The answer, or the error body (`code`, `detail`, `errors`). */
  const call = async <T>(pattern: string, payload: unknown, account: Account): Promise<{ ok: T } | { err: { code: string; detail: string; errors?: Array<{ field: string }> } }> => {
    const h = natsHeaders();
    h.set('authorization', `Bearer ${await tokens.sign(account)}`);
    const subject = `${ns}.${pattern}`;
    const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 10000, headers: h });
    const reply = codec.decode(msg.data) as { response?: T; err?: { code: string; detail: string } };
    return reply.err ? { err: reply.err } : { ok: reply.response as T };
  };
  const ok = async <T>(pattern: string, payload: unknown, account: Account): Promise<T> => {
    const r = await call<T>(pattern, payload, account);
    if ('err' in r) throw new Error(`${pattern}: ${JSON.stringify(r.err)}`);
    return r.ok;
  };
  const code = async (pattern: string, payload: unknown, account: Account): Promise<string> => {
    const r = await call(pattern, payload, account);
    return 'err' in r ? r.err.code : 'ok';
  };
  /** Answer a grid-registry pattern with `answer(payload)`: a value, or an error body. */
  const stand = (pattern: string, answer: (payload: Record<string, unknown>) => unknown): void => {
    const sub = nc.subscribe(`${ns}.${pattern}`, {
      callback: (_e, msg) => {
        const { data } = codec.decode(msg.data) as { data: { payload: Record<string, unknown> } };
        const value = answer(data.payload);
        msg.respond(codec.encode(value instanceof Error ? { err: { code: 'not-found', title: 'Not Found', detail: value.message }, isDisposed: true } : { response: value, isDisposed: true }));
      },
    });
    registry.push(sub);
  };
  const square = (d: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [POINT[0] - d, POINT[1] - d],
        [POINT[0] + d, POINT[1] - d],
        [POINT[0] + d, POINT[1] + d],
        [POINT[0] - d, POINT[1] + d],
        [POINT[0] - d, POINT[1] - d],
      ],
    ],
  });
  const child = (over: Record<string, unknown> = {}) => ({
    householdId: HOUSEHOLD,
    childName: '张小明',
    childBirthDate: '2019-05-01',
    childGender: 'male',
    childIdNumber: '410102201905011234',
    guardianName: '张芳',
    guardianPhone: '13800138000',
    grade: 1,
    reason: 'relocation',
    relocationProjectId: 'east-2026',
    ...over,
  });

  beforeAll(async () => {
    tokens = await TestTokens.create();
    nc = await connectTestNats();
    stand('grid-registry.node.get', (p) => {
      const i = PATH.indexOf(String(p['code']));
      return i < 0 ? new Error(`Node ${String(p['code'])} does not exist.`) : { code: PATH[i], path: PATH.slice(0, i + 1) };
    });
    stand('grid-registry.place.get', (p) => {
      if (p['id'] === HOUSEHOLD) return { id: HOUSEHOLD, kind: 'household', name: '3号楼501', address: '3号楼501', location: { type: 'Point', coordinates: POINT }, gridCode: GRID };
      if (p['id'] === SHOP) return { id: SHOP, kind: 'unit', name: '商店', address: '1号', location: { type: 'Point', coordinates: POINT }, gridCode: GRID };
      return new Error('Place does not exist.');
    });
    service = await startService('schooling', {
      AUTH_JWKS: tokens.jwksJson,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      CHECK_DAYS: '2',
    });
  }, 120000);

  afterAll(async () => {
    await service?.stop();
    for (const s of registry) s.unsubscribe();
    if (nc) await deleteStream(nc, stream);
    await nc?.drain();
    await dropSchema(schema);
  }, 60000);

  it('suggests the catchment school and takes a request through its steps, one event and audit row each', async () => {
    const school = await ok<SchoolView>(
      SchoolingRpc.schoolCreate,
      { name: '小学', kind: 'primary', nodeCode: SUBDISTRICT, address: '1号', location: { type: 'Point', coordinates: POINT }, catchment: square(0.01) },
      operator,
    );
    expect(
      await code(
        SchoolingRpc.schoolCreate,
        { name: '小学', kind: 'primary', nodeCode: '410102099', address: '1号', location: { type: 'Point', coordinates: POINT }, catchment: square(0.01) },
        operator,
      ),
    ).toBe('unprocessable');
    expect(
      await code(SchoolingRpc.schoolCreate, { name: '小学', kind: 'primary', nodeCode: SUBDISTRICT, address: '1号', location: { type: 'Point', coordinates: POINT }, catchment: square(0.01) }, member),
    ).toBe('forbidden');

    const r = await ok<EnrolmentRequestView>(SchoolingRpc.requestCreate, child(), member);
    expect(r).toMatchObject({ state: 'received', suggestedSchoolId: school.id, nodeCode: GRID, path: PATH });
    expect(Date.parse(r.deadline!) - Date.parse(r.receivedAt)).toBe(2 * 86400000);
    await ok(SchoolingRpc.requestAdvance, { id: r.id, action: 'check' }, member);
    await ok(SchoolingRpc.requestAdvance, { id: r.id, action: 'refer' }, member);
    const placed = await ok<EnrolmentRequestView>(SchoolingRpc.requestAdvance, { id: r.id, action: 'place', schoolId: school.id }, operator);
    expect(placed).toMatchObject({ state: 'placed', placedSchoolId: school.id, deadline: null });

    const outbox = await sql<{ type: string; data: { stateBefore: string | null; state: string } }>(
      `select "type", "event"->'data' as data from "${schema}"."outbox" where "event"->>'subject' = $1 order by "seq"`,
      [r.id],
    );
    expect(outbox.map((e) => [e.type, e.data.stateBefore, e.data.state])).toEqual([
      ['citygrid.enrolment-request.received.v1', null, 'received'],
      ['citygrid.enrolment-request.checked.v1', 'received', 'checked'],
      ['citygrid.enrolment-request.referred.v1', 'checked', 'referred'],
      ['citygrid.enrolment-request.placed.v1', 'referred', 'placed'],
    ]);
    expect(JSON.stringify(outbox)).not.toMatch(/张|13800138000|410102201905011234/);
    const audit = await sql<{ n: string }>(`select count(*) as n from "${schema}"."audit_log" where "entity_id" = $1`, [r.id]);
    expect(audit[0]?.n).toBe('4');
    const stored = await sql<{ child_id_number: string; guardian_phone: string }>(`select "child_id_number", "guardian_phone" from "${schema}"."enrolment_request" where "id" = $1`, [r.id]);
    expect(JSON.stringify(stored)).not.toMatch(/13800138000|410102201905011234/);
  });

  it('answers 404 outside the area, 403 to readers and the wrong role, 409 naming the state, and changes nothing', async () => {
    const r = await ok<EnrolmentRequestView>(SchoolingRpc.requestCreate, child({ reason: 'migrant_worker' }), member);
    expect(await code(SchoolingRpc.requestGet, { id: r.id }, stranger)).toBe('not-found');
    expect(await code(SchoolingRpc.requestAdvance, { id: r.id, action: 'check' }, stranger)).toBe('not-found');
    expect(await code(SchoolingRpc.requestAdvance, { id: r.id, action: 'check' }, auditor)).toBe('forbidden');
    expect(await code(SchoolingRpc.requestAdvance, { id: r.id, action: 'refuse', refusalReason: 'x' }, member)).toBe('forbidden');
    const conflict = await call(SchoolingRpc.requestAdvance, { id: r.id, action: 'place', schoolId: randomUUID() }, operator);
    expect('err' in conflict && conflict.err).toMatchObject({ code: 'conflict', detail: expect.stringContaining('state received') });
    expect(await code(SchoolingRpc.requestCreate, child(), auditor)).toBe('forbidden');
    const shop = await call(SchoolingRpc.requestCreate, child({ householdId: SHOP }), member);
    expect('err' in shop && shop.err).toMatchObject({ code: 'unprocessable', errors: [expect.objectContaining({ field: 'householdId' })] });
    expect(await code(SchoolingRpc.householdRequests, { householdId: randomUUID() }, member)).toBe('not-found');
    const after = await ok<EnrolmentRequestView>(SchoolingRpc.requestGet, { id: r.id }, operator);
    expect(after.state).toBe('received');
    expect(after.steps).toHaveLength(1);
    const events = await sql<{ n: string }>(`select count(*) as n from "${schema}"."outbox" where "event"->>'subject' = $1`, [r.id]);
    expect(events[0]?.n).toBe('1');
  });

  it('masks the ID number and phone for an auditor and lists overdue requests', async () => {
    const r = await ok<EnrolmentRequestView>(SchoolingRpc.requestCreate, child({ relocationProjectId: 'late-2026' }), member);
    const seen = await ok<EnrolmentRequestView>(SchoolingRpc.requestGet, { id: r.id }, auditor);
    expect(seen).toMatchObject({ masked: true, guardianPhone: '138****8000' });
    expect(seen.childIdNumber).not.toBe('410102201905011234');
    await sql(`update "${schema}"."enrolment_request" set "deadline" = now() - interval '1 hour' where "id" = $1`, [r.id]);
    const overdue = await ok<{ items: EnrolmentRequestView[] }>(SchoolingRpc.requestList, { overdue: true }, auditor);
    expect(overdue.items.map((i) => [i.id, i.overdue])).toEqual([[r.id, true]]);
    const byProject = await ok<{ total: number }>(SchoolingRpc.requestList, { relocationProjectId: 'late-2026' }, member);
    expect(byProject.total).toBe(1);
  });
});
