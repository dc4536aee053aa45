import { randomUUID } from 'node:crypto';

import { GridRegistryEvents, StaffRole, type StaffAssignmentV1 } from '@citygrid/contracts/grid-registry';
import { buildCloudEvent, encodeCloudEvent, eventSubject } from '@citygrid/messaging';
import {
  connectTestNats,
  deleteStream,
  dropSchema,
  ensureTestDatabase,
  eventually,
  readSubject,
  sql,
  startService,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
  type RunningService,
} from '@citygrid/testing';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';

type Reply = { response?: Record<string, unknown>; err?: Record<string, unknown> };
type Event = ReturnType<typeof buildCloudEvent<StaffAssignmentV1>>;

const COMMUNITY = '410102005001';
const GRID_1 = `${COMMUNITY}0101`;
const GRID_2 = `${COMMUNITY}0102`;
const OTHER_GRID = '4101020050020101';
const pathOf = (code: string): string[] => ['410100', ...[6, 9, 12, 14, 16].filter((l) => l <= code.length).map((l) => code.slice(0, l))];

/**
 * identity's consumer of grid-registry's staff events, as its own process on this file's schema
 * and stream: the events are published to JetStream as grid-registry's relay publishes them, and
 * the accounts read back over NATS as the gateway reads them.
 */
