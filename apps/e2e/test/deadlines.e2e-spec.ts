import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { eventually, sql, TEST_DATABASE_URL } from '@citygrid/testing';
import { Client } from 'pg';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * One deadline per request, shared by every hop: the gateway's 503 after `RPC_TIMEOUT_MS` means
 * nothing was changed, so a client that retries after it never files the same case twice.
 */
describe('request deadlines', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grid = byCode.get('4101020050010101')!;
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);
  const report = (description: string) =>
    admin()
      .post('/api/v1/cases')
      .send({ source: 'patrol', categoryCode: 'CM05', description, address: '伏牛路88号院', location: { type: 'Point', coordinates: interiorPointOf(grid) } });
  const cases = async (): Promise<number> => Number((await sql<{ n: string }>(`select count(*) as n from "${stack.ticketingSchema}"."ticket_case"`))[0]!.n);
  const outbox = async (): Promise<number> => Number((await sql<{ n: string }>(`select count(*) as n from "${stack.ticketingSchema}"."outbox"`))[0]!.n);

  beforeAll(async () => {
    stack = await startStack({}, { withTicketing: true, gatewayEnv: { RPC_TIMEOUT_MS: '1500' } });
    const chain: DemoNode[] = [];
    for (let n: DemoNode | undefined = grid; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
    for (const n of chain) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('answers 503 when the case cannot be numbered in time, and the case is not filed behind it', async () => {
    // The first case of the day creates the category's counter row; holding that row stalls the next intake.
    // (the registry's grid index learns new grids from their events: report once it has)
    await eventually(async () => (await report('第一件')).status === 201, 15000, 200);
    const [casesBefore, outboxBefore] = [await cases(), await outbox()];
    const blocker = new Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`select * from "${stack.ticketingSchema}"."case_number_counter" where "category_code" = 'CM05' for update`);
      const started = Date.now();
      const res = await report('第二件: 等不到编号');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Date.now() - started).toBeLessThan(3000);
      // the intake is still waiting on the row; let it go on, past its deadline
      await blocker.query('rollback');
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await blocker.end();
    }
    expect(await cases()).toBe(casesBefore);
    expect(await outbox()).toBe(outboxBefore);
    // the retry the client makes after its 503 files the case exactly once
    await report('第二件: 等不到编号').expect(201);
    expect(await cases()).toBe(casesBefore + 1);
  }, 30000);
});
