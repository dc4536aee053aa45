import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { eventually } from '@citygrid/testing';
import { request as httpRequest, type IncomingMessage } from 'node:http';

import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * Reports through the gateway: cases filed through the public API along the lifecycle's paths
 * (closed on time, closed late, reworked, rejected, escalated, reopened, left overdue), reporting
 * building its figures from their events alone, and the KPIs of the subdistrict, a community, a
 * grid and a category equal to what this test counts from its own records of the cases.
 */

const SUB = '410102005';
const A = `${SUB}001`;
const B = `${SUB}002`;
const GRID_A1 = `${A}0101`;
const GRID_A2 = `${A}0102`;
const GRID_B1 = `${B}0101`;

/** What the test itself knows of a case, from the API's answers. */
interface Record {
  id: string;
  grid: string;
  category: string;
  reportedAt: string;
  filed: boolean;
  rejected: boolean;
  dispatched: boolean;
  handled: number;
  reworked: number;
  escalated: number;
  reopened: number;
  /** Verifications of its handling, passed or failed. */
  verified: number;
  /** The closing that stands: when, and the deadline in force then. */
  closedAt: string | null;
  dueAtClose: string | null;
  state: string;
  deadline: string | null;
}

interface CaseView {
  id: string;
  state: string;
  deadline: string | null;
  closedAt: string | null;
  createdAt: string;
  version: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const day = (t: Date | string): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(t));

/** A server-sent-events stream read as it comes: its events so far, a wait for the next one that matches, and its end. */
interface Feed {
  status: number;
  contentType: string;
  events: Array<{ event: string; data: unknown }>;
  next(match: (e: { event: string; data: unknown }) => boolean, timeoutMs: number): Promise<{ event: string; data: unknown }>;
  ended: Promise<void>;
  close(): void;
}

