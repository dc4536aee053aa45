import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { sql } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/** turf's mean Earth radius, the one the service's haversine uses. */
const R = 6_371_008.8;
const DEG = 180 / Math.PI;

/** The point `north` metres north and `east` metres east of `p`. */
function offset(p: readonly number[], north: number, east = 0): [number, number] {
  const lat = (p[1] ?? 0) + (north / R) * DEG;
  return [(p[0] ?? 0) + (east / (R * Math.cos((lat * Math.PI) / 180))) * DEG, lat];
}

/**
 * health through the gateway: a community's nodes, households registered in grid-registry at
 * known points, a station, the 15-minute coverage (here a 2-minute limit, so the distances fit in
 * one grid) by straight line and then over an imported road graph, a lecture with its attendance
 * and a home-visit follow-up.
 *
 * Walking at 80 m/min with a detour factor 1.3 and a limit of 2 minutes:
 * - H1, 144 m north of the station: 144 × 1.3 ÷ 80 = 2.34 min (not covered); over a road of two
 *   76 m legs, 152 ÷ 80 = 1.9 min (covered);
 * - H2, 50 m east: 50 × 1.3 ÷ 80 = 0.8125 min (covered); over the graph, 50 m straight to the
 *   station's vertex = 0.625 min;
 * - H3, 168 m south: 168 × 1.3 ÷ 80 = 2.73 min; over the graph 168 m straight to the nearest
 *   vertex (the station's) = 2.1 min: not covered either way.
 */
