import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { eventually } from '@citygrid/testing';
import type { NatsConnection } from 'nats';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * Ticketing through the gateway: a case walks every transition (with rework, extension,
 * suspension, return, manual escalation and push-down), each emitting exactly one event in order;
 * a second case is escalated by the timer after a test-shortened deadline; refusals come back as
 * 409 (naming the state), 403, 404, 413 and 422.
 */

const A = '410102005001';
const SUB = '410102005';
const DEADLINE_S = 5;

interface CaseEvent {
  type: string;
  data: { id: string; stateBefore: string | null; stateAfter: string; path: string[]; level: number; levelBefore?: number; reason?: string; mergedIntoId?: string; outcome?: string };
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

interface CalendarEvent {
  date: string;
  kind: string;
  name: string;
  previous: { kind: string; name: string } | null;
  actor: { kind: string; roles: string[] };
}

/** Every calendar event in the stream, in stream order. */
async function calendarEvents(nc: NatsConnection, stream: string): Promise<CalendarEvent[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: CalendarEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (m?.subject.endsWith('.citygrid.ticketing.calendar.changed')) out.push(m.json<{ data: CalendarEvent }>().data);
  }
  return out;
}

interface CategoryEvent {
  type: string;
  data: { change: string; code: string; parentCode: string | null; kind: string; limitAmount: number | null; limitUnit: string | null; changed: string[]; actor: { id: string } };
}

/** Every category event of `code` in the stream, in stream order. */
async function categoryEvents(nc: NatsConnection, stream: string, code: string): Promise<CategoryEvent[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: CategoryEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (!m || !m.subject.endsWith('.citygrid.ticketing.category.changed')) continue;
    const e = m.json<CategoryEvent>();
    if (e.data.code === code) out.push(e);
  }
  return out;
}