describe('identity follows staff assignments (real Postgres and JetStream)', () => {
  const ns = testNamespace();
  const PREFIX = ns;
  const schema = `identity_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const codec = JSONCodec<unknown>();
  let identity: RunningService;
  let nc: NatsConnection;
  let adminToken: string;

  async function rpc(pattern: string, payload: unknown, token = adminToken): Promise<Reply> {
    const h = natsHeaders();
    if (token) h.set('authorization', `Bearer ${token}`);
    const subject = `${ns}.${pattern}`;
    const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 10000, headers: h });
    return codec.decode(msg.data) as Reply;
  }

  async function ok(pattern: string, payload: unknown, token = adminToken): Promise<Record<string, unknown>> {
    const { response, err } = await rpc(pattern, payload, token);
    if (err || !response) throw new Error(`${pattern}: ${JSON.stringify(err)}`);
    return response;
  }

  async function login(name: string, password: string): Promise<string> {
    return String((await ok('identity.auth.login', { credentials: { login: name, password }, sourceAddress: '192.0.2.20' }, ''))['access_token']);
  }

  async function account(body: Record<string, unknown>, token = adminToken): Promise<string> {
    return String((await ok('identity.account.create', { password: 'member-password-1', roles: ['grid_member'], nodeScope: COMMUNITY, ...body }, token))['id']);
  }

  const scopeOf = async (id: string): Promise<unknown> => (await ok('identity.account.get', { id }))['nodeScope'];
  const updates = async (id: string) =>
    sql<{ actor_id: string; correlation_id: string | null; before: { nodeScope: string | null }; after: { nodeScope: string | null } }>(
      `select actor_id, correlation_id, before, after from "${schema}"."audit_log" where entity_id = $1 and action = 'citygrid.account.updated.v1' order by id`,
      [id],
    );
  const applied = async (eventId: string): Promise<boolean> => (await sql(`select 1 from "${schema}"."inbox" where consumer = 'identity' and event_id = $1`, [eventId])).length === 1;

  function staffEvent(kind: 'assigned' | 'unassigned', staffId: string, nodeCode: string, assignmentId: string = randomUUID()): Event {
    const def = kind === 'assigned' ? GridRegistryEvents.staffAssigned : GridRegistryEvents.staffUnassigned;
    return buildCloudEvent(def, {
      subject: staffId,
      correlationId: `req-${randomUUID()}`,
      data: { assignmentId, staffId, staffName: '王芳', nodeId: randomUUID(), nodeCode, path: pathOf(nodeCode), role: StaffRole.GridMember },
    });
  }

  /** As grid-registry's relay publishes: the event id is the `Nats-Msg-Id`, unless a test wants a redelivery. */
  async function publish(event: Event, msgID = event.id): Promise<Event> {
    const def = event.type === GridRegistryEvents.staffAssigned.type ? GridRegistryEvents.staffAssigned : GridRegistryEvents.staffUnassigned;
    await nc.jetstream().publish(eventSubject(def.subject, PREFIX), encodeCloudEvent(event), { msgID });
    return event;
  }

  const deadLetterOf = async (eventId: string) =>
    eventually(async () => ((await ok('identity.dead-letter.list', { limit: 500 }))['items'] as Array<Record<string, unknown>>).find((d) => d['eventId'] === eventId), 15000);

  beforeAll(async () => {
    await ensureTestDatabase();
    identity = await startService('identity', {
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      ADMIN_LOGIN: 'root',
      ADMIN_PASSWORD: 'root-password-1',
      // give up on a failing event quickly, as an operator of a test system would
      CONSUMER_MAX_DELIVER: '2',
      CONSUMER_BACKOFF_MS: '100',
    });
    nc = await connectTestNats();
    adminToken = await login('root', 'root-password-1');
  }, 120000);

  afterAll(async () => {
    await identity?.stop();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }, 60000);

  it('moves a linked account to the node its staff member is assigned to, audited and announced once', async () => {
    const staffId = randomUUID();
    const id = await account({ login: 'wang.fang', staffId });
    const event = await publish(staffEvent('assigned', staffId, GRID_1));
    await eventually(async () => (await scopeOf(id)) === GRID_1);

    const audit = await updates(id);
    expect(audit).toEqual([
      { actor_id: 'system', correlation_id: event.correlationid, before: expect.objectContaining({ nodeScope: COMMUNITY }), after: expect.objectContaining({ nodeScope: GRID_1 }) },
    ]);
    const announced = await eventually(async () => {
      const events = await readSubject<{ data: Record<string, unknown>; correlationid: string }>(nc, stream, eventSubject('citygrid.identity.account.updated', PREFIX));
      return events.filter((e) => e.data['id'] === id).length ? events.filter((e) => e.data['id'] === id) : undefined;
    });
    expect(announced).toEqual([
      expect.objectContaining({
        correlationid: event.correlationid,
        data: expect.objectContaining({ nodeScope: GRID_1, previousNodeScope: COMMUNITY, path: pathOf(GRID_1), cause: 'staff-assigned', causeEventId: event.id, staffId }),
      }),
    ]);
    // the staff member's name is no business of the account's trail
    expect(JSON.stringify(audit)).not.toContain('王芳');
  });

  it('applies an event delivered twice only once', async () => {
    const staffId = randomUUID();
    const id = await account({ login: 'li.na', staffId });
    const event = staffEvent('assigned', staffId, GRID_2);
    await publish(event);
    // the same event again under another message id, as after JetStream's duplicate window
    await publish(event, randomUUID());
    const sentinel = await publish(staffEvent('assigned', randomUUID(), GRID_1));
    await eventually(() => applied(sentinel.id));
    expect(await scopeOf(id)).toBe(GRID_2);
    expect(await updates(id)).toHaveLength(1);
    const announced = await eventually(async () => {
      const events = (await readSubject<{ data: { id: string } }>(nc, stream, eventSubject('citygrid.identity.account.updated', PREFIX))).filter((e) => e.data.id === id);
      return events.length ? events : undefined;
    });
    expect(announced).toHaveLength(1);
  });

  it('falls back to the newest remaining assignment on unassignment, then to no scope at all', async () => {
    const staffId = randomUUID();
    const id = await account({ login: 'zhao.lei', staffId });
    const first = await publish(staffEvent('assigned', staffId, GRID_1));
    const second = await publish(staffEvent('assigned', staffId, GRID_2));
    await eventually(async () => (await scopeOf(id)) === GRID_2);

    await publish(staffEvent('unassigned', staffId, GRID_2, second.data.assignmentId));
    await eventually(async () => (await scopeOf(id)) === GRID_1);
    await publish(staffEvent('unassigned', staffId, GRID_1, first.data.assignmentId));
    await eventually(async () => (await scopeOf(id)) === null);
    expect((await updates(id)).map((u) => u.after.nodeScope)).toEqual([GRID_1, GRID_2, GRID_1, null]);

    // an assignment event arriving after its own unassignment changes nothing
    const late = await publish(staffEvent('assigned', staffId, GRID_2, second.data.assignmentId));
    await eventually(() => applied(late.id));
    expect(await scopeOf(id)).toBeNull();
  });

  it('applies an assignment of a staff member linked to no account as a no-op', async () => {
    const before = await sql<{ n: string }>(
      `select (select count(*) from "${schema}"."audit_log") + (select count(*) from "${schema}"."outbox") + (select count(*) from "${schema}"."staff_assignment") as n`,
    );
    const event = await publish(staffEvent('assigned', randomUUID(), GRID_1));
    await eventually(() => applied(event.id));
    const after = await sql<{ n: string }>(
      `select (select count(*) from "${schema}"."audit_log") + (select count(*) from "${schema}"."outbox") + (select count(*) from "${schema}"."staff_assignment") as n`,
    );
    expect(after).toEqual(before);
    expect((await ok('identity.dead-letter.list', {}))['items']).toEqual([]);
  });

  it('dead-letters an assignment its account may not take, and replays it (as an operator) once the accounts are fixed', async () => {
    const staffId = randomUUID();
    // a community operator links a grid member of her own community
    await account({ login: 'community.op', password: 'community-op-password', roles: ['community_operator'], nodeScope: COMMUNITY });
    const operator = await login('community.op', 'community-op-password');
    const bounded = await account({ login: 'zhou.min', staffId, nodeScope: GRID_1 }, operator);
    // … who is then assigned in the next community, where her creator grants nothing
    const event = await publish(staffEvent('assigned', staffId, OTHER_GRID));
    const letter = await deadLetterOf(event.id);
    expect(letter).toMatchObject({ consumer: 'identity', type: 'citygrid.staff.assigned.v1', deliveries: 2, poison: false, replayedAt: null });
    expect(String(letter['error'])).toContain(`node ${OTHER_GRID} lies outside ${COMMUNITY}`);
    expect((letter['event'] as { data: Record<string, unknown> }).data).toMatchObject({ staffId, nodeCode: OTHER_GRID, staffName: '王*' });
    expect(JSON.stringify(letter)).not.toContain('王芳');
    expect(await scopeOf(bounded)).toBe(GRID_1);

    // not fixed yet: 409, the letter as it was
    const still = await rpc('identity.dead-letter.replay', { id: letter['id'] });
    expect(still.err).toMatchObject({ code: 'conflict' });
    expect(await deadLetterOf(event.id)).toMatchObject({ replayedAt: null });
    // only the system administrator lists or replays
    expect((await rpc('identity.dead-letter.list', {}, operator)).err).toMatchObject({ code: 'forbidden' });
    expect((await rpc('identity.dead-letter.replay', { id: letter['id'] }, operator)).err).toMatchObject({ code: 'forbidden' });

    // the fix: her account is disabled, and the administrator links a new one
    await ok('identity.account.disable', { id: bounded });
    const fresh = await account({ login: 'zhou.min.2', staffId, nodeScope: COMMUNITY });
    const replay = await ok('identity.dead-letter.replay', { id: letter['id'] });
    expect(replay).toMatchObject({ applied: true, deadLetter: { id: letter['id'], replayedAt: expect.any(String) } });
    expect(await scopeOf(fresh)).toBe(OTHER_GRID);
    expect(await scopeOf(bounded)).toBe(GRID_1);
    // the change is the administrator's, who replayed it
    expect((await updates(fresh)).map((u) => u.actor_id)).toEqual([expect.not.stringMatching(/^system$/)]);

    // a second replay applies nothing; unknown and malformed ids are 404 and 400
    expect(await ok('identity.dead-letter.replay', { id: letter['id'] })).toMatchObject({
      applied: false,
      deadLetter: { replayedAt: (replay['deadLetter'] as Record<string, unknown>)['replayedAt'] },
    });
    expect(await updates(fresh)).toHaveLength(1);
    expect((await rpc('identity.dead-letter.replay', { id: randomUUID() })).err).toMatchObject({ code: 'not-found' });
    expect((await rpc('identity.dead-letter.replay', { id: 'nope' })).err).toMatchObject({ code: 'validation-failed', errors: [{ field: 'id', reason: 'id must be a UUID' }] });
    // replayed letters leave the default list
    expect(((await ok('identity.dead-letter.list', {}))['items'] as unknown[]).length).toBe(0);
    expect(((await ok('identity.dead-letter.list', { includeReplayed: 'true', consumer: 'identity' }))['items'] as unknown[]).length).toBe(1);
  }, 30000);

  it('dead-letters a message that is no event at once, and refuses to replay it', async () => {
    await nc.jetstream().publish(eventSubject('citygrid.grid-registry.staff.assigned', PREFIX), new TextEncoder().encode('{"staffName":"王芳"'), { msgID: randomUUID() });
    const letter = await eventually(async () => ((await ok('identity.dead-letter.list', {}))['items'] as Array<Record<string, unknown>>).find((d) => d['poison'] === true));
    expect(letter).toMatchObject({ event: null, eventId: null, deliveries: 1 });
    expect(JSON.stringify(letter)).not.toContain('王芳');
    expect((await rpc('identity.dead-letter.replay', { id: letter['id'] })).err).toMatchObject({ code: 'unprocessable' });
  });

  it('stops its consumer on shutdown, with every event it took acknowledged, and exits without an error', async () => {
    const started = Date.now();
    await identity.stop();
    // well before the SIGKILL that `stop` sends after 15 s
    expect(Date.now() - started).toBeLessThan(10000);
    const lines = identity
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 50 && l.msg !== 'event dead-lettered')).toEqual([]);
    const info = await (await nc.jetstreamManager()).consumers.info(stream, 'identity');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });
});