function openFeed(url: string, token: string): Promise<Feed> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      const events: Feed['events'] = [];
      const waiters: Array<{ match: (e: Feed['events'][number]) => boolean; resolve: (e: Feed['events'][number]) => void }> = [];
      let buffer = '';
      let seen = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (!event || data === undefined) continue;
          const e = { event, data: JSON.parse(data) as unknown };
          events.push(e);
          for (const w of waiters.splice(0)) {
            if (w.match(e)) w.resolve(e);
            else waiters.push(w);
          }
        }
      });
      const ended = new Promise<void>((r) => res.on('end', () => r()));
      resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        events,
        ended,
        close: () => req.destroy(),
        next(match, timeoutMs) {
          const found = events.slice(seen).find(match);
          if (found) {
            seen = events.indexOf(found) + 1;
            return Promise.resolve(found);
          }
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((x) => x.event))}`)), timeoutMs);
            waiters.push({
              match,
              resolve: (e) => {
                clearTimeout(timer);
                seen = events.indexOf(e) + 1;
                ok(e);
              },
            });
          });
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface DashboardBody {
  node: { code: string };
  periods: Array<{ key: string; period: { from: string; to: string; label: string }; figures: { found: number; open: number; closed: number } }>;
}

describe('reports through the gateway', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const tokens = new Map<string, string>();
  const callers: { [name: string]: Partial<Caller> } = {
    operatorA: { roles: [Role.CommunityOperator], nodeScope: A },
    operatorB: { roles: [Role.CommunityOperator], nodeScope: B },
    memberA1: { roles: [Role.GridMember], nodeScope: GRID_A1 },
    memberA2: { roles: [Role.GridMember], nodeScope: GRID_A2 },
    memberB1: { roles: [Role.GridMember], nodeScope: GRID_B1 },
    supervisor: { roles: [Role.Supervisor], nodeScope: SUB },
    officer: { roles: [Role.DepartmentOfficer], nodeScope: SUB, departmentCode: 'lsz-cm' },
  };
  const as = (who: string) => {
    const token = tokens.get(who)!;
    return {
      post: (path: string, body: object = {}) => request(stack.gateway.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
      get: (path: string) => request(stack.gateway.url).get(path).set('Authorization', `Bearer ${token}`),
    };
  };
  const records: Record[] = [];
  const from = day(new Date(Date.now() - 86_400_000));
  const to = day(new Date(Date.now() + 86_400_000));

  /** Report a case in `grid` and keep its record. */
  async function report(grid: string, category: string, reporter: string): Promise<Record> {
    const res = await as(reporter)
      .post('/api/v1/cases', { source: 'patrol', categoryCode: category, description: '占道堆物', address: '伏牛路', location: { type: 'Point', coordinates: interiorPointOf(byCode.get(grid)!) } })
      .expect(201);
    const r: Record = {
      id: res.body.id,
      grid,
      category,
      reportedAt: res.body.createdAt,
      filed: false,
      rejected: false,
      dispatched: false,
      handled: 0,
      reworked: 0,
      escalated: 0,
      reopened: 0,
      verified: 0,
      closedAt: null,
      dueAtClose: null,
      state: res.body.state,
      deadline: null,
    };
    records.push(r);
    return r;
  }

  /** Take a case one step, as `who`, and note what the answer says. */
  async function step(r: Record, who: string, action: string, body: object = {}): Promise<CaseView> {
    const before = r.deadline;
    const view = (await as(who).post(`/api/v1/cases/${r.id}/${action}`, body).expect(200)).body as CaseView;
    r.state = view.state;
    r.deadline = view.deadline;
    if (action === 'file') r.filed = true;
    if (action === 'reject') r.rejected = true;
    if (action === 'dispatch') r.dispatched = true;
    if (action === 'handle') r.handled += 1;
    if (action === 'escalate') r.escalated += 1;
    if (action === 'verify') r.verified += 1;
    if (action === 'reopen') {
      r.reopened += 1;
      r.closedAt = null;
      r.dueAtClose = null;
    }
    if (action === 'verify' && view.state === 'closed') {
      r.closedAt = view.closedAt;
      r.dueAtClose = before;
    }
    if (action === 'verify' && view.state !== 'closed') r.reworked += 1;
    return view;
  }

  /** Dispatched to the grid's staff, accepted and handled by `member` (someone else verifies: the supervisor). */
  async function handled(r: Record, operator: string, member: string): Promise<void> {
    await step(r, operator, 'file');
    await step(r, operator, 'dispatch', { target: 'grid_staff' });
    await step(r, member, 'accept');
    await step(r, member, 'handle', { notes: '已清理' });
  }

  /** A supervision flag 督办 tightening the case's deadline to `ms` from now. */
  async function flag(r: Record, ms: number): Promise<void> {
    await as('supervisor')
      .post('/api/v1/supervision/flags', { caseId: r.id, deadline: new Date(Date.now() + ms).toISOString(), note: '督办' })
      .expect(201);
    r.deadline = ((await as('supervisor').get(`/api/v1/cases/${r.id}`).expect(200)).body as CaseView).deadline;
  }

  beforeAll(async () => {
    // no overdue timer: a case left overdue stays so, and counts in overdueNow
    stack = await startStack({}, { withTicketing: true, withReporting: true, ticketingEnv: { ESCALATION_SCAN_MS: '3600000' } });
    tokens.set('admin', stack.adminToken);
    for (const [name, caller] of Object.entries(callers)) tokens.set(name, await stack.tokens.sign({ name, ...caller }));
    const nodes = [...new Map([GRID_A1, GRID_A2, GRID_B1].flatMap((g) => chain(g)).map((n) => [n.code, n])).values()];
    for (const n of nodes) {
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

    const onTime = await report(GRID_A1, 'CM05', 'memberA1');
    await handled(onTime, 'operatorA', 'memberA1');
    await step(onTime, 'supervisor', 'verify', { passed: true });

    const late = await report(GRID_A1, 'CM05', 'memberA1');
    await handled(late, 'operatorA', 'memberA1');
    await flag(late, 2500);
    await sleep(3000);
    await step(late, 'supervisor', 'verify', { passed: true });

    const reworked = await report(GRID_A1, 'CM06', 'operatorA');
    await handled(reworked, 'operatorA', 'memberA1');
    await step(reworked, 'supervisor', 'verify', { passed: false, notes: '未清理干净' });
    await step(reworked, 'memberA1', 'handle', { notes: '已再次清理' });
    await step(reworked, 'supervisor', 'verify', { passed: true });

    const rejected = await report(GRID_A1, 'CM05', 'memberA1');
    await step(rejected, 'operatorA', 'reject', { reason: '不属于城市管理事项' });

    const escalated = await report(GRID_A2, 'SJ0101', 'memberA2');
    await step(escalated, 'operatorA', 'file');
    await step(escalated, 'operatorA', 'dispatch', { target: 'grid_staff' });
    await step(escalated, 'operatorA', 'escalate', { reason: '本级无法处置' });

    const reopened = await report(GRID_A2, 'SJ0101', 'memberA2');
    await handled(reopened, 'operatorA', 'memberA2');
    await step(reopened, 'supervisor', 'verify', { passed: true });
    await step(reopened, 'operatorA', 'reopen', { reason: '问题复发' });

    const overdue = await report(GRID_A2, 'CM05', 'memberA2');
    await step(overdue, 'operatorA', 'file');
    await step(overdue, 'operatorA', 'dispatch', { target: 'grid_staff' });
    await flag(overdue, 1500);

    const closedB = await report(GRID_B1, 'CM05', 'memberB1');
    await handled(closedB, 'operatorB', 'memberB1');
    await step(closedB, 'supervisor', 'verify', { passed: true });
    await report(GRID_B1, 'SJ0101', 'memberB1');
    // the overdue case's flag has passed by now
    await sleep(1500);
  }, 240000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  const inPeriod = (t: string | null): boolean => t !== null && day(t) >= from && day(t) <= to;
  const settled = ['closed', 'rejected', 'cancelled', 'merged'];

  /** The figures this test expects, counted from its own records of the cases `keep` selects. */
  function expected(keep: (r: Record) => boolean) {
    const mine = records.filter(keep);
    const dueAt = (r: Record): string | null => (r.closedAt ? r.dueAtClose : settled.includes(r.state) ? null : r.deadline);
    const due = mine.filter((r) => inPeriod(dueAt(r)));
    const closed = mine.filter((r) => inPeriod(r.closedAt)).length;
    const verified = mine.reduce((n, r) => n + r.verified, 0);
    return {
      found: mine.length,
      filed: mine.filter((r) => r.filed).length,
      rejected: mine.filter((r) => r.rejected).length,
      dispatched: mine.filter((r) => r.dispatched).length,
      handled: mine.reduce((n, r) => n + r.handled, 0),
      closed,
      due: due.length,
      closedOnTime: due.filter((r) => r.closedAt !== null && r.dueAtClose !== null && r.closedAt <= r.dueAtClose).length,
      overdueNow: mine.filter((r) => ['dispatched', 'accepted', 'returned'].includes(r.state) && r.deadline !== null && r.deadline < new Date().toISOString()).length,
      reworked: mine.reduce((n, r) => n + r.reworked, 0),
      escalated: mine.reduce((n, r) => n + r.escalated, 0),
      reopened: mine.reduce((n, r) => n + r.reopened, 0),
      verified,
      // every verification here follows its handling within seconds: inside the 24-hour limit
      verifiedOnTime: verified,
      verificationOnTimeRate: { numerator: verified, denominator: verified },
      open: mine.filter((r) => !settled.includes(r.state)).length,
      closureRate: { numerator: closed, denominator: mine.length },
    };
  }

  const kpis = (query: string, who = 'admin') => as(who).get(`/api/v1/reports/kpis?from=${from}&to=${to}&${query}`);

  it.each([
    ['the subdistrict', `node=${SUB}`, () => true],
    ['a community', `node=${A}`, (r: Record) => r.grid.startsWith(A)],
    ['a grid', `node=${GRID_A2}`, (r: Record) => r.grid === GRID_A2],
    ['a category', `node=${SUB}&category=CM`, (r: Record) => r.category.startsWith('CM')],
  ])('gives %s the figures the test counts from its own records', async (_what, query, keep) => {
    const want = expected(keep);
    expect(want.found).toBeGreaterThan(0);
    // reporting applies the events as they come: the figures settle on what the test counted
    const got = await eventually(async () => {
      const res = await kpis(query).expect(200);
      expect(res.body.figures).toMatchObject(want);
      return res.body;
    }, 20000);
    expect(got.rebuilding).toBe(false);
  });

  it('checks the lifecycle paths it walked really happened: one late, one reworked, one escalated, one reopened, one overdue', () => {
    const all = expected(() => true);
    expect(all).toMatchObject({ rejected: 1, reworked: 1, escalated: 1, reopened: 1, overdueNow: 1 });
    // exactly one case was closed after its deadline (the flagged one, due within the period)
    const late = records.filter((r) => r.closedAt !== null && r.dueAtClose !== null && r.closedAt > r.dueAtClose);
    expect(late.map((r) => inPeriod(r.dueAtClose))).toEqual([true]);
    expect(all.due).toBeGreaterThan(all.closedOnTime);
  });

  it('breaks the subdistrict down by community and by category, the rows adding up', async () => {
    const byChild = (await kpis(`node=${SUB}&groupBy=child`).expect(200)).body;
    expect(byChild.rows.map((r: { key: string; name: string; figures: { found: number } }) => [r.key, r.name, r.figures.found])).toEqual([
      [A, byCode.get(A)!.name, expected((r) => r.grid.startsWith(A)).found],
      [B, byCode.get(B)!.name, expected((r) => r.grid.startsWith(B)).found],
    ]);
    const byCategory = (await kpis(`node=${SUB}&groupBy=category`).expect(200)).body;
    expect(byCategory.rows.map((r: { key: string; figures: { found: number } }) => [r.key, r.figures.found])).toEqual([
      ['CM', expected((r) => r.category.startsWith('CM')).found],
      ['SJ', expected((r) => r.category.startsWith('SJ')).found],
    ]);
  });

  it('keeps each case event numbered by the case version, with the report time on every one', async () => {
    const jsm = await stack.nc.jetstreamManager();
    const info = await jsm.streams.info(stack.stream);
    const reworked = records[2]!;
    const versions: number[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(stack.stream, { seq }).catch(() => undefined);
      if (!m || !m.subject.includes('.citygrid.ticketing.case.')) continue;
      const e = m.json<{ data: { id: string; version: number; reportedAt: string } }>();
      if (e.data.id !== reworked.id) continue;
      versions.push(e.data.version);
      expect(e.data.reportedAt).toBe(reworked.reportedAt);
    }
    const view = (await as('admin').get(`/api/v1/cases/${reworked.id}`).expect(200)).body as CaseView;
    expect(versions).toEqual(Array.from({ length: view.version }, (_, i) => i + 1));
  });

  it('shows a caller its subtree only, answers 403 to department officers and names bad fields', async () => {
    await kpis(`node=${A}`, 'operatorA').expect(200);
    for (const node of [B, SUB, GRID_B1]) {
      const res = await kpis(`node=${node}`, 'operatorA').expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await kpis(`node=${SUB}`, 'officer').expect(403);
    const bad = await as('admin').get(`/api/v1/reports/kpis?node=41x&period=2013-Q5&groupBy=week`).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['groupBy', 'node', 'period']);
    const both = await as('admin').get(`/api/v1/reports/kpis?node=${SUB}&period=2013&from=2013-01-01&to=2013-01-31`).expect(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
    const definitions = (await as('memberA1').get('/api/v1/reports/kpi-definitions').expect(200)).body as Array<{ key: string; nameZh: string }>;
    expect(definitions.find((d) => d.key === 'closureRate')).toMatchObject({ nameZh: '办结率' });
  });

  it('rebuilds from the stream for the system administrator only, with the same figures after', async () => {
    await as('operatorA').post('/api/v1/reports/rebuild').expect(403);
    const before = (await kpis(`node=${SUB}&groupBy=child`).expect(200)).body;
    const started = await as('admin').post('/api/v1/reports/rebuild').expect(202);
    expect(started.body).toMatchObject({ status: 'running' });
    const done = await eventually(async () => {
      const res = await as('admin').get('/api/v1/reports/rebuild').expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    }, 30000);
    expect(done).toMatchObject({ id: started.body.id, status: 'completed' });
    const after = (await kpis(`node=${SUB}&groupBy=child`).expect(200)).body;
    expect({ ...after, computedAt: '' }).toEqual({ ...before, computedAt: '' });
    // the rebuild is on reporting's audit trail, and its consumers' dead letters are listed (none here)
    expect((await as('admin').get('/api/v1/audit?source=reporting').expect(200)).body.items).toEqual([
      expect.objectContaining({ action: 'citygrid.read-model.rebuilt.v1', entityId: started.body.id }),
    ]);
    expect((await as('admin').get('/api/v1/ops/dead-letters?source=reporting').expect(200)).body).toMatchObject({ items: [], total: 0 });
  }, 60000);

  it('answers a dashboard of today, this week, month, quarter and year that agrees with the KPIs of the same periods', async () => {
    const dash = (await as('operatorA').get(`/api/v1/reports/dashboard?node=${A}`).expect(200)).body as DashboardBody;
    expect(dash.periods.map((p) => p.key)).toEqual(['today', 'week', 'month', 'quarter', 'year']);
    const today = day(new Date());
    expect(dash.periods[0]!.period).toMatchObject({ from: today, to: today });
    for (const p of dash.periods) {
      const k = (await as('operatorA').get(`/api/v1/reports/kpis?node=${A}&from=${p.period.from}&to=${p.period.to}`).expect(200)).body;
      expect(p.figures).toEqual(k.figures);
      expect(p.period.from <= today && today <= p.period.to).toBe(true);
    }
    // every case of community A was reported during this test, so this year holds them all
    expect(dash.periods[4]!.figures.found).toBe(expected((r) => r.grid.startsWith(A)).found);
    await as('operatorA').get(`/api/v1/reports/dashboard?node=${B}`).expect(404);
    await as('officer').get(`/api/v1/reports/dashboard?node=${SUB}`).expect(403);
    const bad = await as('admin').get('/api/v1/reports/dashboard?node=41x&category=zz').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'node']);
  });

  it('streams the dashboard live: at once, again after a case is reported in the subtree, and not for another subtree', async () => {
    const feedA = await openFeed(`${stack.gateway.url}/api/v1/reports/live?node=${A}`, tokens.get('operatorA')!);
    const feedB = await openFeed(`${stack.gateway.url}/api/v1/reports/live?node=${B}`, tokens.get('operatorB')!);
    try {
      expect(feedA.status).toBe(200);
      expect(feedA.contentType).toMatch(/^text\/event-stream/);
      const first = (await feedA.next((e) => e.event === 'kpis', 10_000)).data as DashboardBody;
      expect(first.node.code).toBe(A);
      await feedB.next((e) => e.event === 'kpis', 10_000);
      const found = first.periods[0]!.figures.found;
      await report(GRID_A1, 'CM05', 'memberA1');
      const after = (await feedA.next((e) => e.event === 'kpis' && (e.data as DashboardBody).periods[0]!.figures.found === found + 1, 15_000)).data as DashboardBody;
      expect(after.periods[0]!.figures.open).toBe(first.periods[0]!.figures.open + 1);
      // B's figures did not change: nothing more was sent on its feed
      await new Promise((r) => setTimeout(r, 1500));
      expect(feedB.events.filter((e) => e.event === 'kpis')).toHaveLength(1);
    } finally {
      feedA.close();
      feedB.close();
    }
  });

  it("refuses a live feed outside the caller's scope as problem+json, and ends one when its token expires", async () => {
    const outside = await openFeed(`${stack.gateway.url}/api/v1/reports/live?node=${B}`, tokens.get('operatorA')!);
    expect(outside.status).toBe(404);
    expect(outside.contentType).toMatch(/application\/problem\+json/);
    outside.close();
    const shortLived = await stack.tokens.sign({ name: 'operatorA', ...callers['operatorA'] }, { expiresInS: 3 });
    const feed = await openFeed(`${stack.gateway.url}/api/v1/reports/live?node=${A}`, shortLived);
    expect(feed.status).toBe(200);
    await feed.next((e) => e.event === 'kpis', 10_000);
    const expired = await feed.next((e) => e.event === 'expired', 10_000);
    expect(expired.data).toMatchObject({ reason: expect.stringMatching(/expired/) });
    await feed.ended;
  });

  it('counts key-location coverage: a key-location-day counts when the place was visited and its grid patrolled that day', async () => {
    const today = day(new Date());
    const point = interiorPointOf(byCode.get(GRID_A2)!);
    const coverage = async () =>
      (await as('operatorA').get(`/api/v1/reports/kpis?node=${A}&from=${today}&to=${today}&groupBy=child`).expect(200)).body as {
        figures: { keyLocationCoverage: { numerator: number; denominator: number; percent: string | null } };
        rows: Array<{ key: string; figures: { keyLocationCoverage: { numerator: number; denominator: number } } }>;
      };
    const key = await as('admin')
      .post('/api/v1/places')
      .send({ kind: 'key_location', name: '加油站', address: '伏牛路2号', category: 'gas_station', location: { type: 'Point', coordinates: point } })
      .expect(201);
    await as('admin')
      .post('/api/v1/places')
      .send({ kind: 'household', name: '伏牛路1号', address: '伏牛路1号', members: 2, location: { type: 'Point', coordinates: point } })
      .expect(201);
    // registered today, neither visited nor patrolled yet: one key-location-day, not covered
    await eventually(async () => {
      expect((await coverage()).figures.keyLocationCoverage).toEqual({ numerator: 0, denominator: 1, percent: '0.00' });
      return true;
    }, 15000);
    await as('memberA2').post('/api/v1/visits').send({ gridCode: GRID_A2, placeId: key.body.id, visitedAt: new Date().toISOString() }).expect(201);
    // visited, but its grid not patrolled: still not covered
    await sleep(1000);
    expect((await coverage()).figures.keyLocationCoverage).toEqual({ numerator: 0, denominator: 1, percent: '0.00' });
    const now = Date.now();
    await as('memberA2')
      .post('/api/v1/patrols')
      .send({ gridCode: GRID_A2, startedAt: new Date(now - 600_000).toISOString(), endedAt: new Date(now).toISOString() })
      .expect(201);
    const got = await eventually(async () => {
      const c = await coverage();
      expect(c.figures.keyLocationCoverage).toEqual({ numerator: 1, denominator: 1, percent: '100.00' });
      return c;
    }, 15000);
    // the row of the level-2 grid above it holds it; with a category the figure does not apply
    expect(got.rows.find((r) => r.key === GRID_A2.slice(0, 14))?.figures.keyLocationCoverage).toMatchObject({ numerator: 1, denominator: 1 });
    const withCategory = (await as('operatorA').get(`/api/v1/reports/kpis?node=${A}&from=${today}&to=${today}&category=CM`).expect(200)).body;
    expect(withCategory.figures.keyLocationCoverage).toBeNull();
  }, 60000);
});