describe('ticketing through the gateway', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const gridA = `${A}0101`;
  const point = () => interiorPointOf(byCode.get(gridA)!);
  const tokens = new Map<string, string>();
  const as = (who: string) => {
    const token = tokens.get(who)!;
    return {
      post: (path: string, body: object = {}) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
      get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
      patch: (path: string, body: object = {}) => request(stack.gateway.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
    };
  };
  const callers: Record<string, Partial<Caller>> = {
    operator: { roles: [Role.CommunityOperator], nodeScope: A },
    subOperator: { roles: [Role.SubdistrictOperator], nodeScope: SUB },
    cityOperator: { roles: [Role.CityOperator], nodeScope: '410100' },
    member: { roles: [Role.GridMember], nodeScope: gridA },
    officer: { roles: [Role.DepartmentOfficer], nodeScope: SUB, departmentCode: 'lsz-cm' },
    otherOfficer: { roles: [Role.DepartmentOfficer], nodeScope: SUB, departmentCode: 'lsz-police' },
    supervisor: { roles: [Role.Supervisor], nodeScope: SUB },
  };
  const report = (who: string, extra: object = {}) =>
    as(who).post('/api/v1/cases', {
      source: 'patrol',
      categoryCode: 'CM05',
      description: '东侧私搭乱建',
      address: '伏牛路88号院',
      location: { type: 'Point', coordinates: point() },
      reporter: { name: '王先生' },
      ...extra,
    });

  beforeAll(async () => {
    stack = await startStack({}, { withTicketing: true, ticketingEnv: { TEST_DEADLINE_SECONDS: String(DEADLINE_S), ESCALATION_SCAN_MS: '200' } });
    tokens.set('admin', stack.adminToken);
    for (const [name, caller] of Object.entries(callers)) tokens.set(name, await stack.tokens.sign({ name, ...caller }));
    for (const n of chain(gridA)) {
      await as('admin')
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
    // Cases go only to departments that exist and serve the case's grid.
    await as('admin')
      .post('/api/v1/departments', { code: 'lsz-cm', name: '林山寨城管中队', kind: 'city_management', servesNodeCodes: [SUB] })
      .expect(201);
    await as('admin')
      .post('/api/v1/departments', { code: 'lsz-police', name: '林山寨派出所', kind: 'police', servesNodeCodes: [SUB] })
      .expect(201);
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('lists the seeded categories and keeps the holiday calendar', async () => {
    const cats = (await as('member').get('/api/v1/categories').expect(200)).body as Array<{ code: string; name: string; leaf: boolean }>;
    for (const name of ['非法经营', '非法生产', '非法建设', '安全生产', '信访稳定', '基层组织建设', '公共服务', '户外广告', '门头牌匾', '停车场建设', '道路路面', '违法建设', '部件', '事件']) {
      expect(cats.map((c) => c.name)).toContain(name);
    }
    expect(cats.find((c) => c.code === 'SJ0201')).toMatchObject({ leaf: true });
    // The calendar moves every deadline in the city: only city-wide authority sets it.
    await as('operator').post('/api/v1/calendar/holidays', { date: '2026-10-01', kind: 'holiday', name: '国庆节' }).expect(403);
    await as('subOperator').post('/api/v1/calendar/holidays', { date: '2026-10-01', kind: 'holiday', name: '国庆节' }).expect(403);
    expect((await as('admin').get('/api/v1/calendar/holidays?year=2026').expect(200)).body).toEqual([]);
    await as('cityOperator').post('/api/v1/calendar/holidays', { date: '2026-10-01', kind: 'holiday', name: '国庆节' }).expect(201);
    await eventually(async () => (await calendarEvents(stack.nc, stack.stream)).length === 1);
    expect((await calendarEvents(stack.nc, stack.stream))[0]).toMatchObject({
      date: '2026-10-01',
      kind: 'holiday',
      name: '国庆节',
      previous: null,
      actor: { kind: 'staff', roles: ['city_operator'] },
    });
    expect((await as('member').get('/api/v1/calendar/holidays?year=2026').expect(200)).body).toEqual([{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }]);
    // Each change leaves its audit row in ticketing's trail, with the actor; refusals leave none.
    const trail = (await as('admin').get('/api/v1/audit?source=ticketing&entityType=calendar').expect(200)).body;
    expect(trail.total).toBe(1);
    expect(trail.items[0]).toMatchObject({
      action: 'citygrid.calendar.changed.v1',
      entityType: 'calendar',
      entityId: '2026-10-01',
      actorRoles: ['city_operator'],
      before: null,
      after: { date: '2026-10-01', kind: 'holiday', name: '国庆节', previous: null },
    });
    // The registry's trail is the default and holds no ticketing change.
    expect((await as('admin').get('/api/v1/audit?entityType=calendar').expect(200)).body.total).toBe(0);
    expect((await as('admin').get('/api/v1/audit?source=billing').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'source' })]);
    await as('member').get('/api/v1/audit?source=ticketing').expect(403);
  });

  it('manages the category tree: city operators and the admin add and change nodes, each change one event', async () => {
    const sub = { code: 'CM08', parentCode: 'CM', name: '共享单车乱停放', leaf: true, departmentKind: 'city_management', limitAmount: 2, limitUnit: 'working_days' };
    await as('operator').post('/api/v1/categories', sub).expect(403);
    await as('member').post('/api/v1/categories', sub).expect(403);
    // Time limits apply city-wide: a subdistrict operator may not set them for everyone else.
    await as('subOperator').post('/api/v1/categories', sub).expect(403);
    await as('subOperator').patch('/api/v1/categories/CM05', { limitAmount: 99 }).expect(403);
    const created = await as('cityOperator').post('/api/v1/categories', sub).expect(201);
    expect(created.body).toEqual({
      code: 'CM08',
      parentCode: 'CM',
      name: '共享单车乱停放',
      kind: 'city_management',
      leaf: true,
      departmentKind: 'city_management',
      limitAmount: 2,
      limitUnit: 'working_days',
      retired: false,
      autoDispatch: false,
    });
    expect((await as('cityOperator').post('/api/v1/categories', sub).expect(409)).body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    expect(
      (
        await as('admin')
          .post('/api/v1/categories', { ...sub, code: 'ZZ01', parentCode: 'ZZ' })
          .expect(422)
      ).body.errors,
    ).toEqual([expect.objectContaining({ field: 'parentCode' })]);
    expect(
      (
        await as('admin')
          .post('/api/v1/categories', { ...sub, code: 'CM0801', parentCode: 'CM05' })
          .expect(422)
      ).body.detail,
    ).toMatch(/sub-class/);
    // A sub-class needs a parent class, a department kind and a time limit; a class carries none.
    const incomplete = await as('admin').post('/api/v1/categories', { code: 'CM09', name: '缺项', leaf: true }).expect(400);
    expect([...new Set(incomplete.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['departmentKind', 'limitAmount', 'limitUnit', 'parentCode']);
    await as('admin').post('/api/v1/categories', { code: 'XX', name: '带时限的大类', kind: 'event', leaf: false, limitAmount: 1, limitUnit: 'working_days' }).expect(400);
    // A new root class and a sub-class under it; cases can be filed under the sub-class at once.
    expect((await as('admin').post('/api/v1/categories', { code: 'QT', name: '其他事项', kind: 'event', leaf: false }).expect(201)).body).toMatchObject({
      parentCode: null,
      leaf: false,
      kind: 'event',
    });
    await as('admin').post('/api/v1/categories', { code: 'QT01', parentCode: 'QT', name: '其他', leaf: true, departmentKind: 'other', limitAmount: 8, limitUnit: 'working_hours' }).expect(201);
    const cats = (await as('member').get('/api/v1/categories').expect(200)).body as Array<{ code: string }>;
    expect(cats.map((c) => c.code)).toEqual(expect.arrayContaining(['CM08', 'QT', 'QT01']));
    const filed = await report('member', { categoryCode: 'QT01' }).expect(201);
    await as('operator').post(`/api/v1/cases/${filed.body.id}/cancel`, { reason: 'test done' }).expect(200);

    await as('operator').patch('/api/v1/categories/CM08', { limitAmount: 4 }).expect(403);
    const updated = await as('cityOperator').patch('/api/v1/categories/CM08', { limitAmount: 4, limitUnit: 'working_hours', name: '共享单车乱停放' }).expect(200);
    expect(updated.body).toMatchObject({ code: 'CM08', limitAmount: 4, limitUnit: 'working_hours' });
    await as('cityOperator').patch('/api/v1/categories/CM99', { name: 'x' }).expect(404);
    await as('cityOperator').patch('/api/v1/categories/cm08', { name: 'x' }).expect(400);
    await as('cityOperator').patch('/api/v1/categories/CM08', { parentCode: 'SJ' }).expect(400);
    expect((await as('cityOperator').patch('/api/v1/categories/CM', { limitAmount: 3 }).expect(422)).body.errors).toEqual([expect.objectContaining({ field: 'limitAmount' })]);

    const events = await eventually(
      async () => {
        const all = await categoryEvents(stack.nc, stack.stream, 'CM08');
        return all.length >= 2 ? all : undefined;
      },
      15000,
      200,
    );
    expect(events.map((e) => [e.type, e.data.change])).toEqual([
      ['citygrid.category.changed.v1', 'create'],
      ['citygrid.category.changed.v1', 'update'],
    ]);
    expect(events[1]!.data).toMatchObject({ changed: ['limitAmount', 'limitUnit'], limitAmount: 4, limitUnit: 'working_hours', actor: { id: expect.any(String) } });
    const trail = (await as('admin').get('/api/v1/audit?source=ticketing&entityType=category&entityId=CM08').expect(200)).body;
    expect(trail.items.map((e: { action: string; after: { change: string } }) => e.after.change)).toEqual(['update', 'create']);
    expect(trail.items[0]).toMatchObject({ actorRoles: ['city_operator'], before: { limitAmount: 2, limitUnit: 'working_days' }, after: { changed: ['limitAmount', 'limitUnit'], limitAmount: 4 } });
  });

  it('refuses a location outside every grid, an unknown category and an oversized photo', async () => {
    const outside = await report('member', { location: { type: 'Point', coordinates: [100.1, 20.1] } }).expect(422);
    expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'location' })]);
    expect(outside.body.detail).toMatch(/not inside any level-3 grid/);
    const unknown = await report('member', { categoryCode: 'ZZ99' }).expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'categoryCode' })]);
    const big = await report('member', {
      photos: [
        { url: 's3://p/ok.jpg', contentType: 'image/jpeg', size: 1000 },
        { url: 's3://p/big.jpg', contentType: 'image/png', size: 6 * 1024 * 1024 },
      ],
    }).expect(413);
    expect(big.body.errors).toEqual([expect.objectContaining({ field: 'photos[1].size' })]);
    await report('member', { photos: [{ url: 's3://p/x.gif', contentType: 'image/gif', size: 10 }] }).expect(400);
  });

  it('walks a case through every transition, one event each, in order', async () => {
    const created = await report('member', { photos: [{ url: 's3://p/a.jpg', contentType: 'image/jpeg', size: 204800 }] }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ state: 'reported', gridCode: gridA, level: 5, tier: 'grid', possibleDuplicates: [] });
    expect(created.body.number).toMatch(/^CM05-\d{8}-\d{4}$/);
    expect(created.body.gridPath).toEqual(chain(gridA).map((n) => n.code));

    // A duplicate nearby is proposed, and merged into the first, which keeps both reporters.
    const dup = await report('operator', { reporter: { name: '李女士', phone: '13612345678' } }).expect(201);
    expect(dup.body.possibleDuplicates).toEqual([expect.objectContaining({ id, number: created.body.number })]);
    await as('member').post(`/api/v1/cases/${dup.body.id}/merge`, { intoId: id }).expect(403);
    expect((await as('operator').post(`/api/v1/cases/${dup.body.id}/merge`, { intoId: id }).expect(200)).body).toMatchObject({ state: 'merged', mergedIntoId: id });
    expect((await as('operator').get(`/api/v1/cases/${id}`).expect(200)).body.reporters).toEqual([
      { name: '王先生', phone: null, email: null },
      { name: '李女士', phone: '136****5678', email: null },
    ]);

    // A third one is not filed.
    const other = await report('member', { categoryCode: 'SJ0101' }).expect(201);
    expect((await as('operator').post(`/api/v1/cases/${other.body.id}/reject`, { reason: '重复上报' }).expect(200)).body.state).toBe('rejected');

    const step = async (who: string, action: string, body: object, state: string) => {
      const res = await as(who).post(`/api/v1/cases/${id}/${action}`, body);
      expect([action, res.status, res.body.state]).toEqual([action, 200, state]);
      return res.body as { deadline: string | null; level: number; reworkCount: number; pendingRequest: unknown };
    };

    // Wrong role: 403; illegal transition: 409 naming the current state.
    await as('member').post(`/api/v1/cases/${id}/file`).expect(403);
    await step('operator', 'file', {}, 'filed');
    const illegal = await as('operator').post(`/api/v1/cases/${id}/accept`).expect(409);
    expect(illegal.body.detail).toContain('case is in state filed');
    const dispatched = await step('operator', 'dispatch', { target: 'department', departmentCode: 'lsz-cm' }, 'dispatched');
    expect(dispatched.deadline).not.toBeNull();
    await as('otherOfficer').post(`/api/v1/cases/${id}/accept`).expect(404);
    await as('operator').post(`/api/v1/cases/${id}/accept`).expect(403);
    await step('officer', 'accept', { notes: '已联系商户, 今日处理' }, 'accepted');
    // Notes are kept in the case's audit trail (read within scope), never in the event everyone hears.
    const trail = (await as('admin').get(`/api/v1/audit?source=ticketing&entityId=${id}`).expect(200)).body as { items: Array<{ action: string; after: { notes?: string } }> };
    expect(trail.items.find((e) => e.action === 'citygrid.case.accepted.v1')?.after.notes).toBe('已联系商户, 今日处理');
    expect((await step('officer', 'extend', { amount: 2, unit: 'working_hours', reason: '需协调产权单位' }, 'accepted')).pendingRequest).toMatchObject({ kind: 'extension' });
    const extended = await step('operator', 'approve-extension', {}, 'accepted');
    expect(Date.parse(extended.deadline!)).toBeGreaterThan(Date.parse(dispatched.deadline!));
    await step('officer', 'suspend', { reason: '等待法院裁定' }, 'accepted');
    expect((await step('operator', 'approve-suspension', {}, 'suspended')).deadline).toBeNull();
    expect((await step('operator', 'resume', {}, 'accepted')).deadline).not.toBeNull();
    await step('officer', 'handle', { notes: '已拆除' }, 'handled');
    await as('officer').post(`/api/v1/cases/${id}/verify`, { passed: true }).expect(403);
    expect((await step('member', 'verify', { passed: false, notes: '未拆除干净' }, 'accepted')).reworkCount).toBe(1);
    await step('officer', 'handle', { notes: '已全部拆除', photos: [{ url: 's3://p/after.jpg', contentType: 'image/webp', size: 1000 }] }, 'handled');
    await step('supervisor', 'verify', { passed: true }, 'closed');
    await step('operator', 'reopen', { reason: '群众反映复建' }, 'filed');
    await step('operator', 'dispatch', { target: 'grid_staff' }, 'dispatched');
    await step('member', 'return', { reason: '超出网格处置能力' }, 'returned');
    await step('operator', 'dispatch', { target: 'department', departmentCode: 'lsz-cm' }, 'dispatched');
    expect((await step('officer', 'escalate', { reason: '涉及多部门' }, 'dispatched')).level).toBe(3);
    expect((await step('operator', 'push-down', { reason: '由网格跟进' }, 'dispatched')).level).toBe(5);
    await step('operator', 'cancel', { reason: '当事人已自行整改' }, 'cancelled');
    await as('operator').post(`/api/v1/cases/${id}/reopen`, { reason: 'x' }).expect(409);

    const expected = [
      'reported',
      'filed',
      'dispatched',
      'accepted',
      'extension-requested',
      'extension-approved',
      'suspension-requested',
      'suspended',
      'resumed',
      'handled',
      'reworked',
      'handled',
      'closed',
      'reopened',
      'dispatched',
      'returned',
      'dispatched',
      'escalated',
      'pushed-down',
      'cancelled',
    ].map((e) => `citygrid.case.${e}.v1`);
    const events = await eventually(
      async () => {
        const all = await caseEvents(stack.nc, stack.stream, id);
        return all.length >= expected.length ? all : undefined;
      },
      15000,
      200,
    );
    expect(events.map((e) => e.type)).toEqual(expected);
    for (let i = 1; i < events.length; i++) expect(events[i]!.data.stateBefore).toBe(events[i - 1]!.data.stateAfter);
    for (const e of events) expect(e.data.path).toEqual(chain(gridA).map((n) => n.code));
    // a consumer can act without calling back: where the matter is and how it came in travel on every event
    for (const e of events)
      expect(e.data).toMatchObject({ location: { type: 'Point', coordinates: [expect.any(Number), expect.any(Number)] }, source: expect.any(String), priority: expect.any(String) });
    expect(JSON.stringify(events)).not.toContain('王先生');
    expect(JSON.stringify(events)).not.toContain('已联系商户');
    const merged = await eventually(async () => (await caseEvents(stack.nc, stack.stream, dup.body.id as string)).find((e) => e.type === 'citygrid.case.merged.v1'));
    expect(merged.data.mergedIntoId).toBe(id);

    // The timeline tells the same story, with who, the notes and reasons, and the photos.
    type Step = {
      type: string;
      stateBefore: string | null;
      stateAfter: string;
      actor: { roles: string[] };
      notes: string | null;
      reason: string | null;
      photos: Array<{ url: string }>;
      deadline: string | null;
    };
    const timeline = (await as('operator').get(`/api/v1/cases/${id}/timeline`).expect(200)).body as Step[];
    expect(timeline.map((t) => t.type)).toEqual(expected);
    expect(timeline[0]).toMatchObject({ stateBefore: null, stateAfter: 'reported', photos: [{ url: 's3://p/a.jpg' }] });
    expect(timeline.find((t) => t.type === 'citygrid.case.accepted.v1')).toMatchObject({ notes: '已联系商户, 今日处理', actor: { roles: ['department_officer'] } });
    expect(timeline.find((t) => t.type === 'citygrid.case.returned.v1')?.reason).toBe('超出网格处置能力');
    expect(timeline.filter((t) => t.type === 'citygrid.case.handled.v1').map((t) => [t.notes, t.photos.map((p) => p.url)])).toEqual([
      ['已拆除', []],
      ['已全部拆除', ['s3://p/after.jpg']],
    ]);
    expect(timeline.find((t) => t.type === 'citygrid.case.dispatched.v1')?.deadline).not.toBeNull();
    await as('otherOfficer').get(`/api/v1/cases/${id}/timeline`).expect(404);
  }, 60000);

  it('escalates an overdue case one level up, once, after the (shortened) deadline', async () => {
    const created = await report('member').expect(201);
    const id = created.body.id as string;
    await as('operator').post(`/api/v1/cases/${id}/file`).expect(200);
    await as('operator').post(`/api/v1/cases/${id}/dispatch`, { target: 'grid_staff' }).expect(200);
    const escalated = await eventually(
      async () => {
        const c = (await as('operator').get(`/api/v1/cases/${id}`).expect(200)).body as { level: number; tier: string; escalationCount: number; deadline: string };
        return c.level !== 5 ? c : undefined;
      },
      (DEADLINE_S + 10) * 1000,
      100,
    );
    // Stop the clock before it can lapse again.
    await as('operator').post(`/api/v1/cases/${id}/cancel`, { reason: 'test done' }).expect(200);
    expect(escalated).toMatchObject({ level: 3, tier: 'community', escalationCount: 1 });
    const events = await eventually(async () => {
      const all = await caseEvents(stack.nc, stack.stream, id);
      return all.some((e) => e.type === 'citygrid.case.cancelled.v1') ? all : undefined;
    });
    const up = events.filter((e) => e.type === 'citygrid.case.escalated.v1');
    expect(up).toHaveLength(1);
    expect(up[0]!.data).toMatchObject({ levelBefore: 5, level: 3, reason: 'overdue', stateBefore: 'dispatched', stateAfter: 'dispatched' });
  }, 60000);

  it('numbers concurrent reports uniquely and in sequence, each committed with its event and audit row', async () => {
    // Reports arriving together share one statement: none is lost, none numbered twice, none without its event.
    const N = 40;
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => report(i % 2 ? 'member' : 'operator', { categoryCode: 'SJ0102', description: `并发上报 ${i}` })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: N }, () => 201));
    const numbers = answers.map((a) => a.body.number as string);
    expect(new Set(numbers).size).toBe(N);
    const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
    expect(seqs[N - 1]! - seqs[0]!).toBe(N - 1);
    for (const a of answers) expect(a.body).toMatchObject({ state: 'reported', gridCode: gridA, categoryCode: 'SJ0102' });
    const ids = new Set(answers.map((a) => a.body.id as string));
    const jsm = await stack.nc.jetstreamManager();
    const reported = async (): Promise<Map<string, string>> => {
      const info = await jsm.streams.info(stack.stream);
      const out = new Map<string, string>();
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const m = await jsm.streams.getMessage(stack.stream, { seq }).catch(() => undefined);
        if (!m?.subject.endsWith('.citygrid.ticketing.case.reported')) continue;
        const e = m.json<{ data: { id: string; number: string } }>();
        if (ids.has(e.data.id)) out.set(e.data.id, e.data.number);
      }
      return out;
    };
    await eventually(async () => (await reported()).size === N);
    const events = await reported();
    for (const a of answers) expect(events.get(a.body.id as string)).toBe(a.body.number);
    // Each report's audit row carries its number too.
    const trail = await as('admin').get('/api/v1/audit?source=ticketing&entityType=case&limit=500').expect(200);
    const audited = new Map(
      (trail.body.items as Array<{ entityId: string; action: string; after: { number?: string } }>)
        .filter((e) => e.action.endsWith('case.reported.v1') || e.action.endsWith('case.reported'))
        .map((e) => [e.entityId, e.after.number]),
    );
    for (const a of answers) expect(audited.get(a.body.id as string)).toBe(a.body.number);
    // A later report at the same spot proposes the earlier ones it can see.
    const later = await report('operator', { categoryCode: 'SJ0102' }).expect(201);
    expect((later.body.possibleDuplicates as Array<{ id: string }>).length).toBeGreaterThanOrEqual(N);
  });

  it('lets nobody verify a case she handled herself', async () => {
    const id = (await report('member', { categoryCode: 'SJ0101' }).expect(201)).body.id as string;
    await as('operator').post(`/api/v1/cases/${id}/file`, {}).expect(200);
    await as('operator').post(`/api/v1/cases/${id}/dispatch`, { target: 'grid_staff' }).expect(200);
    await as('member').post(`/api/v1/cases/${id}/accept`, {}).expect(200);
    await as('member').post(`/api/v1/cases/${id}/handle`, { notes: '已清理' }).expect(200);
    const own = await as('member').post(`/api/v1/cases/${id}/verify`, { passed: true }).expect(403);
    expect(own.body.detail).toMatch(/someone else must verify/);
    expect((await as('operator').get(`/api/v1/cases/${id}`).expect(200)).body.state).toBe('handled');
    expect((await as('supervisor').post(`/api/v1/cases/${id}/verify`, { passed: true }).expect(200)).body.state).toBe('closed');
  });

  it('puts each case in the queue of whoever must act on it next, and takes it out once done', async () => {
    type Queue = { counts: Record<string, number>; total: number; items: Array<{ kind: string; case: { id: string } }> };
    const queue = async (who: string, query = ''): Promise<Queue> => (await as(who).get(`/api/v1/me/work${query}`).expect(200)).body as Queue;
    const kindOf = async (who: string, id: string) => (await queue(who)).items.find((i) => i.case.id === id)?.kind;
    const id = (await report('member', { categoryCode: 'SJ0102', description: '工作队列' }).expect(201)).body.id as string;
    expect(await kindOf('operator', id)).toBe('triage');
    expect(await kindOf('subOperator', id)).toBeUndefined();
    await as('operator').post(`/api/v1/cases/${id}/file`, {}).expect(200);
    expect(await kindOf('operator', id)).toBe('dispatch');
    await as('operator').post(`/api/v1/cases/${id}/dispatch`, { target: 'department', departmentCode: 'lsz-cm' }).expect(200);
    expect(await kindOf('operator', id)).toBeUndefined();
    expect(await kindOf('officer', id)).toBe('accept');
    expect(await kindOf('otherOfficer', id)).toBeUndefined();
    await as('officer').post(`/api/v1/cases/${id}/accept`, {}).expect(200);
    expect(await kindOf('officer', id)).toBe('handle');
    await as('officer').post(`/api/v1/cases/${id}/handle`, { notes: '已清运' }).expect(200);
    expect(await kindOf('officer', id)).toBeUndefined();
    expect(await kindOf('member', id)).toBe('verify');
    const mine = await queue('member', '?kind=verify');
    expect(mine.items.every((i) => i.kind === 'verify')).toBe(true);
    expect(mine.counts['verify']).toBe(mine.total);
    await as('member').post(`/api/v1/cases/${id}/verify`, { passed: true }).expect(200);
    expect(await kindOf('member', id)).toBeUndefined();
    const bad = await as('member').get('/api/v1/me/work?kind=nap').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
  });

  it("evaluates a closed case once, and records a citizen reporter's satisfaction once", async () => {
    const close = async (source: string): Promise<string> => {
      const id = (await report('operator', { source, categoryCode: 'SJ0101' }).expect(201)).body.id as string;
      await as('operator').post(`/api/v1/cases/${id}/file`, {}).expect(200);
      await as('operator').post(`/api/v1/cases/${id}/dispatch`, { target: 'grid_staff' }).expect(200);
      await as('member').post(`/api/v1/cases/${id}/accept`, {}).expect(200);
      await as('member').post(`/api/v1/cases/${id}/handle`, { notes: '已处理' }).expect(200);
      await as('supervisor').post(`/api/v1/cases/${id}/verify`, { passed: true }).expect(200);
      return id;
    };
    const id = await close('hotline_12345');
    await as('member').post(`/api/v1/cases/${id}/evaluate`, { outcome: 'satisfactory' }).expect(403);
    await as('operator').post(`/api/v1/cases/${id}/evaluate`, { outcome: 'excellent' }).expect(400);
    const evaluated = await as('operator').post(`/api/v1/cases/${id}/evaluate`, { outcome: 'basically_satisfactory', notes: '处置及时, 现场略有遗留' }).expect(200);
    expect(evaluated.body).toMatchObject({ state: 'closed', evaluation: { outcome: 'basically_satisfactory', notes: '处置及时, 现场略有遗留' } });
    await as('supervisor').post(`/api/v1/cases/${id}/evaluate`, { outcome: 'satisfactory' }).expect(409);
    await as('member').post(`/api/v1/cases/${id}/satisfaction`, { level: 'satisfied', channel: 'hotline_12345' }).expect(403);
    const satisfied = await as('operator').post(`/api/v1/cases/${id}/satisfaction`, { level: 'dissatisfied', channel: 'hotline_12345', comment: '处理太慢' }).expect(200);
    expect(satisfied.body.satisfaction).toMatchObject({ level: 'dissatisfied', channel: 'hotline_12345', comment: '处理太慢' });
    await as('operator').post(`/api/v1/cases/${id}/satisfaction`, { level: 'satisfied', channel: 'hotline_12345' }).expect(409);
    const timeline = (await as('operator').get(`/api/v1/cases/${id}/timeline`).expect(200)).body as Array<{ type: string; notes: string | null }>;
    expect(timeline.slice(-2).map((t) => [t.type, t.notes])).toEqual([
      ['citygrid.case.evaluated.v1', '处置及时, 现场略有遗留'],
      ['citygrid.case.satisfaction-recorded.v1', '处理太慢'],
    ]);
    const events = await eventually(async () => {
      const all = await caseEvents(stack.nc, stack.stream, id);
      return all.some((e) => e.type === 'citygrid.case.satisfaction-recorded.v1') ? all : undefined;
    });
    expect(events.find((e) => e.type === 'citygrid.case.evaluated.v1')?.data).toMatchObject({ outcome: 'basically_satisfactory' });
    expect(JSON.stringify(events)).not.toContain('处理太慢');
    // no citizen behind a patrol report, and nothing to evaluate before closing
    const patrol = await close('patrol');
    await as('operator').post(`/api/v1/cases/${patrol}/satisfaction`, { level: 'satisfied', channel: 'visit' }).expect(409);
    const open = (await report('operator', { source: 'citizen', categoryCode: 'SJ0101' }).expect(201)).body.id as string;
    await as('operator').post(`/api/v1/cases/${open}/evaluate`, { outcome: 'satisfactory' }).expect(409);
  });

  it('scopes reads and lists to the caller', async () => {
    const outsider = await stack.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: '410102005002' });
    const list = await request(stack.gateway.url).get('/api/v1/cases').set('Authorization', `Bearer ${outsider}`).expect(200);
    expect(list.body.total).toBe(0);
    const mine = await as('operator').get('/api/v1/cases?state=cancelled').expect(200);
    expect(mine.body.total).toBeGreaterThanOrEqual(2);
    const officerList = await as('officer').get('/api/v1/cases').expect(200);
    expect(officerList.body.items.every((c: { departmentCode: string }) => c.departmentCode === 'lsz-cm')).toBe(true);
  });

  it('lists the open cases near a point before filing, and filters and sorts the list by source, time reported and deadline', async () => {
    const hotline = await report('operator', { source: 'hotline_12345', description: '12345 来电：占道经营' }).expect(201);
    const [lng, lat] = point();
    const near = await as('operator').get(`/api/v1/cases/nearby?lng=${lng}&lat=${lat}`).expect(200);
    const nearIds = (near.body as Array<{ id: string; distanceM: number }>).map((d) => d.id);
    expect(nearIds).toContain(hotline.body.id);
    expect((near.body as Array<{ distanceM: number }>).every((d) => d.distanceM <= 100)).toBe(true);
    // a kilometre away: none of them
    expect(
      (
        await as('operator')
          .get(`/api/v1/cases/nearby?lng=${lng + 0.01}&lat=${lat}`)
          .expect(200)
      ).body,
    ).toEqual([]);
    // an outsider sees none of them there either
    const outsider = await stack.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: '410102005002' });
    expect((await request(stack.gateway.url).get(`/api/v1/cases/nearby?lng=${lng}&lat=${lat}`).set('Authorization', `Bearer ${outsider}`).expect(200)).body).toEqual([]);
    const bad = await as('operator').get('/api/v1/cases/nearby?lng=east&lat=91').expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['lat', 'lng']);

    const bySource = await as('operator').get('/api/v1/cases?source=hotline_12345&limit=500').expect(200);
    expect(bySource.body.items.map((c: { id: string }) => c.id)).toContain(hotline.body.id);
    expect(bySource.body.items.every((c: { source: string }) => c.source === 'hotline_12345')).toBe(true);
    const patrols = await as('operator').get('/api/v1/cases?source=patrol&limit=500').expect(200);
    expect(patrols.body.total).toBeGreaterThan(0);
    expect(patrols.body.items.map((c: { id: string }) => c.id)).not.toContain(hotline.body.id);
    const since = new Date(Date.parse(hotline.body.createdAt as string) - 1).toISOString();
    const recent = await as('operator')
      .get(`/api/v1/cases?reportedFrom=${encodeURIComponent(since)}`)
      .expect(200);
    expect(recent.body.items.map((c: { id: string }) => c.id)).toEqual([hotline.body.id]);
    const earlier = await as('operator')
      .get(`/api/v1/cases?reportedBefore=${encodeURIComponent(since)}&limit=500`)
      .expect(200);
    expect(earlier.body.total).toBeGreaterThan(0);
    expect(earlier.body.items.map((c: { id: string }) => c.id)).not.toContain(hotline.body.id);
    const oldest = await as('operator').get('/api/v1/cases?sort=reported_asc&limit=500').expect(200);
    const times = (oldest.body.items as Array<{ createdAt: string }>).map((c) => c.createdAt);
    expect(times).toEqual([...times].sort());
    const byDeadline = await as('operator').get('/api/v1/cases?sort=deadline_asc&limit=500').expect(200);
    const deadlines = (byDeadline.body.items as Array<{ deadline: string | null }>).map((c) => c.deadline);
    const dated = deadlines.filter((d): d is string => d !== null);
    expect(deadlines.slice(0, dated.length)).toEqual([...dated].sort((a, b) => Date.parse(a) - Date.parse(b)));
    expect((await as('operator').get('/api/v1/cases?sort=sideways&reportedFrom=yesterday').expect(400)).body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['reportedFrom', 'sort']);
    await as('operator').post(`/api/v1/cases/${hotline.body.id}/cancel`, { reason: '重复来电' }).expect(200);
  });

  it('dispatches only to a department that exists and serves the grid; an officer sees only its department within its own scope', async () => {
    const b = byCode.get('410102005002')!;
    await as('admin').post('/api/v1/nodes', { code: b.code, name: b.name, kind: b.kind, parentCode: b.parentCode, boundary: b.boundary }).expect(201);
    await as('admin')
      .post('/api/v1/departments', { code: 'b-cm', name: '乙社区城管', kind: 'city_management', servesNodeCodes: [b.code] })
      .expect(201);
    const id = (await report('member').expect(201)).body.id as string;
    await as('operator').post(`/api/v1/cases/${id}/file`).expect(200);
    const unknown = await as('operator').post(`/api/v1/cases/${id}/dispatch`, { target: 'department', departmentCode: 'no-such-dept' }).expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'departmentCode', reason: expect.stringMatching(/unknown department/) })]);
    const elsewhere = await as('admin').post(`/api/v1/cases/${id}/dispatch`, { target: 'department', departmentCode: 'b-cm' }).expect(422);
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'departmentCode', reason: expect.stringMatching(/does not serve grid/) })]);
    expect((await as('admin').get(`/api/v1/cases/${id}`).expect(200)).body).toMatchObject({ state: 'filed', departmentCode: null });
    // The suggestion: departments serving the grid, the kind the category names (CM05: city management) first; never the sibling's.
    const suggested = (await as('operator').get(`/api/v1/cases/${id}/suggested-departments`).expect(200)).body as Array<{ code: string; matchesCategory: boolean; servesNodeCode: string }>;
    expect(suggested[0]).toMatchObject({ code: 'lsz-cm', matchesCategory: true, servesNodeCode: SUB });
    expect(suggested.map((d) => d.code)).toContain('lsz-police');
    expect(suggested.find((d) => d.code === 'lsz-police')?.matchesCategory).toBe(false);
    expect(suggested.map((d) => d.code)).not.toContain('b-cm');
    await as('otherOfficer').get(`/api/v1/cases/${id}/suggested-departments`).expect(404);
    await as('operator').post(`/api/v1/cases/${id}/dispatch`, { target: 'department', departmentCode: suggested[0]!.code }).expect(200);
    // An officer of the same department scoped to the sibling community (as a community operator
    // there could create one) sees none of community A's cases.
    const siblingOfficer = await stack.tokens.sign({ roles: [Role.DepartmentOfficer], nodeScope: '410102005002', departmentCode: 'lsz-cm' });
    const asSibling = (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${siblingOfficer}`);
    await asSibling(`/api/v1/cases/${id}`).expect(404);
    expect((await asSibling('/api/v1/cases').expect(200)).body.total).toBe(0);
    await request(stack.gateway.url).post(`/api/v1/cases/${id}/accept`).set('Authorization', `Bearer ${siblingOfficer}`).send({}).expect(404);
    await as('officer').get(`/api/v1/cases/${id}`).expect(200);
    await as('operator').post(`/api/v1/cases/${id}/cancel`, { reason: 'test done' }).expect(200);
  });
});
