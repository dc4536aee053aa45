import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { eventually } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

type State = 'visited' | 'agreed' | 'signed' | 'moved' | 'demolished';
const STATES: State[] = ['visited', 'agreed', 'signed', 'moved', 'demolished'];
const HOUSEHOLDS = 299;
const BUILDINGS = 9;
const UNITS = 17;
/** The holdout: visited and agreed, never signed. */
const HOLDOUT = 298;

/**
 * The days (1 = the start date) on which household `i` reaches each state: everyone visited on day
 * 1; most agreed the same day; 200 signed on day 2 and all but one by day 9; 180 moved on day 3,
 * the rest of the signed ones on day 10.
 */
function plan(i: number): Partial<Record<State, number>> {
  const p: Partial<Record<State, number>> = { visited: 1, agreed: i < 250 ? 1 : 2 };
  if (i === HOLDOUT) return p;
  p.signed = i < 200 ? 2 : 5 + (i % 5);
  if (i < 180) p.moved = 3;
  else if (i < 290) p.moved = 10;
  return p;
}

/** The state of household `i` at the end of day `d`. */
function stateOn(i: number, d: number): State | 'none' {
  let s: State | 'none' = 'none';
  for (const st of STATES) if ((plan(i)[st] ?? Infinity) <= d) s = st;
  return s;
}

function counts(ids: number[], d: number): Record<State | 'none', number> {
  const c = { none: 0, visited: 0, agreed: 0, signed: 0, moved: 0, demolished: 0 };
  for (const i of ids) c[stateOn(i, d)] += 1;
  return c;
}

const HOUR: Record<State, number> = { visited: 9, agreed: 10, signed: 11, moved: 12, demolished: 13 };

/** Run `tasks` at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/**
 * relocation through the gateway with real tokens, on the Longhai Road story: 299 households in 9
 * buildings and 17 units inside a red line, resolved from grid-registry; three leaders' packages
 * (one package per household); the households' steps over simulated days with backdated `at`; the
 * daily report and the progress curve on day 3 and day 10 match the test's own counts; a signed
 * household's schooling help reaches the schooling service; rental help; the meeting agenda.
 */
