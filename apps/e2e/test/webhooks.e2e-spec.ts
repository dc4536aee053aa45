import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role } from '@citygrid/contracts/identity';
import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

const COMMUNITY = '410102005001';
const GRID = `${COMMUNITY}0101`;

interface Received {
  hook: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The receiver's side of the Standard Webhooks recipe, written as an integrator would from the docs. */
function verified(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(
    createHmac('sha256', key)
      .update(`${String(r.headers['webhook-id'])}.${String(r.headers['webhook-timestamp'])}.${r.body}`)
      .digest('base64'),
  );
  return String(r.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((s) => s.startsWith('v1,') && Buffer.from(s.slice(3)).length === expected.length && timingSafeEqual(Buffer.from(s.slice(3)), expected));
}

/**
 * A city system that cannot speak NATS subscribes its HTTP endpoint through the gateway; cases
 * filed through the gateway reach it as signed CloudEvents, once each, retried after a 500; a
 * subscription to other event types gets nothing; the deliveries endpoint shows each attempt.
 */
describe('webhooks through the gateway', () => {
  let stack: Stack;
  let base = '';
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = (req.url ?? '').replace(/^\/hooks\//, '');
      received.push({ hook, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answers.get(hook)?.shift() ?? 204).end();
    });
  });
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);
  let operator = '';
  const as = (token: string) => ({
    post: (path: string, body: object = {}) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
  });
  const fileCase = async (): Promise<string> => {
    const created = await eventually(async () => {
      const res = await as(operator).post('/api/v1/cases', {
        source: 'hotline_12345',
        categoryCode: 'CM05',
        description: '路边违建',
        address: '伏牛路88号院',
        location: { type: 'Point', coordinates: interiorPointOf(byCode.get(GRID)!) },
      });
      return res.status === 201 ? (res.body as { id: string }) : undefined;
    });
    await as(operator).post(`/api/v1/cases/${created.id}/file`).expect(200);
    return created.id;
  };
  const hookOf = (name: string) => received.filter((r) => r.hook === name);

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    stack = await startStack({}, { withTicketing: true, withNotifications: true, notificationsEnv: { WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_BACKOFF_BASE_MS: '200', WEBHOOKS_BACKOFF_MAX_MS: '1000' } });
    const chain: DemoNode[] = [];
    for (let n: DemoNode | undefined = byCode.get(GRID); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
    for (const n of chain) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    operator = await stack.tokens.sign({ name: 'operator', roles: [Role.CommunityOperator], nodeScope: COMMUNITY });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }, 60000);

  it('delivers each filed case once, signed with the secret shown at creation, retries after a 500, and shows the attempts', async () => {
    // only the system administrator manages subscriptions
    await as(operator).get('/api/v1/webhooks/subscriptions').expect(403);
    const bad = await admin()
      .post('/api/v1/webhooks/subscriptions')
      .send({ url: `${base}/hooks/x`, eventTypes: ['citygrid.case.nope.v1'] })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('eventTypes[0]');

    const filedSub = (
      await admin()
        .post('/api/v1/webhooks/subscriptions')
        .send({ url: `${base}/hooks/filed`, eventTypes: ['citygrid.case.filed.v1'], nodeCode: '410102005', description: '12345 hotline' })
        .expect(201)
    ).body as { id: string; secret: string };
    const closedSub = (
      await admin()
        .post('/api/v1/webhooks/subscriptions')
        .send({ url: `${base}/hooks/closed`, eventTypes: ['citygrid.case.closed.v1'] })
        .expect(201)
    ).body as { id: string };
    const got = (await admin().get(`/api/v1/webhooks/subscriptions/${filedSub.id}`).expect(200)).body as Record<string, unknown>;
    expect(got).toMatchObject({ id: filedSub.id, eventTypes: ['citygrid.case.filed.v1'], nodeCode: '410102005', mode: 'structured', paused: false });
    expect(got).not.toHaveProperty('secret');

    const first = await fileCase();
    await eventually(async () => hookOf('filed').length === 1, 20000, 100);

    // the receiver answers 500 twice to the next one: it gets it again, then takes it
    answers.set('filed', [500, 500]);
    const second = await fileCase();
    await eventually(async () => hookOf('filed').length === 4, 20000, 100);
    await new Promise((r) => setTimeout(r, 1500));

    const calls = hookOf('filed');
    expect(calls).toHaveLength(4);
    for (const c of calls) expect(verified(filedSub.secret, c)).toBe(true);
    const events = calls.map((c) => JSON.parse(c.body) as { id: string; type: string; data: { id: string; path: string[] } });
    expect(events.map((e) => e.data.id)).toEqual([first, second, second, second]);
    expect(events.every((e) => e.type === 'citygrid.case.filed.v1' && e.data.path.at(-1) === GRID)).toBe(true);
    // each event once: the redeliveries of the second are one delivery (one webhook-id)
    expect(new Set(calls.map((c) => c.headers['webhook-id'])).size).toBe(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(hookOf('closed')).toEqual([]);

    const page = (await admin().get(`/api/v1/webhooks/subscriptions/${filedSub.id}/deliveries`).expect(200)).body as {
      total: number;
      items: Array<{ id: string; status: string; eventId: string; attempts: Array<{ statusCode: number | null; durationMs: number; error: string | null }> }>;
    };
    expect(page.total).toBe(2);
    const byEvent = new Map(page.items.map((d) => [d.eventId, d]));
    expect(byEvent.get(events[0]!.id)).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 204, error: null }] });
    expect(byEvent.get(events[1]!.id)).toMatchObject({
      id: calls[1]!.headers['webhook-id'],
      status: 'delivered',
      attempts: [{ statusCode: 500, error: 'receiver answered 500' }, { statusCode: 500 }, { statusCode: 204, error: null }],
    });
    expect((await admin().get(`/api/v1/webhooks/subscriptions/${filedSub.id}/deliveries?status=dead`).expect(200)).body).toMatchObject({ total: 0 });
    expect((await admin().get(`/api/v1/webhooks/subscriptions/${closedSub.id}/deliveries`).expect(200)).body).toMatchObject({ total: 0 });
    await admin().get(`/api/v1/webhooks/subscriptions/${filedSub.id}/deliveries?status=lost`).expect(400);
    await admin().post(`/api/v1/webhooks/subscriptions/${filedSub.id}/deliveries/${page.items[0]!.id}/redeliver`).expect(409);

    // paused, it gets nothing; deleted, it is gone
    await admin().patch(`/api/v1/webhooks/subscriptions/${filedSub.id}`).send({ paused: true }).expect(200);
    await fileCase();
    await new Promise((r) => setTimeout(r, 2000));
    expect(hookOf('filed')).toHaveLength(4);
    await admin().delete(`/api/v1/webhooks/subscriptions/${filedSub.id}`).expect(200);
    await admin().get(`/api/v1/webhooks/subscriptions/${filedSub.id}`).expect(404);
  }, 120000);
});
