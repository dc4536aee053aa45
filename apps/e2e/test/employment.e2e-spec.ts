import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { Role } from '@citygrid/contracts/identity';
import { eventually, readSubject, subjectCounts } from '@citygrid/testing';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import request from 'supertest';

import { startStack, type Stack } from './stack';

interface Problem {
  status: number;
  errors?: Array<{ field: string; reason: string }>;
}

/**
 * Employment through the gateway: a registry resident becomes a job seeker, an employer posts a
 * job that matches her (with the reasons), a job fair records her attendance and an offer, the
 * placement is recorded and counted against a subdistrict's target split to its communities.
 */
describe('employment', () => {
  let stack: Stack;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grid = data.nodes.find((n) => n.gridLevel === 3)!;
  const chain: DemoNode[] = [];
  for (let n: DemoNode | undefined = grid; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
  const subdistrict = chain.find((n) => n.kind === 'subdistrict')!;
  const community = chain.find((n) => n.kind === 'community')!;
  const sibling = data.nodes.find((n) => n.kind === 'community' && n.parentCode === subdistrict.code && n.code !== community.code)!;
  let operator: string;
  let auditor: string;
  let outsider: string;
  const as = (token: string) => request.agent(stack.gateway.url).set('Authorization', `Bearer ${token}`);
  const admin = () => as(stack.adminToken);
  let residentId = '';
  let seekerId = '';
  let employerId = '';
  let postingId = '';
  let placementId = '';

  beforeAll(async () => {
    stack = await startStack({}, { services: { employment: {} } });
    const nodes = [...new Map([...chain, sibling].map((n) => [n.code, n])).values()].sort((a, b) => a.code.length - b.code.length);
    for (const n of nodes) {
      await admin()
        .post('/api/v1/nodes')
        .send({ code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary })
        .expect(201);
    }
    operator = await stack.tokens.sign({ name: '街道劳动保障所', roles: [Role.SubdistrictOperator], nodeScope: subdistrict.code });
    auditor = await stack.tokens.sign({ name: 'auditor', roles: [Role.Auditor], nodeScope: subdistrict.code });
    outsider = await stack.tokens.sign({ name: 'neighbour', roles: [Role.CommunityOperator], nodeScope: sibling.code });
    const household = await as(operator)
      .post('/api/v1/places')
      .send({ kind: 'household', name: '张家', address: '伏牛路1号', members: 3, location: { type: 'Point', coordinates: interiorPointOf(grid) } })
      .expect(201);
    residentId = (await as(operator).post('/api/v1/residents').send({ householdId: household.body.id, name: '张秀英', idNumber: '11010519491231002X', phone: '13812345678' }).expect(201)).body.id;
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('makes a registry resident a job seeker at her grid, masks her phone to auditors and hides her from a neighbouring community', async () => {
    const created = await as(operator)
      .post('/api/v1/employment/seekers')
      .send({ residentId, categories: ['age_4050'], skills: ['保洁', '电工'], wishes: { jobTypes: ['保洁'], wageFloor: 1800 }, phone: '13812345678' })
      .expect(201);
    seekerId = created.body.id;
    expect(created.body).toMatchObject({
      name: '张秀英',
      nodeCode: grid.code,
      path: chain.map((n) => n.code),
      categories: ['age_4050'],
      status: 'seeking',
      phone: '13812345678',
      masked: false,
      version: 1,
    });
    await as(operator)
      .post('/api/v1/employment/seekers')
      .send({ residentId, categories: ['laid_off'] })
      .expect(409);
    const unknown = await as(operator)
      .post('/api/v1/employment/seekers')
      .send({ name: '某人', nodeCode: '410102099', categories: ['other'] })
      .expect(422);
    expect((unknown.body as Problem).errors?.[0]?.field).toBe('nodeCode');
    const seen = await as(auditor).get(`/api/v1/employment/seekers/${seekerId}`).expect(200);
    expect(seen.body).toMatchObject({ phone: '138****5678', masked: true });
    await as(auditor)
      .patch(`/api/v1/employment/seekers/${seekerId}`)
      .send({ skills: ['保洁'] })
      .expect(403);
    await as(outsider).get(`/api/v1/employment/seekers/${seekerId}`).expect(404);
    const listed = await as(operator).get(`/api/v1/employment/seekers?category=age_4050&under=${community.code}`).expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([seekerId]);
    expect((await as(outsider).get('/api/v1/employment/seekers').expect(200)).body.total).toBe(0);
    const patched = await as(operator)
      .patch(`/api/v1/employment/seekers/${seekerId}`)
      .set('If-Match', '"1"')
      .send({ wishes: { jobTypes: ['保洁', '家政'], wageFloor: 1800 } })
      .expect(200);
    expect(patched.body.version).toBe(2);
    expect(patched.headers.etag).toBe('"2"');
    await as(operator).patch(`/api/v1/employment/seekers/${seekerId}`).set('If-Match', '"1"').send({ skills: [] }).expect(412);
  });

  it('registers an employer with a checked credit code and a posting that matches the seeker, with the reasons', async () => {
    const unit = data.units[0]!;
    const bad = await as(operator)
      .post('/api/v1/employment/employers')
      .send({ name: '错号公司', creditCode: `${unit.creditCode.slice(0, 17)}${unit.creditCode.endsWith('0') ? '1' : '0'}`, nodeCode: subdistrict.code })
      .expect(400);
    expect((bad.body as Problem).errors?.[0]?.field).toBe('creditCode');
    const employer = await as(operator)
      .post('/api/v1/employment/employers')
      .send({ name: '金水物业', creditCode: unit.creditCode, nodeCode: subdistrict.code, contactName: '李经理', contactPhone: '13900139000' })
      .expect(201);
    employerId = employer.body.id;
    expect(employer.body.contactPhone).toBe('13900139000');
    expect((await as(auditor).get(`/api/v1/employment/employers/${employerId}`).expect(200)).body.contactPhone).toBe('139****9000');
    await as(operator).post('/api/v1/employment/employers').send({ name: '重复', creditCode: unit.creditCode, nodeCode: subdistrict.code }).expect(409);
    const posting = await as(operator)
      .post('/api/v1/employment/postings')
      .send({ employerId, title: '小区保洁员', jobType: '保洁', skills: ['电工', '焊工'], wageMin: 2000, wageMax: 2600, openings: 2, welcomes: ['age_4050'] })
      .expect(201);
    postingId = posting.body.id;
    await as(operator)
      .post('/api/v1/employment/postings')
      .send({ employerId, title: '低薪', jobType: '保洁', skills: ['保洁'], wageMin: 1000, wageMax: 1500, openings: 1, welcomes: ['age_4050'] })
      .expect(201);
    const matches = await as(operator).get(`/api/v1/employment/seekers/${seekerId}/matches`).expect(200);
    expect(matches.body).toEqual([
      {
        posting: expect.objectContaining({ id: postingId, employerName: '金水物业' }),
        score: 8,
        explanation: ['welcomes age_4050', 'skills: 电工 (1 of 2)', 'job type 保洁 wished', 'wage up to 2600 ≥ floor 1800'],
      },
    ]);
    const seekers = await as(operator).get(`/api/v1/employment/postings/${postingId}/matches`).expect(200);
    expect(seekers.body).toEqual([expect.objectContaining({ seeker: expect.objectContaining({ id: seekerId }), score: 8 })]);
  });

  it('holds a spring-breeze fair with the seeker attending and an offer made', async () => {
    const fair = await as(operator)
      .post('/api/v1/employment/fairs')
      .send({ kind: 'spring_breeze', title: '春风行动专场招聘会', date: '2026-02-20', nodeCode: subdistrict.code, employerIds: [employerId] })
      .expect(201);
    const early = await as(operator).post(`/api/v1/employment/fairs/${fair.body.id}/offers`).send({ seekerId, postingId }).expect(422);
    expect((early.body as Problem).errors?.[0]?.field).toBe('seekerId');
    await as(operator)
      .post(`/api/v1/employment/fairs/${fair.body.id}/attendance`)
      .send({ seekerIds: [seekerId, seekerId] })
      .expect(200);
    const offered = await as(operator).post(`/api/v1/employment/fairs/${fair.body.id}/offers`).send({ seekerId, postingId }).expect(201);
    expect(offered.body).toMatchObject({ seekerIds: [seekerId], offers: [expect.objectContaining({ seekerId, postingId, employerId })] });
    await as(operator).post(`/api/v1/employment/fairs/${fair.body.id}/offers`).send({ seekerId, postingId }).expect(409);
  });

  it('records the placement, lists its follow-ups, splits the subdistrict target to communities and reads actual against target', async () => {
    await as(operator).post('/api/v1/employment/placements').send({ seekerId, date: '2026-03-02', kind: 'employed' }).expect(400);
    const placed = await as(operator).post('/api/v1/employment/placements').send({ seekerId, date: '2026-03-02', kind: 'employed', employerId, postingId }).expect(201);
    placementId = placed.body.id;
    expect(placed.body).toMatchObject({ seekerName: '张秀英', nodeCode: grid.code, categories: ['age_4050'], status: 'recorded' });
    expect((await as(operator).get(`/api/v1/employment/seekers/${seekerId}`).expect(200)).body.status).toBe('placed');
    await as(operator).post('/api/v1/employment/placements').send({ seekerId, date: '2026-03-03', kind: 'self_employed' }).expect(409);
    const due = await as(operator).get('/api/v1/employment/follow-ups').expect(200);
    expect(due.body.items).toEqual([expect.objectContaining({ placementId, months: 3, dueDate: '2026-06-02' }), expect.objectContaining({ placementId, months: 6, dueDate: '2026-09-02' })]);
    await as(operator).post(`/api/v1/employment/placements/${placementId}/follow-ups`).send({ date: '2026-06-05', stillEmployed: true }).expect(201);
    expect((await as(operator).get('/api/v1/employment/follow-ups').expect(200)).body.items).toEqual([expect.objectContaining({ months: 6 })]);

    await as(outsider).put(`/api/v1/employment/targets/${subdistrict.code}`).send({ year: 2026, target: 3 }).expect(404);
    await as(operator).put(`/api/v1/employment/targets/${subdistrict.code}`).send({ year: 2026, target: 3 }).expect(200);
    const over = await as(operator)
      .post(`/api/v1/employment/targets/${subdistrict.code}/split`)
      .send({
        year: 2026,
        children: [
          { nodeCode: community.code, target: 2 },
          { nodeCode: sibling.code, target: 2 },
        ],
      })
      .expect(422);
    expect((over.body as Problem).errors?.[0]?.field).toBe('children');
    const split = await as(operator)
      .post(`/api/v1/employment/targets/${subdistrict.code}/split`)
      .send({
        year: 2026,
        children: [
          { nodeCode: community.code, target: 2 },
          { nodeCode: sibling.code, target: 1 },
        ],
      })
      .expect(200);
    expect(split.body.map((t: { nodeCode: string; target: number }) => [t.nodeCode, t.target])).toEqual([
      [community.code, 2],
      [sibling.code, 1],
    ]);
    const progress = await as(auditor).get(`/api/v1/employment/targets/${subdistrict.code}/progress?year=2026`).expect(200);
    expect(progress.body).toMatchObject({
      nodeCode: subdistrict.code,
      target: 3,
      actual: 1,
      percent: '33.33',
      children: [
        { nodeCode: community.code, target: 2, actual: 1, percent: '50.00' },
        { nodeCode: sibling.code, target: 1, actual: 0, percent: '0.00' },
      ],
    });

    const ns = stack.ns;
    const counts = await eventually(async () => {
      const c = await subjectCounts(stack.nc, stack.stream);
      return c[`${ns}.citygrid.employment.employment-target.set`] === 3 ? c : undefined;
    });
    expect(counts[`${ns}.citygrid.employment.placement.recorded`]).toBe(1);
    const [recorded] = await readSubject<{ data: Record<string, unknown> }>(stack.nc, stack.stream, `${ns}.citygrid.employment.placement.recorded`);
    expect(recorded!.data).toEqual({
      id: placementId,
      seekerId,
      kind: 'employed',
      date: '2026-03-02',
      nodeCode: grid.code,
      path: chain.map((n) => n.code),
      categories: ['age_4050'],
      employerId,
      by: expect.any(String),
    });
    expect(JSON.stringify(recorded)).not.toContain('张秀英');
  });

  it('cancels a mistaken placement: it stops counting and the seeker seeks again', async () => {
    const cancelled = await as(operator).post(`/api/v1/employment/placements/${placementId}/cancel`).send({ reason: '重复录入' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '重复录入' });
    await as(operator).post(`/api/v1/employment/placements/${placementId}/cancel`).send({ reason: 'again' }).expect(409);
    expect((await as(operator).get(`/api/v1/employment/seekers/${seekerId}`).expect(200)).body.status).toBe('seeking');
    expect((await as(operator).get(`/api/v1/employment/targets/${subdistrict.code}/progress?year=2026`).expect(200)).body).toMatchObject({ actual: 0, percent: '0.00' });
    await eventually(async () => (await subjectCounts(stack.nc, stack.stream))[`${stack.ns}.citygrid.employment.placement.cancelled`] === 1);
  });
  it('documents every employment operation and field in the OpenAPI document, which passes the lint', async () => {
    const text = (await admin().get('/docs-json').expect(200)).text;
    const doc = JSON.parse(text) as {
      paths: Record<string, Record<string, { operationId: string; tags?: string[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, { description?: string; $ref?: string; allOf?: unknown[] }> }> };
    };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/employment/'))
      .flatMap(([, item]) => Object.values(item));
    expect(ops.length).toBe(27);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['createJobSeeker', 'listJobSeekerMatches', 'recordPlacement', 'splitEmploymentTarget', 'getEmploymentProgress', 'listFollowUpsDue']));
    const names = [
      'SeekerView',
      'SeekerWishesView',
      'EmployerView',
      'PostingView',
      'FairView',
      'FairOfferView',
      'PostingMatchView',
      'SeekerMatchView',
      'PlacementView',
      'FollowUpView',
      'FollowUpDueView',
      'TargetView',
      'ProgressView',
      'NodeProgressView',
      'CreateSeekerDto',
      'UpdateSeekerDto',
      'SeekerWishesDto',
      'CreateEmployerDto',
      'CreatePostingDto',
      'UpdatePostingDto',
      'CreateFairDto',
      'RecordAttendanceDto',
      'RecordOfferDto',
      'RecordPlacementDto',
      'CancelPlacementDto',
      'RecordFollowUpDto',
      'SetTargetDto',
      'SplitTargetDto',
      'TargetShareDto',
    ];
    const undocumented = names.flatMap((name) =>
      Object.entries(doc.components.schemas[name]?.properties ?? { missing: {} })
        .filter(([, prop]) => !prop.description && !prop.$ref && !prop.allOf)
        .map(([field]) => `${name}.${field}`),
    );
    expect(undocumented).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'citygrid-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), text);
      const lint = spawnSync(process.execPath, [resolve(__dirname, '../../../tools/openapi/lint.mjs'), join(dir, 'openapi.json')], { encoding: 'utf8', cwd: resolve(__dirname, '../../..') });
      const problems = JSON.parse(lint.stdout || '[]') as Array<{ severity: string; rule: string; message: string; at: string }>;
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
