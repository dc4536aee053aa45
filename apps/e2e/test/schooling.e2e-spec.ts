import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { eventually, sql, subjectCounts } from '@citygrid/testing';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * schooling through the gateway with real tokens: a school whose catchment holds a household of
 * grid-registry is suggested for it; a relocated household's request is taken to placed, another
 * one refused with its reason; the household's record lists both; scope, roles, masking and the
 * step events.
 */
describe('schooling: catchments and enrolment help requests', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const SUBDISTRICT = '410102005';
  const A = '410102005001';
  const B = '410102005002';
  const gridA = `${A}0101`;
  const gridB = `${B}0101`;
  const pointA = interiorPointOf(byCode.get(gridA)!);
  const pointB = interiorPointOf(byCode.get(gridB)!);
  const PROJECT = 'relocation-2026-linshanzhai-east';
  const ID_NUMBER = '410102201905011234';
  const PHONE = '13800138000';
  let householdA = '';
  let householdB = '';
  let schoolA = '';
  let middleSchool = '';
  let operator = '';
  let gridMember = '';
  let auditor = '';
  let operatorB = '';
  const as = (token: string) => ({
    get: (url: string) => request(stack.gateway.url).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(stack.gateway.url).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(stack.gateway.url).patch(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => request(stack.gateway.url).delete(url).set('Authorization', `Bearer ${token}`),
  });
  /** A square catchment around a point, `d` degrees each side. */
  const square = ([x, y]: [number, number], d: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [x - d, y - d],
        [x + d, y - d],
        [x + d, y + d],
        [x - d, y + d],
        [x - d, y - d],
      ],
    ],
  });
  const child = (over: Record<string, unknown> = {}) => ({
    householdId: householdA,
    childName: '李小明',
    childBirthDate: '2019-05-01',
    childGender: 'male',
    childIdNumber: ID_NUMBER,
    guardianName: '李芳',
    guardianPhone: PHONE,
    grade: 1,
    reason: 'relocation',
    relocationProjectId: PROJECT,
    ...over,
  });

  beforeAll(async () => {
    stack = await startStack({}, { services: { schooling: {} } });
    const admin = as(stack.adminToken);
    const nodes = [...new Map([...chain(gridA), ...chain(gridB)].map((n) => [n.code, n])).values()];
    for (const n of nodes) {
      await admin
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    householdA = (
      await admin
        .post('/api/v1/places')
        .send({ kind: 'household', name: '安置小区3号楼501', address: '临山寨安置小区3号楼501', members: 4, location: { type: 'Point', coordinates: pointA } })
        .expect(201)
    ).body.id;
    householdB = (
      await admin
        .post('/api/v1/places')
        .send({ kind: 'household', name: '乙社区2号楼', address: '乙社区2号楼101', members: 3, location: { type: 'Point', coordinates: pointB } })
        .expect(201)
    ).body.id;
    operator = await stack.tokens.sign({ id: 'op-subdistrict', name: 'operator', roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT });
    gridMember = await stack.tokens.sign({ id: 'member-a', name: 'member', roles: [Role.GridMember], nodeScope: gridA });
    auditor = await stack.tokens.sign({ id: 'auditor', name: 'auditor', roles: [Role.Auditor], nodeScope: SUBDISTRICT });
    operatorB = await stack.tokens.sign({ id: 'op-b', name: 'operator b', roles: [Role.CommunityOperator], nodeScope: B });
  }, 240000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('registers schools with catchments, validates them, and finds the ones holding a point', async () => {
    const created = await as(operator)
      .post('/api/v1/schooling/schools')
      .send({
        name: '临山寨小学',
        kind: 'primary',
        nodeCode: SUBDISTRICT,
        address: '临山寨路1号',
        location: { type: 'Point', coordinates: pointA },
        capacityPerGrade: 90,
        catchment: square(pointA, 0.002),
      })
      .expect(201);
    schoolA = created.body.id;
    expect(created.body).toMatchObject({ name: '临山寨小学', kind: 'primary', nodeCode: SUBDISTRICT, capacityPerGrade: 90 });
    expect(created.body.path).toEqual(expect.arrayContaining(['410102', SUBDISTRICT]));
    middleSchool = (
      await as(operator)
        .post('/api/v1/schooling/schools')
        .send({ name: '临山寨中学', kind: 'middle', nodeCode: SUBDISTRICT, address: '临山寨路2号', location: { type: 'Point', coordinates: pointA }, catchment: square(pointA, 0.01) })
        .expect(201)
    ).body.id;

    const bowtie = await as(operator)
      .post('/api/v1/schooling/schools')
      .send({
        name: '坏学区',
        kind: 'primary',
        nodeCode: SUBDISTRICT,
        address: 'x',
        location: { type: 'Point', coordinates: pointA },
        catchment: {
          type: 'Polygon',
          coordinates: [
            [
              [113.6, 34.75],
              [113.61, 34.76],
              [113.61, 34.75],
              [113.6, 34.76],
              [113.6, 34.75],
            ],
          ],
        },
      })
      .expect(400);
    expect(bowtie.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bowtie.body.errors)).toContain('catchment');
    const unknownNode = await as(operator)
      .post('/api/v1/schooling/schools')
      .send({ name: '无名', kind: 'primary', nodeCode: '410102099', address: 'x', location: { type: 'Point', coordinates: pointA }, catchment: square(pointA, 0.001) })
      .expect(422);
    expect(unknownNode.body.errors).toEqual([expect.objectContaining({ field: 'nodeCode' })]);
    await as(gridMember)
      .post('/api/v1/schooling/schools')
      .send({ name: '网格学校', kind: 'primary', nodeCode: gridA, address: 'x', location: { type: 'Point', coordinates: pointA }, catchment: square(pointA, 0.001) })
      .expect(403);
    // the grid member sees the subdistrict's schools but may not change them
    await as(gridMember).patch(`/api/v1/schooling/schools/${schoolA}`).send({ capacityPerGrade: 1 }).expect(403);
    expect((await as(operator).patch(`/api/v1/schooling/schools/${schoolA}`).send({ capacityPerGrade: 120 }).expect(200)).body.capacityPerGrade).toBe(120);

    const lookup = await as(gridMember).get(`/api/v1/schooling/catchments/lookup?lng=${pointA[0]}&lat=${pointA[1]}`).expect(200);
    expect((lookup.body as Array<{ id: string }>).map((s) => s.id).sort()).toEqual([schoolA, middleSchool].sort());
    const onlyPrimary = await as(gridMember).get(`/api/v1/schooling/catchments/lookup?lng=${pointA[0]}&lat=${pointA[1]}&kind=primary`).expect(200);
    expect((onlyPrimary.body as Array<{ id: string }>).map((s) => s.id)).toEqual([schoolA]);
    expect((await as(gridMember).get(`/api/v1/schooling/catchments/lookup?lng=${pointB[0]}&lat=${pointB[1]}`).expect(200)).body).toEqual([]);
    await as(gridMember).get('/api/v1/schooling/catchments/lookup?lng=200&lat=34').expect(400);

    const fc = await as(operator).get('/api/v1/schooling/catchments').expect(200);
    expect(fc.body.type).toBe('FeatureCollection');
    expect(fc.body.features).toHaveLength(2);
    expect(fc.body.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'Polygon' }, properties: { schoolId: expect.any(String) } });
  });

  it('takes a relocated household’s request to placed, with the suggested school, deadlines and one event per step', async () => {
    const created = await as(gridMember).post('/api/v1/schooling/requests').send(child()).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      state: 'received',
      reason: 'relocation',
      relocationProjectId: PROJECT,
      householdId: householdA,
      nodeCode: gridA,
      suggestedSchoolId: schoolA,
      childIdNumber: ID_NUMBER,
      guardianPhone: PHONE,
      masked: false,
      overdue: false,
    });
    expect(Date.parse(created.body.deadline) - Date.parse(created.body.receivedAt)).toBe(3 * 86400000);

    const checked = await as(gridMember).post(`/api/v1/schooling/requests/${id}/check`).send({ note: '户口本、安置协议齐全' }).expect(200);
    expect(checked.body.state).toBe('checked');
    expect(Date.parse(checked.body.deadline) - Date.parse(checked.body.steps[1].at)).toBe(5 * 86400000);
    await as(gridMember).post(`/api/v1/schooling/requests/${id}/refer`).send({}).expect(200);
    // placing is the operators' decision; a state that does not allow a step is named
    await as(gridMember).post(`/api/v1/schooling/requests/${id}/place`).send({ schoolId: schoolA }).expect(403);
    const early = await as(operator).post(`/api/v1/schooling/requests/${id}/check`).send({}).expect(409);
    expect(early.body.detail).toContain('referred');
    await as(operator).post(`/api/v1/schooling/requests/${id}/place`).send({}).expect(400);
    const wrongKind = await as(operator).post(`/api/v1/schooling/requests/${id}/place`).send({ schoolId: middleSchool }).expect(422);
    expect(wrongKind.body.errors[0].field).toBe('schoolId');
    const placed = await as(operator).post(`/api/v1/schooling/requests/${id}/place`).send({ schoolId: schoolA }).expect(200);
    expect(placed.body).toMatchObject({ state: 'placed', placedSchoolId: schoolA, deadline: null, overdue: false });
    expect(placed.body.settledAt).toEqual(expect.any(String));
    expect((placed.body.steps as Array<{ state: string }>).map((s) => s.state)).toEqual(['received', 'checked', 'referred', 'placed']);
    const settled = await as(operator).post(`/api/v1/schooling/requests/${id}/refuse`).send({ refusalReason: 'late' }).expect(409);
    expect(settled.body.detail).toContain('placed');

    const counts = await eventually(async () => {
      const c = await subjectCounts(stack.nc, process.env['EVENT_STREAM']!);
      const step = (name: string) =>
        Object.entries(c)
          .filter(([subject]) => subject.endsWith(`citygrid.schooling.enrolment-request.${name}`))
          .reduce((n, [, v]) => n + v, 0);
      return step('placed') >= 1 ? { received: step('received'), checked: step('checked'), referred: step('referred'), placed: step('placed') } : undefined;
    });
    expect(counts).toEqual({ received: 1, checked: 1, referred: 1, placed: 1 });
  }, 30000);

  it('refuses a request with its reason, and lists both on the household’s record and by relocation project', async () => {
    const created = await as(gridMember)
      .post('/api/v1/schooling/requests')
      .send(child({ childName: '李小红', childGender: 'female', childIdNumber: undefined, grade: 7, reason: 'transfer', relocationProjectId: undefined }))
      .expect(201);
    expect(created.body.suggestedSchoolId).toBe(middleSchool);
    await as(gridMember).post(`/api/v1/schooling/requests/${created.body.id}/refuse`).send({ refusalReason: 'x' }).expect(403);
    await as(operator).post(`/api/v1/schooling/requests/${created.body.id}/refuse`).send({}).expect(400);
    const refused = await as(operator).post(`/api/v1/schooling/requests/${created.body.id}/refuse`).send({ refusalReason: '已在原校就读，无需转学' }).expect(200);
    expect(refused.body).toMatchObject({ state: 'refused', refusalReason: '已在原校就读，无需转学', deadline: null });

    const record = await as(gridMember).get(`/api/v1/schooling/households/${householdA}/requests`).expect(200);
    expect(record.body.total).toBe(2);
    expect((record.body.items as Array<{ state: string; reason: string; relocationProjectId: string | null }>).map((r) => [r.state, r.reason, r.relocationProjectId]).sort()).toEqual(
      [
        ['placed', 'relocation', PROJECT],
        ['refused', 'transfer', null],
      ].sort(),
    );
    const recordOfProject = await as(gridMember).get(`/api/v1/schooling/households/${householdA}/requests?relocationProjectId=${PROJECT}`).expect(200);
    expect(recordOfProject.body.items.map((r: { state: string }) => r.state)).toEqual(['placed']);
    const byProject = await as(operator).get(`/api/v1/schooling/requests?relocationProjectId=${PROJECT}`).expect(200);
    expect(byProject.body.items.map((r: { state: string }) => r.state)).toEqual(['placed']);
  });

  it('keeps requests in their area: 404 outside, 403 for readers, masked for auditors', async () => {
    const created = await as(gridMember)
      .post('/api/v1/schooling/requests')
      .send(child({ reason: 'migrant_worker', relocationProjectId: undefined }))
      .expect(201);
    const id = created.body.id as string;
    // B's operator sees nothing of A
    await as(operatorB).get(`/api/v1/schooling/requests/${id}`).expect(404);
    await as(operatorB).post(`/api/v1/schooling/requests/${id}/check`).send({}).expect(404);
    await as(operatorB).get(`/api/v1/schooling/households/${householdA}/requests`).expect(404);
    expect((await as(operatorB).get('/api/v1/schooling/requests').expect(200)).body.total).toBe(0);
    // a household of another grid is not one the grid member may raise for
    const other = await as(gridMember)
      .post('/api/v1/schooling/requests')
      .send(child({ householdId: householdB }))
      .expect(422);
    expect(other.body.errors[0].field).toBe('householdId');
    await as(auditor).post('/api/v1/schooling/requests').send(child()).expect(403);
    await as(auditor).post(`/api/v1/schooling/requests/${id}/check`).send({}).expect(403);
    const seen = await as(auditor).get(`/api/v1/schooling/requests/${id}`).expect(200);
    expect(seen.body.masked).toBe(true);
    expect(seen.body.childIdNumber).not.toBe(ID_NUMBER);
    expect(seen.body.guardianPhone).not.toBe(PHONE);
    expect(seen.body.guardianPhone).toMatch(/^138\*+8000$/);
    // still received after the refused attempts
    expect((await as(operator).get(`/api/v1/schooling/requests/${id}`).expect(200)).body.state).toBe('received');
    const bad = await as(gridMember)
      .post('/api/v1/schooling/requests')
      .send(child({ guardianPhone: '12', grade: 12, reason: 'visit', childBirthDate: '2019-02-30' }))
      .expect(400);
    expect((bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['childBirthDate', 'grade', 'guardianPhone', 'reason']);
    const unborn = await as(gridMember)
      .post('/api/v1/schooling/requests')
      .send(child({ childBirthDate: '2099-01-01' }))
      .expect(400);
    expect(unborn.body.errors).toEqual([expect.objectContaining({ field: 'childBirthDate' })]);
  });

  it('lists the requests past their step’s deadline as overdue, and not the settled ones', async () => {
    expect((await as(operator).get('/api/v1/schooling/requests?overdue=true').expect(200)).body.total).toBe(0);
    const late = (
      await as(gridMember)
        .post('/api/v1/schooling/requests')
        .send(child({ childName: '王小刚', relocationProjectId: undefined }))
        .expect(201)
    ).body.id as string;
    // received four days ago: its three days to be checked have run out
    const schema = stack.services['schooling']!.schema;
    const fourDaysAgo = new Date(Date.now() - 4 * 86400000);
    await sql(`update "${schema}"."enrolment_request" set "received_at" = $1, "deadline" = $2 where "id" = $3`, [fourDaysAgo, new Date(fourDaysAgo.getTime() + 3 * 86400000), late]);
    const overdue = await as(operator).get('/api/v1/schooling/requests?overdue=true').expect(200);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toEqual([late]);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, state: 'received' });
    const onTime = await as(operator).get('/api/v1/schooling/requests?overdue=false').expect(200);
    expect(onTime.body.items.map((r: { id: string }) => r.id)).not.toContain(late);
    expect(onTime.body.items.every((r: { overdue: boolean }) => !r.overdue)).toBe(true);
    // checking it starts the next step's clock: no longer overdue
    const checked = await as(gridMember).post(`/api/v1/schooling/requests/${late}/check`).send({}).expect(200);
    expect(checked.body.overdue).toBe(false);
    expect((await as(operator).get('/api/v1/schooling/requests?overdue=true').expect(200)).body.total).toBe(0);
  });
});
