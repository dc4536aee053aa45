import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role } from '@citygrid/contracts/identity';
import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * A case nobody acts on climbs grid → community → subdistrict → district → city by the timer
 * alone, entering each level's work queue in turn and leaving the one below; at the city, where
 * it cannot go higher, it raises one city alert and is put under supervision, once. The operators
 * of each level (real accounts, which notifications learns of from identity's events) are told
 * once per climb, and the city's of the alert once.
 */
describe('five-level escalation by timers', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grid = byCode.get('4101020050010101')!;
  const chain: DemoNode[] = [];
  for (let n: DemoNode | undefined = grid; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);
  const operators: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({}, { withIdentity: true, withTicketing: true, withNotifications: true, ticketingEnv: { TEST_DEADLINE_SECONDS: '2', ESCALATION_SCAN_MS: '100' } });
    for (const n of chain) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    const roles: Record<string, Role> = { '410100': Role.CityOperator, '410102': Role.DistrictOperator, '410102005': Role.SubdistrictOperator, '410102005001': Role.CommunityOperator };
    for (const [node, role] of Object.entries(roles)) {
      const account = await admin()
        .post('/api/v1/accounts')
        .send({ login: `operator-${node}`, password: `operator-${node}-password`, roles: [role], nodeScope: node })
        .expect(201);
      operators[node] = await stack.tokens.sign({ id: account.body.id as string, roles: [role], nodeScope: node });
    }
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('climbs by the timer alone, level by level through the work queues, and alerts the city once', async () => {
    const as = (token: string) => ({
      get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body: object = {}) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    });
    const community = operators['410102005001']!;
    const created = await eventually(async () => {
      const res = await as(community).post('/api/v1/cases', {
        source: 'hotline_12345',
        categoryCode: 'CM05',
        description: '无人处置的违建',
        address: '伏牛路88号院',
        location: { type: 'Point', coordinates: interiorPointOf(grid) },
      });
      return res.status === 201 ? (res.body as { id: string }) : undefined;
    });
    await as(community).post(`/api/v1/cases/${created.id}/file`).expect(200);
    await as(community).post(`/api/v1/cases/${created.id}/dispatch`, { target: 'grid_staff' }).expect(200);

    const kindFor = async (node: string): Promise<string | undefined> =>
      ((await as(operators[node]!).get('/api/v1/me/work').expect(200)).body.items as Array<{ kind: string; case: { id: string } }>).find((i) => i.case.id === created.id)?.kind;
    // Each level in turn holds it as escalated work; once it has gone up, the level below no longer does.
    const levels = ['410102005001', '410102005', '410102', '410100'];
    for (const [i, node] of levels.entries()) {
      await eventually(async () => (await kindFor(node)) === 'escalated', 15000, 100);
      if (i > 0) expect(await kindFor(levels[i - 1]!)).toBeUndefined();
    }
    const view = await eventually(async () => {
      const c = (await as(operators['410100']!).get(`/api/v1/cases/${created.id}`).expect(200)).body as { level: number; escalationCount: number };
      return c.level === 0 ? c : undefined;
    });
    expect(view.escalationCount).toBe(4);

    // At the city: one alert and one supervision flag, however many scans pass.
    const timeline = async () => ((await admin().get(`/api/v1/cases/${created.id}/timeline`).expect(200)).body as Array<{ type: string; actor: { id: string } }>).map((t) => t.type);
    await eventually(async () => (await timeline()).includes('citygrid.case.city-alerted.v1'), 15000, 100);
    await new Promise((r) => setTimeout(r, 3000));
    const types = await timeline();
    expect(types.filter((t) => t === 'citygrid.case.escalated.v1')).toHaveLength(4);
    expect(types.filter((t) => t === 'citygrid.case.city-alerted.v1')).toHaveLength(1);
    const flags = (await admin().get(`/api/v1/supervision/flags?caseId=${created.id}`).expect(200)).body as { items: Array<{ caseId: string }>; total: number };
    expect(flags.total).toBe(1);
    expect(flags.items[0]?.caseId).toBe(created.id);
    // and the event is on the stream, for the city's dashboards
    const jsm = await stack.nc.jetstreamManager();
    const found = await eventually(async () => {
      const info = await jsm.streams.info(stack.stream);
      for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > 0; seq--) {
        const m = await jsm.streams.getMessage(stack.stream, { seq }).catch(() => undefined);
        if (m?.subject.endsWith('.citygrid.ticketing.case.city-alerted') && m.json<{ data: { id: string } }>().data.id === created.id) return true;
      }
      return undefined;
    });
    expect(found).toBe(true);

    // Each level's operators were told once of the climb to their level (升级通知) and once of the
    // lapse there (超期提醒); the city's of the alert (市级告警), once, however many scans passed.
    const told = async (node: string): Promise<string[]> =>
      ((await as(operators[node]!).get('/api/v1/me/notifications').expect(200)).body.items as Array<{ rule: string; caseId: string }>)
        .filter((n) => n.caseId === created.id)
        .map((n) => n.rule)
        .sort();
    await eventually(async () => (await told('410100')).includes('city-alert'), 15000, 100);
    expect(await told('410102005001')).toEqual(['escalated', 'overdue']);
    expect(await told('410102005')).toEqual(['escalated', 'overdue']);
    expect(await told('410102')).toEqual(['escalated', 'overdue']);
    expect(await told('410100')).toEqual(['city-alert', 'escalated']);
    const city = (await as(operators['410100']!).get('/api/v1/me/notifications').expect(200)).body as { items: Array<{ rule: string; title: string }>; unread: number };
    expect(city.items.find((n) => n.rule === 'city-alert')?.title).toMatch(/^【市级告警】/);
    expect(city.unread).toBe(2);
  }, 120000);
});