describe('health', () => {
  let stack: Stack;
  let operator: string;
  let auditor: string;
  let member: string;
  let otherOperator: string;
  let schema: string;
  let stationId = '';
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grids = data.nodes.filter((n) => n.gridLevel === 3);
  const grid = grids[0]!;
  const chain = (g: DemoNode): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n: DemoNode | undefined = g; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const gridPath = chain(grid).map((n) => n.code);
  const community = grid.code.slice(0, 12);
  const otherGrid = grids.find((g) => !g.code.startsWith(community))!;
  const S = interiorPointOf(grid);
  const H1 = offset(S, 144);
  const H2 = offset(S, 0, 50);
  const H3 = offset(S, -168);
  const households: Record<string, string> = {};
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);
  const as = (token: string) => request.agent(stack.gateway.url).set('Authorization', `Bearer ${token}`);
  const outbox = async (type: string) =>
    (await sql<{ event: { subject: string; data: Record<string, unknown> } }>(`select "event" from "${schema}"."outbox" where "type" = $1 order by "seq"`, [type])).map((r) => r.event);

  beforeAll(async () => {
    stack = await startStack({}, { services: { health: { COVERAGE_LIMIT_MINUTES: '2' } } });
    schema = stack.services['health']!.schema;
    const nodes = [...new Map([...chain(grid), ...chain(otherGrid)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    for (const [name, point] of [
      ['H1', H1],
      ['H2', H2],
      ['H3', H3],
    ] as const) {
      const place = await admin()
        .post('/api/v1/places')
        .send({ kind: 'household', name: `${name}户`, address: `林山寨${name}号院`, members: 2, location: { type: 'Point', coordinates: point } })
        .expect(201);
      households[name] = place.body.id as string;
    }
    operator = await stack.tokens.sign({ name: '社区操作员', roles: [Role.CommunityOperator], nodeScope: community });
    auditor = await stack.tokens.sign({ name: '审计', roles: [Role.Auditor], nodeScope: community });
    member = await stack.tokens.sign({ name: '网格员', roles: [Role.GridMember], nodeScope: grid.code });
    otherOperator = await stack.tokens.sign({ name: '别的社区', roles: [Role.CommunityOperator], nodeScope: otherGrid.code.slice(0, 12) });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('registers a station in the community; its doctor phones are masked for an auditor, hidden from other areas', async () => {
    const created = await as(operator)
      .post('/api/v1/health/stations')
      .send({
        name: '林山寨社区卫生服务站',
        nodeCode: community,
        location: { type: 'Point', coordinates: S },
        openingHours: [{ weekday: 1, opens: '08:00', closes: '17:30' }],
        services: ['general-practice', 'vaccination'],
        doctors: [{ name: '王医生', title: '全科主治医师', phone: '13800138000' }],
      })
      .expect(201);
    stationId = created.body.id as string;
    expect(created.body).toMatchObject({ nodeCode: community, path: gridPath.slice(0, 4), retired: false, doctors: [{ name: '王医生', phone: '13800138000' }] });
    expect((await as(auditor).get(`/api/v1/health/stations/${stationId}`).expect(200)).body.doctors[0].phone).toBe('138****8000');
    await as(otherOperator).get(`/api/v1/health/stations/${stationId}`).expect(404);
    expect((await as(otherOperator).get('/api/v1/health/stations').expect(200)).body.total).toBe(0);
    await as(auditor)
      .post('/api/v1/health/stations')
      .send({ name: 'x', nodeCode: community, location: { type: 'Point', coordinates: S } })
      .expect(403);
    const unknown = await as(operator)
      .post('/api/v1/health/stations')
      .send({ name: 'x', nodeCode: '410102005999', location: { type: 'Point', coordinates: S } })
      .expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'nodeCode' })]);
    const fc = (await as(auditor).get('/api/v1/health/stations/geojson').expect(200)).body;
    expect(fc).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: stationId,
          geometry: { type: 'Point', coordinates: S },
          properties: { name: '林山寨社区卫生服务站', nodeCode: community, services: ['general-practice', 'vaccination'], retired: false },
        },
      ],
    });
    // the station's change published the coverage of the grids around it
    expect((await outbox('citygrid.health-station.registered.v1')).length).toBe(1);
    expect((await outbox('citygrid.health-coverage.computed.v1')).some((e) => e.data['gridCode'] === grid.code)).toBe(true);
  });

  it('computes the coverage by straight line, lists the uncovered households and publishes each grid', async () => {
    const before = (await outbox('citygrid.health-coverage.computed.v1')).length;
    const res = await as(operator).post(`/api/v1/health/coverage/${community}/compute`).expect(200);
    expect(res.body).toMatchObject({ nodeCode: community, households: 3, covered: 1, uncovered: 2, limitMinutes: 2, method: 'straight_line' });
    const g = (res.body.grids as Array<{ gridCode: string; households: number; covered: number; uncoveredHouseholds: Array<{ id: string; minutes: number }> }>).find((x) => x.gridCode === grid.code)!;
    expect(g).toMatchObject({ households: 3, covered: 1 });
    expect(g.uncoveredHouseholds.map((h) => h.id)).toEqual([households['H1'], households['H3']]);
    expect(g.uncoveredHouseholds[0]!.minutes).toBeCloseTo(2.34, 2);
    expect(g.uncoveredHouseholds[1]!.minutes).toBeCloseTo(2.73, 2);
    const events = (await outbox('citygrid.health-coverage.computed.v1')).slice(before);
    expect(events.find((e) => e.subject === grid.code)?.data).toEqual({
      gridCode: grid.code,
      path: gridPath,
      households: 3,
      covered: 1,
      limitMinutes: 2,
      method: 'straight_line',
      computedAt: res.body.computedAt,
    });

    const geo = (await as(auditor).get(`/api/v1/health/coverage/${community}/geojson`).expect(200)).body;
    const feature = (id: string | undefined) => (geo.features as Array<{ id: string; properties: { covered: boolean; minutes: number } }>).find((f) => f.id === id)!;
    expect(feature(households['H2']).properties).toMatchObject({ gridCode: grid.code, covered: true });
    expect(feature(households['H2']).properties.minutes).toBeCloseTo(0.81, 2);
    expect(feature(households['H1']).properties.covered).toBe(false);
    await as(otherOperator).get(`/api/v1/health/coverage/${community}`).expect(404);
  });

  it('imports a road graph (bad features listed, nothing imported) and walks over it', async () => {
    const bad = await as(operator)
      .post('/api/v1/health/road-graph')
      .send({
        nodeCode: community,
        graph: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', geometry: { type: 'LineString', coordinates: [S, H1] } },
            { type: 'Feature', geometry: { type: 'Point', coordinates: S } },
          ],
        },
      })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'graph.features[1].geometry.type', reason: 'must be LineString or MultiLineString' }]);
    expect((await as(operator).get('/api/v1/health/road-graph').expect(200)).body.status).toBe('none');

    // two legs of 76 m: 72 m north and √(76² − 72²) m east, then on to H1
    const bend = offset(S, 72, Math.sqrt(76 ** 2 - 72 ** 2));
    const imported = await as(operator)
      .post('/api/v1/health/road-graph')
      .send({ nodeCode: community, graph: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [S, bend, H1] } }] } })
      .expect(201);
    expect(imported.body).toMatchObject({ status: 'imported', features: 1, vertices: 3, edges: 2 });
    expect(imported.body.lengthMetres).toBeCloseTo(152, 0);

    const cov = (await as(member).get(`/api/v1/health/coverage/${grid.code}`).expect(200)).body;
    expect(cov).toMatchObject({ nodeCode: grid.code, households: 3, covered: 2, uncovered: 1, method: 'graph' });
    const g = cov.grids.find((x: { gridCode: string }) => x.gridCode === grid.code);
    expect(g.uncoveredHouseholds).toEqual([{ id: households['H3'], address: expect.any(String), minutes: 2.1 }]);
    const geo = (await as(member).get(`/api/v1/health/coverage/${grid.code}/geojson`).expect(200)).body;
    expect(geo.features.find((f: { id: string }) => f.id === households['H1']).properties).toEqual({ gridCode: grid.code, covered: true, minutes: 1.9 });
    // the import published the new figures
    const last = (await outbox('citygrid.health-coverage.computed.v1')).filter((e) => e.subject === grid.code).pop();
    expect(last?.data).toMatchObject({ households: 3, covered: 2, method: 'graph' });
  });

  it('records a lecture with its attendance and publishes it again when corrected', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const resident = await admin().post('/api/v1/residents').send({ householdId: households['H1'], name: '李大爷', idNumber: '11010519491231002X', phone: '13812345678' }).expect(201);
    const lecture = await as(operator)
      .post('/api/v1/health/lectures')
      .send({ stationId, nodeCode: community, date: today, topic: '冬季高血压防治', speaker: '王医生', attendance: 25, attendeeResidentIds: [resident.body.id] })
      .expect(201);
    expect(lecture.body).toMatchObject({ stationId, nodeCode: community, attendance: 25 });
    const tooFew = await as(operator).patch(`/api/v1/health/lectures/${lecture.body.id}`).send({ attendance: 0 }).expect(422);
    expect(tooFew.body.errors).toEqual([expect.objectContaining({ field: 'attendance' })]);
    await as(operator).patch(`/api/v1/health/lectures/${lecture.body.id}`).send({ attendance: 30 }).expect(200);
    const held = (await outbox('citygrid.health-lecture.held.v1')).map((e) => e.data);
    expect(held).toEqual([
      { id: lecture.body.id, stationId, nodeCode: community, path: lecture.body.path, date: today, attendance: 25 },
      { id: lecture.body.id, stationId, nodeCode: community, path: lecture.body.path, date: today, attendance: 30 },
    ]);
    expect((await as(auditor).get('/api/v1/health/lectures').expect(200)).body.items.map((l: { attendance: number }) => l.attendance)).toEqual([30]);
    expect((await as(otherOperator).get(`/api/v1/health/lectures/${lecture.body.id}`)).status).toBe(404);
  });

  it('follows up a resident: due on enrolment, scheduled after a visit, notes only for who sees personal data', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const resident = await admin().post('/api/v1/residents').send({ householdId: households['H2'], name: '张奶奶', idNumber: '110105195001010039', phone: '13812345679' }).expect(201);
    const f = await as(operator)
      .post('/api/v1/health/follow-ups')
      .send({ residentId: resident.body.id, conditions: ['elderly', 'diabetes'], intervalDays: 30 })
      .expect(201);
    expect(f.body).toMatchObject({ nodeCode: grid.code, status: 'due', nextDueOn: today, lastVisitOn: null });
    await as(operator)
      .post('/api/v1/health/follow-ups')
      .send({ residentId: resident.body.id, conditions: ['elderly'], intervalDays: 30 })
      .expect(409);
    expect((await as(member).get('/api/v1/health/follow-ups?due=true').expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([f.body.id]);
    await as(auditor).post(`/api/v1/health/follow-ups/${f.body.id}/visits`).send({ date: today, doctor: '王医生' }).expect(403);
    const visited = await as(member).post(`/api/v1/health/follow-ups/${f.body.id}/visits`).send({ date: today, doctor: '王医生', notes: '血糖 7.8' }).expect(201);
    const next = new Date(`${today}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 30);
    expect(visited.body).toMatchObject({ status: 'scheduled', lastVisitOn: today, nextDueOn: next.toISOString().slice(0, 10), visits: [{ doctor: '王医生', notes: '血糖 7.8' }] });
    expect((await as(auditor).get(`/api/v1/health/follow-ups/${f.body.id}`).expect(200)).body.visits[0].notes).toBeNull();
    expect((await as(member).get('/api/v1/health/follow-ups?due=true').expect(200)).body.total).toBe(0);
    expect((await as(otherOperator).get('/api/v1/health/follow-ups').expect(200)).body.total).toBe(0);
    const events = await outbox('citygrid.health-follow-up.visited.v1');
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ id: f.body.id, residentId: resident.body.id, lastVisitOn: today })]);
    expect(JSON.stringify(events)).not.toContain('血糖');
  });

  it('retires a station: it covers nothing any more', async () => {
    await as(operator).post(`/api/v1/health/stations/${stationId}/retire`).expect(200);
    await as(operator).post(`/api/v1/health/stations/${stationId}/retire`).expect(409);
    const cov = (await as(operator).get(`/api/v1/health/coverage/${community}`).expect(200)).body;
    expect(cov).toMatchObject({ households: 3, covered: 0, uncovered: 3 });
  });
});