describe('relocation: a red line, its households, packages, steps and reports', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const SUBDISTRICT = '410102005';
  const gridA = '4101020050010101';
  const gridB = '4101020050020101';
  const pointA = interiorPointOf(byCode.get(gridA)!);
  const pointB = interiorPointOf(byCode.get(gridB)!);
  const near = (k: number): [number, number] => [pointA[0] + (k % 20) * 1e-6, pointA[1] + Math.floor(k / 20) * 1e-6];
  const redLine = {
    type: 'Polygon',
    coordinates: [
      [
        [pointA[0] - 0.0005, pointA[1] - 0.0005],
        [pointA[0] + 0.0005, pointA[1] - 0.0005],
        [pointA[0] + 0.0005, pointA[1] + 0.0005],
        [pointA[0] - 0.0005, pointA[1] + 0.0005],
        [pointA[0] - 0.0005, pointA[1] - 0.0005],
      ],
    ],
  };
  const today = new Date().toISOString().slice(0, 10);
  const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const startDate = addDays(today, -12);
  const dayDate = (d: number) => addDays(startDate, d - 1);
  let operator = '';
  let leader = '';
  let outsider = '';
  /** A grid member of grid B, a grid the red line does not reach. */
  let gridBMember = '';
  let projectId = '';
  /** Household ids of the project, index = the household's number in the plan. */
  let households: { id: string; placeId: string }[] = [];
  const packages: string[] = [];
  const as = (token: string) => ({
    get: (url: string) => request(stack.gateway.url).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(stack.gateway.url).post(url).set('Authorization', `Bearer ${token}`),
    put: (url: string) => request(stack.gateway.url).put(url).set('Authorization', `Bearer ${token}`),
  });
  const packageOf = (i: number) => (i < 100 ? 0 : i < 200 ? 1 : 2);

  beforeAll(async () => {
    stack = await startStack({}, { withReporting: true, services: { schooling: {}, relocation: {} } });
    const admin = as(stack.adminToken);
    const nodes = [...new Map([...chain(gridA), ...chain(gridB)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    operator = await stack.tokens.sign({ id: 'op-subdistrict', name: 'operator', roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT });
    // the grid leader of the grid the red line lies in: the project is opened at the subdistrict
    leader = await stack.tokens.sign({ id: 'leader', name: 'leader', roles: [Role.GridLeader], nodeScope: gridA });
    gridBMember = await stack.tokens.sign({ id: 'member-b', name: 'member b', roles: [Role.GridMember], nodeScope: gridB });
    outsider = await stack.tokens.sign({ id: 'op-other', name: 'other', roles: [Role.SubdistrictOperator], nodeScope: '410102006' });
    for (let b = 0; b < BUILDINGS; b += 1) {
      await admin
        .post('/api/v1/places')
        .send({ kind: 'building', name: `龙海路${b + 1}号楼`, address: `龙海路${b + 1}号楼`, location: { type: 'Point', coordinates: near(b) } })
        .expect(201);
    }
    for (let u = 0; u < UNITS; u += 1) {
      await admin
        .post('/api/v1/places')
        .send({ kind: 'unit', name: `公共单位${u + 1}`, address: `龙海路${u + 100}号`, unitType: 'public_institution', location: { type: 'Point', coordinates: near(u + 20) } })
        .expect(201);
    }
    // a household outside the red line, in the same subdistrict
    await admin
      .post('/api/v1/places')
      .send({ kind: 'household', name: '红线外', address: '红线外1号', members: 2, location: { type: 'Point', coordinates: pointB } })
      .expect(201);
    const rows = Array.from({ length: HOUSEHOLDS }, (_, i) => {
      const [lng, lat] = near(i + 40);
      return `龙海路${(i % BUILDINGS) + 1}号楼,${String(1000 + i)},${lng},${lat}`;
    });
    const job = await as(operator)
      .post('/api/v1/imports')
      .send({ kind: 'households', content: `address,room,lng,lat\n${rows.join('\n')}\n` })
      .expect(202);
    await eventually(async () => (await admin.get(`/api/v1/imports/${job.body.id}`)).body.status === 'completed', 60000);
  }, 300000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('opens a project and resolves the units, buildings and households inside its red line', async () => {
    const bad = await as(operator)
      .post('/api/v1/relocation/projects')
      .send({
        name: '龙海路快速路',
        nodeCode: SUBDISTRICT,
        startDate,
        redLine: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
            ],
          ],
        },
      })
      .expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('redLine');
    await as(operator).post('/api/v1/relocation/projects').send({ name: 'x', nodeCode: '410102009', startDate, redLine }).expect(422);
    await as(leader).post('/api/v1/relocation/projects').send({ name: 'x', nodeCode: SUBDISTRICT, startDate, redLine }).expect(403);

    const created = await as(operator).post('/api/v1/relocation/projects').send({ name: '龙海路快速路', nodeCode: SUBDISTRICT, startDate, redLine }).expect(201);
    projectId = created.body.id;
    expect(created.body).toMatchObject({ nodeCode: SUBDISTRICT, startDate, status: 'active', units: UNITS, buildings: BUILDINGS, households: HOUSEHOLDS });
    // the red line reaches grid A only: its staff see the project opened above them, grid B's do not
    expect(created.body.reach).toEqual(chain(gridA).map((n) => n.code));
    await as(outsider).get(`/api/v1/relocation/projects/${projectId}`).expect(404);
    await as(gridBMember).get(`/api/v1/relocation/projects/${projectId}`).expect(404);
    expect((await as(gridBMember).get('/api/v1/relocation/projects').expect(200)).body.total).toBe(0);
    await as(leader).get(`/api/v1/relocation/projects/${projectId}`).expect(200);
    expect((await as(leader).get('/api/v1/relocation/projects').expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([projectId]);

    const list = await as(operator).get(`/api/v1/relocation/projects/${projectId}/places?kind=household&limit=500`).expect(200);
    expect(list.body.total).toBe(HOUSEHOLDS);
    expect(list.body.items.map((h: { name: string }) => h.name)).not.toContain('红线外');
    households = list.body.items.map((h: { id: string; placeId: string }) => ({ id: h.id, placeId: h.placeId }));

    const again = await as(operator).post(`/api/v1/relocation/projects/${projectId}/resolve`).expect(200);
    expect(again.body).toMatchObject({ units: UNITS, buildings: BUILDINGS, households: HOUSEHOLDS });
  });

  it('gives each household exactly one package', async () => {
    for (const name of ['王书记', '李主任', '张副主任']) {
      const p = await as(operator)
        .post(`/api/v1/relocation/projects/${projectId}/packages`)
        .send({ leader: name, group: `${name}工作组` })
        .expect(201);
      packages.push(p.body.id);
    }
    for (const [k, id] of packages.entries()) {
      const ids = households.filter((_, i) => packageOf(i) === k).map((h) => h.id);
      const r = await as(operator).post(`/api/v1/relocation/projects/${projectId}/packages/${id}/households`).send({ householdIds: ids }).expect(200);
      expect(r.body.households).toBe(ids.length);
    }
    const taken = await as(operator)
      .post(`/api/v1/relocation/projects/${projectId}/packages/${packages[1]}/households`)
      .send({ householdIds: [households[0]!.id] })
      .expect(409);
    expect(taken.body.detail).toContain(packages[0]);
    const listed = await as(operator).get(`/api/v1/relocation/projects/${projectId}/packages`).expect(200);
    expect(listed.body.map((p: { households: number }) => p.households)).toEqual([100, 100, 99]);
  });

  it('advances the households over the simulated days, refusing steps out of order or backdated before the previous one', async () => {
    const h0 = `/api/v1/relocation/projects/${projectId}/households/${households[0]!.id}/steps`;
    await as(leader)
      .post(h0)
      .send({ state: 'agreed', at: `${dayDate(1)}T10:00:00.000Z` })
      .expect(409);
    await as(leader)
      .post(h0)
      .send({ state: 'visited', at: `${addDays(today, 1)}T10:00:00.000Z` })
      .expect(400);

    await pool([...households.keys()], 6, async (i) => {
      const url = `/api/v1/relocation/projects/${projectId}/households/${households[i]!.id}/steps`;
      for (const st of STATES) {
        const d = plan(i)[st];
        if (d === undefined) continue;
        const hour = String(HOUR[st]).padStart(2, '0');
        await as(leader)
          .post(url)
          .send({ state: st, at: `${dayDate(d)}T${hour}:00:00.000Z` })
          .expect(200);
      }
    });
    const early = await as(leader)
      .post(`/api/v1/relocation/projects/${projectId}/households/${households[HOLDOUT]!.id}/steps`)
      .send({ state: 'signed', at: `${dayDate(1)}T08:00:00.000Z` })
      .expect(400);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
    await as(leader)
      .put(`/api/v1/relocation/projects/${projectId}/households/${households[HOLDOUT]!.id}/holdout`)
      .send({ holdout: true, reasons: ['补偿标准有异议'] })
      .expect(200);
    const h = await as(operator).get(`/api/v1/relocation/projects/${projectId}/households/${households[0]!.id}`).expect(200);
    expect(h.body.steps.map((s: { state: string }) => s.state)).toEqual(['visited', 'agreed', 'signed', 'moved']);
  }, 300000);

  it('reports day 3 and day 10 as the test counts them', async () => {
    const all = [...households.keys()];
    for (const d of [3, 10]) {
      const r = await as(operator)
        .get(`/api/v1/relocation/projects/${projectId}/daily-report?date=${dayDate(d)}`)
        .expect(200);
      expect(r.body.households).toBe(HOUSEHOLDS);
      expect(r.body.counts).toEqual(counts(all, d));
      const changes = { none: 0, visited: 0, agreed: 0, signed: 0, moved: 0, demolished: 0 };
      for (const i of all) for (const st of STATES) if (plan(i)[st] === d) changes[st] += 1;
      expect(r.body.changes).toEqual(changes);
      expect(r.body.packages.map((p: { counts: unknown }) => p.counts)).toEqual(
        [0, 1, 2].map((k) =>
          counts(
            all.filter((i) => packageOf(i) === k),
            d,
          ),
        ),
      );
      expect(r.body.holdouts.map((x: { id: string }) => x.id)).toEqual([households[HOLDOUT]!.id]);
    }
    const curve = await as(operator)
      .get(`/api/v1/relocation/projects/${projectId}/progress?date=${dayDate(10)}`)
      .expect(200);
    expect(curve.body.points).toHaveLength(10);
    for (const d of [3, 10]) {
      const c = counts(all, d);
      expect(curve.body.points[d - 1]).toEqual({ day: d, date: dayDate(d), signed: c.signed + c.moved + c.demolished, moved: c.moved + c.demolished, demolished: c.demolished, milestone: true });
    }
    // day 10: all but one signed
    expect(curve.body.points[9].signed).toBe(HOUSEHOLDS - 1);
    expect(curve.body.points.filter((p: { milestone: boolean }) => p.milestone).map((p: { day: number }) => p.day)).toEqual([3, 10]);
  });

  it("sends a signed household's schooling help to the schooling service, keeps rental help, and puts both on the agenda", async () => {
    const h = households[0]!;
    const ask = {
      id: '5a1c3c1e-8a51-4d5c-9a63-2b8e6f0c7d11',
      householdId: h.id,
      kind: 'schooling',
      schooling: { placeId: h.placeId, childName: '王小明', childBirthDate: '2019-05-01', childGender: 'male', guardianName: '王芳', guardianPhone: '13800138000', grade: 1 },
    };
    const help = await as(leader).post(`/api/v1/relocation/projects/${projectId}/help-requests`).send(ask).expect(201);
    expect(help.body).toMatchObject({ id: ask.id, kind: 'schooling', state: 'requested', schoolingState: 'received' });
    // a retry with the same id gives back the same help, and the schooling service holds one request
    const retry = await as(leader).post(`/api/v1/relocation/projects/${projectId}/help-requests`).send(ask).expect(201);
    expect(retry.body).toMatchObject({ id: ask.id, schoolingRequestId: help.body.schoolingRequestId });
    // what relocation sends again when its own save failed after the schooling service took the request
    const again = await as(leader)
      .post('/api/v1/schooling/requests')
      .send({ id: ask.id, householdId: h.placeId, ...ask.schooling, placeId: undefined, reason: 'relocation', relocationProjectId: projectId })
      .expect(201);
    expect(again.body.id).toBe(help.body.schoolingRequestId);
    const ofProject = await as(operator).get(`/api/v1/schooling/requests?relocationProjectId=${projectId}`).expect(200);
    expect(ofProject.body.total).toBe(1);
    await as(leader)
      .post(`/api/v1/relocation/projects/${projectId}/help-requests`)
      .send({ ...ask, householdId: households[1]!.id, schooling: { ...ask.schooling, placeId: households[1]!.placeId } })
      .expect(409);
    // the child's household must be the one named
    const wrongPlace = await as(leader)
      .post(`/api/v1/relocation/projects/${projectId}/help-requests`)
      .send({ ...ask, id: undefined, householdId: households[1]!.id })
      .expect(422);
    expect(JSON.stringify(wrongPlace.body.errors)).toContain('schooling.placeId');
    const inSchooling = await as(operator).get(`/api/v1/schooling/requests/${help.body.schoolingRequestId}`).expect(200);
    expect(inSchooling.body).toMatchObject({ reason: 'relocation', relocationProjectId: projectId, householdId: h.placeId, state: 'received' });
    const read = await as(operator).get(`/api/v1/relocation/projects/${projectId}/help-requests/${help.body.id}`).expect(200);
    expect(read.body.schoolingState).toBe('received');

    const rental = await as(leader).post(`/api/v1/relocation/projects/${projectId}/help-requests`).send({ householdId: households[1]!.id, kind: 'rental', note: '需过渡房' }).expect(201);
    expect(rental.body.state).toBe('received');
    const steps = `/api/v1/relocation/projects/${projectId}/help-requests/${rental.body.id}/steps`;
    await as(leader).post(steps).send({ state: 'arranged' }).expect(200);
    await as(leader).post(steps).send({ state: 'arranged' }).expect(409);

    const agenda = await as(operator)
      .get(`/api/v1/relocation/projects/${projectId}/meeting-agenda?date=${dayDate(10)}`)
      .expect(200);
    expect(agenda.body.holdouts.map((x: { id: string }) => x.id)).toEqual([households[HOLDOUT]!.id]);
    expect(agenda.body.openHelpRequests.map((x: { id: string }) => x.id).sort()).toEqual([help.body.id, rental.body.id].sort());
    // not yet moved and without a step since day 8: those signed on day 5-7 (and not moved), and the holdout
    const late = [...households.keys()].filter((i) => stateOn(i, 10) !== 'moved' && Math.max(...Object.values(plan(i))) < 9).map((i) => households[i]!.id);
    expect(agenda.body.notVisited.map((x: { id: string }) => x.id).sort()).toEqual(late.sort());
    await as(leader).post(steps).send({ state: 'closed' }).expect(200);
  });

  it("shows the project's progress in reporting, from relocation's events alone", async () => {
    const all = [...households.keys()];
    const now = counts(all, 12);
    const by = (d: number) => {
      const c = counts(all, d);
      return { signed: c.signed + c.moved + c.demolished, moved: c.moved + c.demolished, demolished: c.demolished };
    };
    const url = `/api/v1/reports/relocation?node=${SUBDISTRICT}`;
    const report = await eventually(async () => {
      const body = (await as(operator).get(url).expect(200)).body;
      const p = body.projects[0];
      return p && p.households === HOUSEHOLDS && p.counts.moved === now.moved && p.holdouts === 1 && p.helpRaised === 2 && p.helpOpen === 1 ? body : undefined;
    }, 30000);
    expect(report.projects).toHaveLength(1);
    const p = report.projects[0];
    expect(p).toMatchObject({ projectId, nodeCode: SUBDISTRICT, startDate, households: HOUSEHOLDS, units: UNITS, buildings: BUILDINGS, counts: now, holdouts: 1 });
    expect(p.signed).toEqual({ numerator: HOUSEHOLDS - 1, denominator: HOUSEHOLDS, percent: '99.67' });
    expect(p.milestones).toEqual([
      { day: 3, date: dayDate(3), reached: true, ...by(3) },
      { day: 10, date: dayDate(10), reached: true, ...by(10) },
      { day: 30, date: dayDate(30), reached: false, ...by(12) },
    ]);
    console.log(
      `reporting: relocation ${HOUSEHOLDS} households; day 3 signed ${p.milestones[0].signed as number} moved ${p.milestones[0].moved as number}; day 10 signed ${p.milestones[1].signed as number} moved ${p.milestones[1].moved as number}`,
    );
    await as(outsider).get(url).expect(404);
    expect((await as(operator).get(`/api/v1/reports/relocation?node=${gridB}`).expect(200)).body.projects).toEqual([]);
  }, 60000);

  it('gives the same progress after a rebuild of reporting from the stream', async () => {
    const url = `/api/v1/reports/relocation?node=${SUBDISTRICT}`;
    const before = (await as(operator).get(url).expect(200)).body;
    const started = await as(stack.adminToken).post('/api/v1/reports/rebuild').expect(202);
    expect(started.body.status).toBe('running');
    const done = await eventually(async () => {
      const res = await as(stack.adminToken).get('/api/v1/reports/rebuild').expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    }, 120000);
    expect(done.status).toBe('completed');
    const after = (await as(operator).get(url).expect(200)).body;
    expect({ ...after, computedAt: '' }).toEqual({ ...before, computedAt: '' });
  }, 150000);
});
