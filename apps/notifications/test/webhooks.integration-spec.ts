import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { CityGridCloudEvent } from '@citygrid/contracts';
import { Role } from '@citygrid/contracts/identity';
import {
  NotificationsRpc,
  WebhookDeliveryStatus,
  WebhookMode,
  type WebhookDeliveryView,
  type WebhookSubscriptionView,
  type WebhookSubscriptionWithSecretView,
} from '@citygrid/contracts/notifications';
import { CaseState, TicketingEvents, type CaseEventV1 } from '@citygrid/contracts/ticketing';
import type { Page } from '@citygrid/contracts';
import { buildCloudEvent, encodeCloudEvent, Subjects } from '@citygrid/messaging';
import {
  connectTestNats,
  deleteStream,
  dropSchema,
  ensureTestDatabase,
  eventually,
  sql,
  startService,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
  TestTokens,
  type RunningService,
} from '@citygrid/testing';
import { headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';

import { verifyWebhook } from '../src/webhooks/signing';

const PATH = ['410100', '410102', '410102005', '410102005001', '41010200500101', '4101020050010101'];
const OTHER_PATH = ['410100', '410103', '410103001', '410103001001', '41010300100101', '4101030010010101'];

interface Received {
  hook: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Webhooks of notifications as a process on a schema and stream of its own: subscriptions made
 * through its RPC surface, case events published straight onto the stream, a real HTTP receiver
 * on a random port that answers as each test tells it.
 */
describe('webhooks', () => {
  const ns = testNamespace();
  const schema = `notifications_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const subjects = new Subjects({ prefix: ns, stream });
  let tokens: TestTokens;
  let nc: NatsConnection;
  let service: RunningService;
  let base = '';
  const received: Received[] = [];
  /** Per hook, the statuses to answer in turn (then 200), and headers to add. */
  const answers = new Map<string, Array<{ status: number; headers?: Record<string, string> }>>();
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = (req.url ?? '').replace(/^\/hooks\//, '');
      received.push({ hook, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = answers.get(hook)?.shift() ?? { status: 200 };
      res.writeHead(next.status, next.headers).end();
    });
  });
  const admin = { id: `admin-${ns}`, roles: [Role.SystemAdmin], nodeScope: null };
  const operator = { id: `op-${ns}`, roles: [Role.CityOperator], nodeScope: '410100' };

  const rpc = async <T>(pattern: string, payload: unknown, as: { id: string; roles: Role[]; nodeScope: string | null } = admin): Promise<T> => {
    const token = await tokens.sign(as);
    const h = natsHeaders();
    h.set('authorization', `Bearer ${token}`);
    const codec = JSONCodec<unknown>();
    const subject = `${ns}.${pattern}`;
    const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 10000, headers: h });
    const reply = codec.decode(msg.data) as { response?: T; err?: unknown };
    if (reply.err !== undefined && reply.err !== null) throw Object.assign(new Error(`${pattern}: ${JSON.stringify(reply.err)}`), { err: reply.err });
    return reply.response as T;
  };
  const failureOf = async (p: Promise<unknown>): Promise<{ code: string; errors?: Array<{ field: string; reason: string }> }> => {
    try {
      await p;
    } catch (e) {
      return (e as { err: { code: string; errors?: Array<{ field: string; reason: string }> } }).err;
    }
    throw new Error('expected a failure');
  };
  const subscribe = (hook: string, extra: Record<string, unknown> = {}): Promise<WebhookSubscriptionWithSecretView> =>
    rpc<WebhookSubscriptionWithSecretView>(NotificationsRpc.webhookCreate, { url: `${base}/hooks/${hook}`, eventTypes: [TicketingEvents.caseFiled.type], ...extra });
  const deliveriesOf = (id: string, status?: WebhookDeliveryStatus): Promise<Page<WebhookDeliveryView>> =>
    rpc<Page<WebhookDeliveryView>>(NotificationsRpc.webhookDeliveries, { id, ...(status ? { status } : {}) });
  const caseEvent = (type: 'caseFiled' | 'caseClosed', path = PATH): CityGridCloudEvent<CaseEventV1> => {
    const id = randomUUID();
    return buildCloudEvent(TicketingEvents[type], {
      subject: id,
      data: {
        id,
        number: 'CM05-20261201-0001',
        categoryCode: 'CM05',
        action: type === 'caseFiled' ? 'file' : 'close',
        stateBefore: null,
        stateAfter: type === 'caseFiled' ? CaseState.Filed : CaseState.Closed,
        actor: { id: operator.id, kind: 'staff', roles: [] },
        path,
        level: 5,
        deadline: null,
        version: 1,
        reportedAt: new Date().toISOString(),
      } as CaseEventV1,
    });
  };
  const publish = async (event: CityGridCloudEvent, msgId = event.id): Promise<void> => {
    const def = Object.values(TicketingEvents).find((d) => d.type === event.type)!;
    await nc.jetstream().publish(subjects.event(def.subject), encodeCloudEvent(event), { msgID: msgId });
  };
  const receivedBy = (hook: string): Received[] => received.filter((r) => r.hook === hook);

  beforeAll(async () => {
    await ensureTestDatabase();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    tokens = await TestTokens.create();
    nc = await connectTestNats();
    await (await nc.jetstreamManager()).streams.add({ name: stream, subjects: subjects.streamSubjects() });
    service = await startService('notifications', {
      AUTH_JWKS: tokens.jwksJson,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
      DELIVERY_POLL_MS: '100',
      UNPATROLLED_CHECK_MS: '1000000',
      WEBHOOKS_ALLOW_HTTP: 'true',
      WEBHOOKS_MAX_ATTEMPTS: '3',
      WEBHOOKS_BACKOFF_BASE_MS: '100',
      WEBHOOKS_BACKOFF_MAX_MS: '2000',
      WEBHOOKS_TIMEOUT_MS: '1000',
    });
  }, 120000);

  afterAll(async () => {
    await service?.stop();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }, 60000);

  it('is the system administrator’s: others get 403, bad input 400 naming the field, the secret shown once and stored encrypted', async () => {
    expect((await failureOf(rpc(NotificationsRpc.webhookList, {}, operator))).code).toBe('forbidden');
    const unknown = await failureOf(subscribe('x', { eventTypes: ['citygrid.case.filed.v1', 'citygrid.case.nonsense.v1', 'citygrid.grid.created.v1'] }));
    expect(unknown.code).toBe('validation-failed');
    expect(unknown.errors).toEqual([
      { field: 'eventTypes[1]', reason: expect.stringContaining('not an event type of the catalogue') },
      { field: 'eventTypes[2]', reason: expect.stringContaining('not offered over webhooks') },
    ]);
    expect((await failureOf(subscribe('x', { url: 'ftp://example.org/x' }))).errors?.[0]?.field).toBe('url');
    expect((await failureOf(subscribe('x', { nodeCode: '12' }))).errors?.[0]?.field).toBe('nodeCode');

    const created = await subscribe('once');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await rpc<WebhookSubscriptionView>(NotificationsRpc.webhookGet, { id: created.id });
    expect(got).toEqual({ ...created, secret: undefined });
    expect(JSON.stringify(await rpc(NotificationsRpc.webhookList, {}))).not.toContain(created.secret);
    const [row] = await sql<{ secret: string }>(`select "secret" from "${schema}"."webhook_subscription" where "id" = $1`, [created.id]);
    expect(row?.secret).not.toContain(created.secret.slice(6, 20));
    await rpc(NotificationsRpc.webhookDelete, { id: created.id });
    expect((await failureOf(rpc(NotificationsRpc.webhookGet, { id: created.id }))).code).toBe('not-found');
  }, 30000);

  it('delivers each matching event once, signed, structured or binary; other types, other nodes and paused subscriptions get nothing', async () => {
    const structured = await subscribe('structured', { nodeCode: '410102005' });
    const binary = await subscribe('binary', { mode: WebhookMode.Binary, eventTypes: [TicketingEvents.caseFiled.type, TicketingEvents.caseClosed.type] });
    const closedOnly = await subscribe('closed-only', { eventTypes: [TicketingEvents.caseClosed.type] });
    const paused = await subscribe('paused');
    await rpc(NotificationsRpc.webhookUpdate, { id: paused.id, paused: true });

    const filed = caseEvent('caseFiled');
    await publish(filed);
    // the stream delivers it again (another message id, the same event): no second delivery
    await publish(filed, randomUUID());
    const elsewhere = caseEvent('caseFiled', OTHER_PATH);
    await publish(elsewhere);

    await eventually(async () => receivedBy('binary').length === 2 && receivedBy('structured').length === 1, 15000, 100);
    await new Promise((r) => setTimeout(r, 800));
    expect(receivedBy('structured')).toHaveLength(1);
    expect(receivedBy('binary')).toHaveLength(2);
    expect(receivedBy('closed-only')).toEqual([]);
    expect(receivedBy('paused')).toEqual([]);

    const s = receivedBy('structured')[0]!;
    expect(s.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(JSON.parse(s.body)).toMatchObject({ specversion: '1.0', id: filed.id, type: filed.type, data: { id: filed.data.id, path: PATH } });
    expect(verifyWebhook(structured.secret, String(s.headers['webhook-id']), String(s.headers['webhook-timestamp']), s.body, String(s.headers['webhook-signature']))).toBe(true);
    expect(verifyWebhook(binary.secret, String(s.headers['webhook-id']), String(s.headers['webhook-timestamp']), s.body, String(s.headers['webhook-signature']))).toBe(false);
    expect(Math.abs(Number(s.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);

    const b = receivedBy('binary').find((r) => r.headers['ce-id'] === filed.id)!;
    expect(b.headers).toMatchObject({ 'content-type': 'application/json', 'ce-type': filed.type, 'ce-specversion': '1.0', 'ce-source': filed.source, 'ce-subject': filed.subject });
    expect(JSON.parse(b.body)).toMatchObject({ id: filed.data.id, path: PATH });
    expect(verifyWebhook(binary.secret, String(b.headers['webhook-id']), String(b.headers['webhook-timestamp']), b.body, String(b.headers['webhook-signature']))).toBe(true);

    const listed = await deliveriesOf(structured.id);
    expect(listed.items).toEqual([
      expect.objectContaining({ id: s.headers['webhook-id'], eventId: filed.id, status: WebhookDeliveryStatus.Delivered, attempts: [expect.objectContaining({ statusCode: 200, error: null })] }),
    ]);
    expect((await deliveriesOf(closedOnly.id)).total).toBe(0);
    const [count] = await sql<{ n: string }>(`select count(*) as n from "${schema}"."webhook_delivery" where "event_id" = $1`, [filed.id]);
    expect(count?.n).toBe('2');
  }, 30000);

  it('retries 5xx and 429 (after its Retry-After) with the same webhook-id until it is answered 2xx', async () => {
    answers.set('flaky', [{ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }]);
    const sub = await subscribe('flaky');
    const filed = caseEvent('caseFiled');
    await publish(filed);
    const delivered = await eventually(async () => (await deliveriesOf(sub.id, WebhookDeliveryStatus.Delivered)).items[0], 15000, 100);
    expect(delivered.attempts.map((a) => a.statusCode)).toEqual([500, 429, 200]);
    expect(delivered.attempts[0]).toMatchObject({ error: 'receiver answered 500', nextAttemptAt: expect.any(String) });
    // the 429's Retry-After: 1 s
    const a1 = delivered.attempts[1]!;
    expect(Date.parse(a1.nextAttemptAt!) - Date.parse(a1.at)).toBeGreaterThanOrEqual(990);
    expect(delivered.attempts[2]).toMatchObject({ nextAttemptAt: null, error: null });
    const got = receivedBy('flaky');
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivered.id]));
    for (const r of got) expect(verifyWebhook(sub.secret, delivered.id, String(r.headers['webhook-timestamp']), r.body, String(r.headers['webhook-signature']))).toBe(true);
  }, 30000);

  it('dead-letters a refused delivery at once and one out of attempts (5xx or network errors); a redelivery sends it again, with a rotated secret', async () => {
    answers.set('gone', [{ status: 410 }]);
    answers.set('down', [{ status: 503 }, { status: 503 }, { status: 503 }]);
    const gone = await subscribe('gone');
    const down = await subscribe('down');
    const nobody = await subscribe('nobody', { url: 'http://127.0.0.1:1/hooks/nobody' });
    await publish(caseEvent('caseFiled'));
    const dead = await eventually(async () => (await deliveriesOf(gone.id, WebhookDeliveryStatus.Dead)).items[0], 15000, 100);
    expect(dead.attempts).toEqual([expect.objectContaining({ statusCode: 410, error: 'receiver answered 410', nextAttemptAt: null })]);
    const exhausted = await eventually(async () => (await deliveriesOf(down.id, WebhookDeliveryStatus.Dead)).items[0], 15000, 100);
    expect(exhausted.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    expect((await failureOf(rpc(NotificationsRpc.webhookRedeliver, { id: gone.id, deliveryId: exhausted.id }))).code).toBe('not-found');
    // nobody listening: a network error, retried like a 5xx
    const unreachable = await eventually(async () => (await deliveriesOf(nobody.id, WebhookDeliveryStatus.Dead)).items[0], 15000, 100);
    expect(unreachable.attempts).toEqual([0, 1, 2].map(() => expect.objectContaining({ statusCode: null, error: expect.stringMatching(/^network error/) })));

    const rotated = await rpc<WebhookSubscriptionWithSecretView>(NotificationsRpc.webhookRotateSecret, { id: down.id });
    expect(rotated.secret).not.toBe(down.secret);
    const again = await rpc<WebhookDeliveryView>(NotificationsRpc.webhookRedeliver, { id: down.id, deliveryId: exhausted.id });
    expect(again.status).toBe(WebhookDeliveryStatus.Pending);
    const done = await eventually(async () => (await deliveriesOf(down.id, WebhookDeliveryStatus.Delivered)).items[0], 15000, 100);
    expect(done.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 200]);
    const last = receivedBy('down').at(-1)!;
    expect(verifyWebhook(rotated.secret, done.id, String(last.headers['webhook-timestamp']), last.body, String(last.headers['webhook-signature']))).toBe(true);
    expect(verifyWebhook(down.secret, done.id, String(last.headers['webhook-timestamp']), last.body, String(last.headers['webhook-signature']))).toBe(false);
    expect((await failureOf(rpc(NotificationsRpc.webhookRedeliver, { id: down.id, deliveryId: done.id }))).code).toBe('conflict');
  }, 40000);
});
