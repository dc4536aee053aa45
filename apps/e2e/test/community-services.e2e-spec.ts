import { randomInt } from 'node:crypto';

import { Role, type Caller } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { idCheckChar } from '@citygrid/pii';
import { eventually, subjectCounts } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

const A = '410102005001';
const B = '410102005002';
const gridA = `${A}0101`;
const gridB = `${B}0101`;

function randomIdNumber(): string {
  const birth = `19${randomInt(50, 99)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `410102${birth}${String(randomInt(100, 999))}`;
  return first17 + idCheckChar(first17);
}

/**
 * community-services through the gateway, on its own schema: a centre of community A, a request
 * type of its own, a registered resident's request taken, assigned, started and closed with her
 * satisfaction, each step published once; an illegal step refused with 409 naming the state; a
 * caller of community B gets 404.
 */
describe('community services: centres, request types and the service-request workflow', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const callers: Record<string, Partial<Caller> & { name: string; roles: Role[]; nodeScope: string | null }> = {
    operatorA: { id: 'acct-cs-operator-a', name: 'cs-operator-a', roles: [Role.CommunityOperator], nodeScope: A },
    operatorB: { id: 'acct-cs-operator-b', name: 'cs-operator-b', roles: [Role.CommunityOperator], nodeScope: B },
    memberA: { id: 'acct-cs-member-a', name: 'cs-member-a', roles: [Role.GridMember], nodeScope: gridA },
    handyman: { id: 'acct-cs-handyman', name: 'cs-handyman', roles: [Role.DepartmentOfficer], nodeScope: A },
    auditorA: { id: 'acct-cs-auditor-a', name: 'cs-auditor-a', roles: [Role.Auditor], nodeScope: A },
  };
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({
    get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${tokens[who]}`),
    post: (path: string) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${tokens[who]}`),
    patch: (path: string) => request(stack.gateway.url).patch(path).set('Authorization', `Bearer ${tokens[who]}`),
    delete: (path: string) => request(stack.gateway.url).delete(path).set('Authorization', `Bearer ${tokens[who]}`),
  });
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);
  const phone = `139${String(randomInt(10_000_000, 99_999_999))}`;
  let residentId: string;
  let centreId: string;
  let requestId: string;

  beforeAll(async () => {
    stack = await startStack({}, { services: { 'community-services': {} } });
    for (const [who, caller] of Object.entries(callers)) tokens[who] = await stack.tokens.sign(caller);
    const nodes = [...new Map([...chain(gridA), ...chain(gridB)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    const household = (
      await admin()
        .post('/api/v1/places')
        .send({ kind: 'household', name: '伏牛路8号', address: '伏牛路8号', members: 2, location: { type: 'Point', coordinates: interiorPointOf(byCode.get(gridA)!) } })
        .expect(201)
    ).body.id as string;
    residentId = (await admin().post('/api/v1/residents').send({ householdId: household, name: '孙八', idNumber: randomIdNumber(), phone }).expect(201)).body.id as string;
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('sets up a centre at community A; a centre at a grid or outside the area is refused (422)', async () => {
    const res = await as('operatorA')
      .post('/api/v1/community-services/centres')
      .send({ kind: 'property', name: '一社区物业服务中心', nodeCode: A, address: '伏牛路1号', hours: '8:30-17:30', phone: '0371-66668888' })
      .expect(201);
    expect(res.body).toMatchObject({ kind: 'property', nodeCode: A, path: [...chain(A).map((n) => n.code)], retired: false });
    centreId = res.body.id;
    const grid = await as('operatorA').post('/api/v1/community-services/centres').send({ kind: 'culture', name: '网格', nodeCode: gridA }).expect(422);
    expect(grid.body.errors).toEqual([expect.objectContaining({ field: 'nodeCode' })]);
    const outside = await as('operatorA').post('/api/v1/community-services/centres').send({ kind: 'culture', name: '二社区', nodeCode: B }).expect(422);
    expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'nodeCode' })]);
    await as('memberA').post('/api/v1/community-services/centres').send({ kind: 'culture', name: '网格员', nodeCode: A }).expect(403);
    const list = await as('operatorA').get('/api/v1/community-services/centres').expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([centreId]);
    expect((await as('operatorB').get('/api/v1/community-services/centres').expect(200)).body.items).toEqual([]);
  });

  it('lists the seeded catalogue and adds a request type for community A', async () => {
    const seeded = (await as('operatorA').get('/api/v1/community-services/request-types?centre=property').expect(200)).body as Array<{ code: string; nodeCode: string | null }>;
    expect(seeded.map((t) => t.code)).toEqual(expect.arrayContaining(['repair', 'cleaning_complaint']));
    const created = await as('operatorA')
      .post('/api/v1/community-services/request-types')
      .send({ centre: 'property', code: 'elevator', name: '电梯维修', timeLimitHours: 24, asksSatisfaction: true, nodeCode: A })
      .expect(201);
    expect(created.body).toMatchObject({ centre: 'property', code: 'elevator', nodeCode: A, timeLimitHours: 24, asksSatisfaction: true, retired: false });
    await as('operatorA').post('/api/v1/community-services/request-types').send({ centre: 'property', code: 'elevator', name: '又一个', nodeCode: A }).expect(409);
    // city-wide types are not a community operator's to add
    await as('operatorA').post('/api/v1/community-services/request-types').send({ centre: 'property', code: 'roof', name: '屋顶' }).expect(403);
    expect(((await as('operatorB').get('/api/v1/community-services/request-types?centre=property').expect(200)).body as Array<{ code: string }>).map((t) => t.code)).not.toContain('elevator');
  });

  it("takes a resident's request, assigns, starts and closes it with her satisfaction; one event per step", async () => {
    const taken = await as('memberA')
      .post('/api/v1/community-services/requests')
      .send({ centreId, typeCode: 'elevator', description: '3号楼电梯停运', residentId, residentPhone: phone, channel: 'grid_staff' });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ state: 'received', nodeCode: gridA, residentId, residentName: '孙八', residentPhone: phone, masked: false, typeName: '电梯维修', overdue: false });
    const hours = (Date.parse(taken.body.dueAt) - Date.parse(taken.body.receivedAt)) / 3_600_000;
    expect(hours).toBe(24);
    requestId = taken.body.id;
    // an auditor sees the phone masked
    const seen = await as('auditorA').get(`/api/v1/community-services/requests/${requestId}`).expect(200);
    expect(seen.body).toMatchObject({ residentPhone: `${phone.slice(0, 3)}****${phone.slice(7)}`, masked: true });

    // the wrong role (403), then the step the state does not allow (409 naming the state)
    await as('memberA').post(`/api/v1/community-services/requests/${requestId}/assign`).send({ assigneeId: callers['handyman']!.id }).expect(403);
    const early = await as('handyman').post(`/api/v1/community-services/requests/${requestId}/close`).send({ satisfaction: 'satisfied' }).expect(409);
    expect(early.body.detail).toContain('received');

    const assigned = await as('operatorA').post(`/api/v1/community-services/requests/${requestId}/assign`).send({ assigneeId: callers['handyman']!.id }).expect(200);
    expect(assigned.body).toMatchObject({ state: 'assigned', assigneeId: callers['handyman']!.id });
    const mine = await as('handyman').get('/api/v1/community-services/requests/mine').expect(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([requestId]);
    await as('operatorA').post(`/api/v1/community-services/requests/${requestId}/start`).send({}).expect(403);
    await as('handyman').post(`/api/v1/community-services/requests/${requestId}/start`).send({ note: '已联系电梯公司' }).expect(200);
    const noSatisfaction = await as('handyman').post(`/api/v1/community-services/requests/${requestId}/close`).send({ note: '已修复' }).expect(422);
    expect(noSatisfaction.body.errors).toEqual([expect.objectContaining({ field: 'satisfaction' })]);
    const closed = await as('handyman').post(`/api/v1/community-services/requests/${requestId}/close`).send({ satisfaction: 'satisfied', note: '已修复' }).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', satisfaction: 'satisfied', overdue: false });
    expect(closed.body.steps.map((s: { action: string }) => s.action)).toEqual(['received', 'assign', 'start', 'close']);
    const again = await as('operatorA').post(`/api/v1/community-services/requests/${requestId}/cancel`).send({ reason: '重复' }).expect(409);
    expect(again.body.detail).toContain('closed');

    const prefix = `${stack.ns}.citygrid.community-services.service-request.`;
    const counts = await eventually(async () => {
      const c = await subjectCounts(stack.nc, stack.stream);
      return c[`${prefix}closed`] === 1 ? c : undefined;
    }, 15000);
    for (const step of ['received', 'assigned', 'started', 'closed']) expect(counts[`${prefix}${step}`]).toBe(1);
    expect(counts[`${prefix}cancelled`]).toBeUndefined();

    const jsm = await stack.nc.jetstreamManager();
    const last = await jsm.streams.getMessage(stack.stream, { last_by_subj: `${prefix}closed` });
    const event = last.json<{ type: string; data: Record<string, unknown> }>();
    expect(event.type).toBe('citygrid.service-request.closed.v1');
    expect(event.data).toMatchObject({
      id: requestId,
      centre: 'property',
      typeCode: 'elevator',
      stateBefore: 'in_progress',
      state: 'closed',
      nodeCode: gridA,
      satisfaction: 'satisfied',
      by: callers['handyman']!.id,
    });
    expect(JSON.stringify(event)).not.toContain(phone);
    expect(JSON.stringify(event)).not.toContain('孙八');

    const figures = await as('operatorA').get('/api/v1/community-services/figures').expect(200);
    expect(figures.body).toEqual([expect.objectContaining({ centreId, received: 1, closed: 1, onTime: 1, satisfied: 1, dissatisfied: 0, overdue: 0 })]);
  });

  it('hides requests and centres of community A from community B (404) and lists by filter', async () => {
    await as('operatorB').get(`/api/v1/community-services/requests/${requestId}`).expect(404);
    await as('operatorB').post(`/api/v1/community-services/requests/${requestId}/cancel`).send({ reason: 'x' }).expect(404);
    await as('operatorB').get(`/api/v1/community-services/centres/${centreId}`).expect(404);
    await as('operatorB').patch(`/api/v1/community-services/centres/${centreId}`).send({ name: '改名' }).expect(404);
    await as('operatorB').delete(`/api/v1/community-services/centres/${centreId}`).expect(404);
    // a centre a request went to is closed, not removed
    await as('operatorA').delete(`/api/v1/community-services/centres/${centreId}`).expect(409);
    expect((await as('operatorA').get(`/api/v1/community-services/centres/${centreId}`).expect(200)).body.retired).toBe(false);
    expect((await as('operatorB').get('/api/v1/community-services/requests').expect(200)).body.total).toBe(0);
    expect((await as('operatorA').get('/api/v1/community-services/requests?state=closed&centre=property').expect(200)).body.total).toBe(1);
    expect((await as('operatorA').get('/api/v1/community-services/requests?overdue=true').expect(200)).body.total).toBe(0);
    await as('operatorA').get('/api/v1/community-services/requests?state=nonsense').expect(400);
  });

  it('takes a request by name and phone at a given node and cancels it with a reason', async () => {
    const taken = await as('operatorA')
      .post('/api/v1/community-services/requests')
      .send({ centreId, typeCode: 'repair', description: '楼道灯不亮', residentName: '李四', residentPhone: '13700001111', nodeCode: gridA, channel: 'phone' });
    expect(taken.status).toBe(201);
    const missing = await as('operatorA').post('/api/v1/community-services/requests').send({ centreId, typeCode: 'repair', description: '缺电话', channel: 'walk_in' }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['nodeCode', 'residentName', 'residentPhone']);
    await as('operatorA')
      .post('/api/v1/community-services/requests')
      .send({ centreId, typeCode: 'nope', description: 'x', residentName: '李四', residentPhone: '13700001111', nodeCode: gridA, channel: 'phone' })
      .expect(422);
    const cancelled = await as('operatorA').post(`/api/v1/community-services/requests/${taken.body.id}/cancel`).send({ reason: '居民已自行解决', withdrawn: true }).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelReason: '居民已自行解决', withdrawn: true });
  });
});
