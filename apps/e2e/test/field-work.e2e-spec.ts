import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { eventually } from '@citygrid/testing';
import type { NatsConnection } from 'nats';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * Field work through the gateway with ticketing running: patrols shrink the unpatrolled list,
 * visits, the stand-up agenda, supervision flags on the agenda, campaign progress, and a sibling
 * community that sees none of it; a changed category limit applies to later dispatches only; a
 * supervision flag tightens the case deadline and the timer escalates at it.
 */

interface CaseEvent {
  type: string;
  data: { id: string; action: string; deadline: string | null; reason?: string };
}

/** Every case event of `id` in the stream, in stream order. */
async function caseEvents(nc: NatsConnection, stream: string, id: string): Promise<CaseEvent[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: CaseEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (!m || !m.subject.includes('.citygrid.ticketing.case.')) continue;
    const e = m.json<CaseEvent>();
    if (e.data.id === id) out.push(e);
  }
  return out;
}

const SUB = '410102005';
const A = '410102005001';
const B = '410102005002';

describe('field work: patrols, visits, stand-ups, supervision, campaigns', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const gridA1 = `${A}0101`;
  const gridA2 = data.nodes.find((n) => n.gridLevel === 3 && n.code.startsWith(A) && n.code !== gridA1)!.code;
  const gridB = data.nodes.find((n) => n.gridLevel === 3 && n.code.startsWith(B))!.code;
  const pointA1 = interiorPointOf(byCode.get(gridA1)!);
  const as = (token: string) => ({
    get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) => request(stack.gateway.url).patch(path).set('Authorization', `Bearer ${token}`),
  });
  const sign = (caller: Partial<Caller>) => stack.tokens.sign(caller);
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let admin: ReturnType<typeof as>;
  let memberA: ReturnType<typeof as>;
  let operatorA: ReturnType<typeof as>;
  let operatorB: ReturnType<typeof as>;
  let supervisor: ReturnType<typeof as>;
  let subOperator: ReturnType<typeof as>;
  let categoryCode: string;
  let patrolId: string;
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    // Real deadlines (working calendar), but a fast overdue scan for the supervised deadline below.
    stack = await startStack({}, { withTicketing: true, ticketingEnv: { ESCALATION_SCAN_MS: '200' } });
    admin = as(stack.adminToken);
    memberA = as(await sign({ name: '网格员甲', roles: [Role.GridMember], nodeScope: gridA1 }));
    operatorA = as(await sign({ roles: [Role.CommunityOperator], nodeScope: A }));
    operatorB = as(await sign({ roles: [Role.CommunityOperator], nodeScope: B }));
    supervisor = as(await sign({ roles: [Role.Supervisor], nodeScope: SUB }));
    subOperator = as(await sign({ roles: [Role.SubdistrictOperator], nodeScope: SUB }));
    const nodes = [...new Map([...chain(gridA1), ...chain(gridA2), ...chain(gridB)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    const categories = (await admin.get('/api/v1/categories').expect(200)).body as Array<{ code: string; leaf: boolean }>;
    categoryCode = categories.find((c) => c.leaf)!.code;
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('takes a patrolled grid off the unpatrolled list of the day', async () => {
    const before = await operatorA.get(`/api/v1/patrols/unpatrolled?under=${A}&date=${today()}`).expect(200);
    expect(before.body.items.map((g: { code: string }) => g.code)).toEqual([gridA1, gridA2].sort());
    const now = Date.now();
    const patrol = await memberA
      .post('/api/v1/patrols')
      .send({
        gridCode: gridA1,
        startedAt: new Date(now - 3600_000).toISOString(),
        endedAt: new Date(now).toISOString(),
        track: { type: 'LineString', coordinates: [pointA1, [pointA1[0] + 0.0005, pointA1[1]]] },
      })
      .expect(201);
    patrolId = patrol.body.id;
    expect(patrol.body).toMatchObject({ gridCode: gridA1, staffName: '网格员甲', gridPath: chain(gridA1).map((n) => n.code) });
    const after = await operatorA.get(`/api/v1/patrols/unpatrolled?under=${A}&date=${today()}`).expect(200);
    expect(after.body.items.map((g: { code: string }) => g.code)).toEqual([gridA2]);
    expect(after.body.totalGrids).toBe(2);
    // A grid member may not log a patrol of a grid outside her own.
    await memberA
      .post('/api/v1/patrols')
      .send({ gridCode: gridB, startedAt: new Date(now - 60_000).toISOString(), endedAt: new Date(now).toISOString() })
      .expect(404);
  });

  it('logs a household visit and a key location still lacking its visit', async () => {
    const household = await admin
      .post('/api/v1/places')
      .send({ kind: 'household', name: '伏牛路1号', address: '伏牛路1号', members: 2, location: { type: 'Point', coordinates: pointA1 } })
      .expect(201);
    const key = await admin
      .post('/api/v1/places')
      .send({ kind: 'key_location', name: '加油站', address: '伏牛路2号', category: 'gas_station', location: { type: 'Point', coordinates: pointA1 } })
      .expect(201);
    const visit = await memberA.post('/api/v1/visits').send({ gridCode: gridA1, placeId: household.body.id, visitedAt: new Date().toISOString(), notes: '走访' }).expect(201);
    expect(visit.body).toMatchObject({ placeId: household.body.id, placeKind: 'household', gridCode: gridA1 });
    let gaps = await operatorA.get(`/api/v1/patrols/key-locations?under=${A}`).expect(200);
    expect(gaps.body.items).toEqual([{ placeId: key.body.id, name: '加油站', gridCode: gridA1, patrolled: true, visited: false }]);
    await memberA.post('/api/v1/visits').send({ gridCode: gridA1, placeId: key.body.id, visitedAt: new Date().toISOString() }).expect(201);
    gaps = await operatorA.get(`/api/v1/patrols/key-locations?under=${A}`).expect(200);
    expect(gaps.body).toMatchObject({ totalKeyLocations: 1, items: [] });
  });

  it('raises a case from a patrol and lists it as new on the stand-up agenda', async () => {
    const created = await memberA
      .post(`/api/v1/patrols/${patrolId}/cases`)
      .send({ categoryCode, description: '巡查发现占道经营', location: { type: 'Point', coordinates: pointA1 }, address: '伏牛路1号' })
      .expect(201);
    caseId = created.body.id;
    caseNumber = created.body.number;
    expect(created.body.source).toBe('patrol');
    const agenda = await operatorA.get(`/api/v1/standups/agenda?node=${A}&date=${today()}`).expect(200);
    expect(agenda.body.new.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    expect(agenda.body.new.find((i: { caseId: string }) => i.caseId === caseId).caseNumber).toBe(caseNumber);
  });

  it('shows a supervision flag on the agendas above the case, and only supervisors may flag', async () => {
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    await operatorA.post('/api/v1/supervision/flags').send({ caseId, deadline, note: '限期办结' }).expect(403);
    const flag = await supervisor.post('/api/v1/supervision/flags').send({ caseId, deadline, note: '限期办结' }).expect(201);
    expect(flag.body).toMatchObject({ caseId, gridCode: gridA1 });
    for (const node of [A, SUB]) {
      const agenda = await admin.get(`/api/v1/standups/agenda?node=${node}`).expect(200);
      const item = agenda.body.supervised.find((i: { caseId: string }) => i.caseId === caseId);
      expect(item?.supervisedDeadline).toBe(deadline);
    }
    const inspection = await supervisor
      .post('/api/v1/supervision/inspections')
      .send({ gridCode: gridA1, findings: [{ text: '垃圾未清运', severity: 'medium' }] })
      .expect(201);
    expect((await supervisor.get('/api/v1/supervision/inspections').expect(200)).body.items.map((i: { id: string }) => i.id)).toContain(inspection.body.id);
  });

  it('records a stand-up with a decision per case', async () => {
    const standup = await operatorA
      .post('/api/v1/standups')
      .send({ node: A, date: today(), attendees: ['社区书记', '城管中队'], decisions: [{ caseId, plan: '明日联合执法', owner: '城管中队', dueDate: today() }] })
      .expect(201);
    const read = await operatorA.get(`/api/v1/standups/${standup.body.id}`).expect(200);
    expect(read.body.decisions).toEqual([{ caseId, plan: '明日联合执法', owner: '城管中队', dueDate: today() }]);
    // A decision on a case outside the node's area is refused.
    await operatorB
      .post('/api/v1/standups')
      .send({ node: B, date: today(), attendees: ['x'], decisions: [{ caseId, plan: 'p', owner: 'o', dueDate: today() }] })
      .expect(422);
  });

  it('counts a campaign’s cases and computes its closure rate', async () => {
    await operatorA
      .post('/api/v1/campaigns')
      .send({ name: '占道经营整治', areaCode: A, categoryCodes: [categoryCode], startsAt: new Date(Date.now() - 86400_000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(403);
    const campaign = await subOperator
      .post('/api/v1/campaigns')
      .send({ name: '占道经营整治', areaCode: A, categoryCodes: [categoryCode], startsAt: new Date(Date.now() - 86400_000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    const progress = await operatorA.get(`/api/v1/campaigns/${campaign.body.id}/progress`).expect(200);
    expect(progress.body).toMatchObject({ campaignId: campaign.body.id, found: 1, closed: 0, overdue: 0, closureRate: 0 });
    const other = await subOperator
      .post('/api/v1/campaigns')
      .send({ name: '别处', areaCode: B, categoryCodes: [categoryCode], startsAt: new Date(Date.now() - 86400_000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    expect((await subOperator.get(`/api/v1/campaigns/${other.body.id}/progress`).expect(200)).body).toMatchObject({ found: 0, closureRate: null });

    // The sibling community sees none of community A's field work.
    const standups = (await operatorA.get('/api/v1/standups').expect(200)).body.items as Array<{ id: string }>;
    await operatorB.get(`/api/v1/patrols/${patrolId}`).expect(404);
    await operatorB.get(`/api/v1/campaigns/${campaign.body.id}`).expect(404);
    await operatorB.get(`/api/v1/campaigns/${campaign.body.id}/progress`).expect(404);
    await operatorB.get(`/api/v1/standups/${standups[0]!.id}`).expect(404);
    await operatorB.get(`/api/v1/patrols/unpatrolled?under=${A}`).expect(404);
    await operatorB.get(`/api/v1/standups/agenda?node=${A}`).expect(404);
    expect((await operatorB.get('/api/v1/patrols').expect(200)).body.total).toBe(0);
  });
  /** Report a case in grid A1 under `code`, file it and dispatch it to the grid staff. */
  const dispatchedCase = async (code: string): Promise<{ id: string; deadline: string }> => {
    const c = await memberA
      .post('/api/v1/cases')
      .send({ source: 'patrol', categoryCode: code, description: '共享单车堆放', location: { type: 'Point', coordinates: pointA1 }, address: '伏牛路3号' })
      .expect(201);
    await operatorA.post(`/api/v1/cases/${c.body.id}/file`).send({}).expect(200);
    const d = await operatorA.post(`/api/v1/cases/${c.body.id}/dispatch`).send({ target: 'grid_staff' }).expect(200);
    return { id: d.body.id, deadline: d.body.deadline };
  };

  it('applies a changed category limit to cases dispatched afterwards only', async () => {
    await admin
      .post('/api/v1/categories')
      .send({ code: 'CM09', parentCode: 'CM', name: '共享单车乱停放', leaf: true, departmentKind: 'city_management', limitAmount: 1, limitUnit: 'working_days' })
      .expect(201);
    const before = await dispatchedCase('CM09');
    await operatorA.patch('/api/v1/categories/CM09').send({ limitAmount: 30 }).expect(403);
    await admin.patch('/api/v1/categories/CM09').send({ limitAmount: 30 }).expect(200);
    expect((await operatorA.get(`/api/v1/cases/${before.id}`).expect(200)).body.deadline).toBe(before.deadline);
    const after = await dispatchedCase('CM09');
    // 30 working days against 1: at least four calendar weeks later.
    expect(Date.parse(after.deadline) - Date.parse(before.deadline)).toBeGreaterThan(28 * 86400_000);
    for (const id of [before.id, after.id]) await operatorA.post(`/api/v1/cases/${id}/cancel`).send({ reason: 'test done' }).expect(200);
  });

  it('tightens the deadline of a flagged case, and the timer escalates it once at that deadline; its unflagged twin stays', async () => {
    const flagged = await dispatchedCase('CM09');
    const twin = await dispatchedCase('CM09');
    const deadline = new Date(Date.now() + 4000).toISOString();
    await supervisor.post('/api/v1/supervision/flags').send({ caseId: flagged.id, deadline, note: '三日内办结' }).expect(201);
    expect((await operatorA.get(`/api/v1/cases/${flagged.id}`).expect(200)).body).toMatchObject({ deadline, level: 5, escalationCount: 0 });
    // A looser deadline than the case's own is refused.
    await supervisor
      .post('/api/v1/supervision/flags')
      .send({ caseId: flagged.id, deadline: new Date(Date.now() + 3600_000).toISOString(), note: 'x' })
      .expect(422);

    const escalated = await eventually(
      async () => {
        const c = (await operatorA.get(`/api/v1/cases/${flagged.id}`).expect(200)).body as { level: number; tier: string; escalationCount: number; deadline: string };
        return c.level !== 5 ? c : undefined;
      },
      20000,
      100,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(deadline));
    expect(escalated).toMatchObject({ level: 3, tier: 'community', escalationCount: 1 });
    // The clock restarted on the sub-class limit (30 working days), not on the passed flag.
    expect(Date.parse(escalated.deadline)).toBeGreaterThan(Date.now() + 86400_000);
    // A few more scans: no second escalation, and the twin was never touched.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await operatorA.get(`/api/v1/cases/${flagged.id}`).expect(200)).body).toMatchObject({ level: 3, escalationCount: 1 });
    expect((await operatorA.get(`/api/v1/cases/${twin.id}`).expect(200)).body).toMatchObject({ level: 5, escalationCount: 0, deadline: twin.deadline });

    const events = await eventually(
      async () => {
        const all = await caseEvents(stack.nc, stack.stream, flagged.id);
        return all.some((e) => e.type === 'citygrid.case.escalated.v1') ? all : undefined;
      },
      15000,
      200,
    );
    // the flag's deadline, seconds away, is within the warning's working hours at once: the handler is warned once before it lapses
    expect(events.map((e) => e.type.replace(/^citygrid\.case\.|\.v1$/g, ''))).toEqual(['reported', 'filed', 'dispatched', 'supervised', 'due-soon', 'escalated']);
    expect(events[3]!.data).toMatchObject({ action: 'supervise', deadline, reason: '三日内办结' });
    expect((await caseEvents(stack.nc, stack.stream, twin.id)).map((e) => e.type)).not.toContain('citygrid.case.escalated.v1');
    for (const id of [flagged.id, twin.id]) await operatorA.post(`/api/v1/cases/${id}/cancel`).send({ reason: 'test done' }).expect(200);
  }, 60000);
});
