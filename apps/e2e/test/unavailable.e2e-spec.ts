import { startPrivatePostgres, startTcpProxy, TEST_NATS_URL, eventually, type PrivatePostgres, type TcpProxy } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * What a client sees when a part of the system is down: a 503 problem with `Retry-After` (in
 * Open311's own format under `/open311`), never a 500, naming no host; and the answers come back
 * by themselves once the part is back. The gateway reaches NATS through a proxy the test cuts;
 * ticketing keeps its data in a PostgreSQL cluster of the test's own, crash-stopped and started
 * again; a service stopped outright answers nothing.
 */
describe('unavailable parts: 503 with Retry-After, never 500', () => {
  let stack: Stack;
  let pg: PrivatePostgres;
  let bus: TcpProxy;
  const natsTarget = new URL(TEST_NATS_URL);
  const get = (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${stack.adminToken}`);

  /** The answer a client must get while the part is down. */
  const expectUnavailable = (res: request.Response, what: string) => {
    expect([what, res.status]).toEqual([what, 503]);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 503, type: 'https://citygrid.dev/problems/unavailable' });
    expect(res.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres:\/\//);
  };

  beforeAll(async () => {
    pg = await startPrivatePostgres({ database: 'postgres' });
    bus = await startTcpProxy({ host: natsTarget.hostname, port: Number(natsTarget.port || 4222) });
    stack = await startStack({}, { withTicketing: true, ticketingEnv: { DATABASE_URL: pg.url }, gatewayEnv: { NATS_URL: bus.through(TEST_NATS_URL) } });
  }, 180000);

  afterAll(async () => {
    await bus?.restore();
    await pg?.start().catch(() => undefined);
    await stack?.stop();
    await bus?.close();
    await pg?.stop();
  }, 90000);

  it('answers 503 while the gateway is cut off from the bus, and 200 again once it is back', async () => {
    await eventually(async () => (await get('/api/v1/nodes')).status === 200, 30000);
    await bus.cut();
    expectUnavailable(await get('/api/v1/nodes'), 'GET /api/v1/nodes, bus down');
    const open311 = await request(stack.gateway.url).get('/open311/v2/services.json');
    expect(open311.status).toBe(503);
    expect(open311.headers['retry-after']).toBe('5');
    expect(open311.body).toEqual([expect.objectContaining({ code: 503 })]);
    await bus.restore();
    await eventually(async () => (await get('/api/v1/nodes')).status === 200, 30000);
  }, 60000);

  it("answers 503 while a service's database is down, and 200 again once it has recovered", async () => {
    // up first (a loaded machine may take the first answers past the RPC timeout)
    await eventually(async () => (await get('/api/v1/cases')).status === 200, 30000);
    await pg.crash();
    expectUnavailable(await get('/api/v1/cases'), 'GET /api/v1/cases, database down');
    expectUnavailable(await get('/api/v1/categories'), 'GET /api/v1/categories, database down');
    await pg.start();
    await eventually(async () => (await get('/api/v1/cases')).status === 200, 30000);
  }, 90000);

  it('answers 503 while a service is stopped', async () => {
    await stack.ticketing!.stop();
    expectUnavailable(await get('/api/v1/cases'), 'GET /api/v1/cases, ticketing stopped');
    const open311 = await request(stack.gateway.url).get('/open311/v2/services.json');
    expect(open311.status).toBe(503);
    expect(open311.headers['retry-after']).toBe('5');
  }, 30000);
});
