import { Role } from '@citygrid/contracts/identity';
import { sql, startService, type RunningService, testNamespace } from '@citygrid/testing';
import { Workbook } from 'exceljs';
import request from 'supertest';

import { flagged, ReportingProcess, StaffStory } from './assessment-story';
import { CaseStory, COMMUNITY_1, COMMUNITY_2, GRID_1_1, GRID_1_2, SUBDISTRICT, treeEvents } from './case-story';

const bj = (day: string, hour = 9): string => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000).toISOString();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Read a body as bytes, whatever its type. */
function bytes(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * Assessment and exports through the public gateway: reporting and the gateway as real processes
 * on this file's schema, stream and subjects; the events published as the services' relays do.
 */
describe('assessments, rule versions and report files through the gateway (HTTP → NATS → reporting)', () => {
  const reporting = new ReportingProcess(testNamespace());
  let gateway: RunningService;
  let admin: string;
  const as = (token: string) => ({
    get: (path: string) => request(gateway.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(gateway.url).post(path).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    await reporting.start();
    admin = reporting.admin;
    gateway = await startService('gateway', { ...reporting.env(), DATABASE_URL: '', DATABASE_SCHEMA: '', MIGRATE_ON_START: 'false', RATE_LIMIT_PER_MINUTE: '100000' });
    const staff = new StaffStory('王芳');
    const events = [
      ...treeEvents(),
      ...[0, 1, 2].flatMap((i) => new CaseStory(GRID_1_1, 'CM05', bj(`2013-02-1${i}`)).file().dispatch(24).accept().after(3).handle().after(1).close().events),
      ...new CaseStory(GRID_1_2, 'CM05', bj('2013-02-20')).file().dispatch(24).events,
      flagged(GRID_1_2, bj('2013-02-21')),
      ...staff.assignment(GRID_1_1, bj('2013-01-02')),
    ];
    for (const e of events) await reporting.publish(e);
    await reporting.applied(events);
  }, 180000);

  afterAll(async () => {
    await gateway?.stop();
    await reporting.stop();
  }, 60000);

  it('answers the assessment and its rankings as JSON', async () => {
    const res = await as(admin).get(`/api/v1/reports/assessments?node=${SUBDISTRICT}&quarter=2013-Q1`).expect(200);
    expect(res.body).toMatchObject({ quarter: '2013-Q1', rule: { version: 1 }, final: true, node: { code: SUBDISTRICT, name: '林山寨街道' } });
    expect(res.body.scores.map((s: { subject: { code: string } }) => s.subject.code)).toContain(GRID_1_2);
    const rankings = await as(admin).get(`/api/v1/reports/assessments/rankings?node=${SUBDISTRICT}&quarter=2013-Q1&of=grids`).expect(200);
    // grid 1-1 closed everything but patrolled nothing (80); grid 2-1 had nothing to do (80 as well: no case, no failure); 1-2 left its case open (0 + 0 + 15 rework and 10 hours with nothing to count, − 1 for its flag)
    expect(rankings.body.rows.map((s: { subject: { code: string }; rank: number; total: string }) => [s.subject.code, s.rank, s.total])).toEqual([
      [GRID_1_1, 1, '80.00'],
      ['4101020050020101', 1, '80.00'],
      [GRID_1_2, 3, '24.00'],
    ]);
  });

  it('lets city operators manage the rule versions, and refuses bad ones as problem+json naming each field', async () => {
    const city = await reporting.tokens.sign({ roles: [Role.CityOperator], nodeScope: '410100' });
    const subdistrict = await reporting.tokens.sign({ roles: [Role.SubdistrictOperator], nodeScope: SUBDISTRICT });
    expect((await as(city).get('/api/v1/reports/assessment-rules').expect(200)).body.map((r: { version: number }) => r.version)).toEqual([1]);
    const refused = await as(subdistrict).get('/api/v1/reports/assessment-rules').expect(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const rule = {
      name: '第二版',
      effectiveFrom: '2013-04-01',
      indicators: [{ key: 'closureRate', weight: '100', direction: 'higher', scale: 'bands', bands: [{ threshold: '90', score: '100' }], whenMissing: 'zero' }],
      adjustments: [],
      failingSeverity: 'medium',
    };
    const bad = await as(city)
      .post('/api/v1/reports/assessment-rules')
      .send({ ...rule, indicators: [{ ...rule.indicators[0], weight: 'lots', direction: 'up' }], extra: 1 })
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'indicators[0].direction', 'indicators[0].weight']);
    const sum = await as(city)
      .post('/api/v1/reports/assessment-rules')
      .send({ ...rule, indicators: [{ ...rule.indicators[0], weight: '99' }] })
      .expect(400);
    expect(sum.body.errors).toEqual([{ field: 'indicators', reason: 'the weights add up to 99.00; they must add up to 100' }]);
    const created = await as(city).post('/api/v1/reports/assessment-rules').send(rule).expect(201);
    expect(created.body).toMatchObject({ version: 2, effectiveFrom: '2013-04-01', quartersKept: [] });
    await as(subdistrict).post('/api/v1/reports/assessment-rules').send(rule).expect(403);
  });

  it('sends the KPIs as CSV and XLSX with their type and file name', async () => {
    const csv = await as(admin).get(`/api/v1/reports/kpis.csv?node=${SUBDISTRICT}&period=2013-Q1&groupBy=child`).buffer(true).parse(bytes).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="kpis-410102005-2013-Q1-child.csv"');
    expect(csv.headers['cache-control']).toBe('private, no-store');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff林山寨街道 关键指标报表\r\n节点,林山寨街道（410102005）\r\n')).toBe(true);
    expect(text).toContain(`\r\n${COMMUNITY_1},一号社区,4,`);
    expect(text).toContain(`\r\n${COMMUNITY_2},二号社区,0,`);
    const xlsx = await as(admin).get(`/api/v1/reports/kpis.xlsx?node=${SUBDISTRICT}&period=2013-Q1`).buffer(true).parse(bytes).expect(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="kpis-410102005-2013-Q1.xlsx"');
    const body = xlsx.body as Buffer;
    expect(Number(xlsx.headers['content-length'])).toBe(body.length);
    const wb = new Workbook();
    await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按下级节点', '按类别', '按月', '按日']);
  });

  it('sends the assessment as CSV and XLSX, the rankings too, and the printable report as a page that runs nothing', async () => {
    const q = `node=${SUBDISTRICT}&quarter=2013-Q1`;
    const csv = await as(admin).get(`/api/v1/reports/assessments.csv?${q}`).buffer(true).parse(bytes).expect(200);
    expect([csv.headers['content-type'], csv.headers['content-disposition']]).toEqual(['text/csv; charset=utf-8', 'attachment; filename="assessment-410102005-2013-Q1.csv"']);
    expect((csv.body as Buffer).toString('utf8')).toContain('王芳');
    const xlsx = await as(admin).get(`/api/v1/reports/assessments.xlsx?${q}`).buffer(true).parse(bytes).expect(200);
    expect([xlsx.headers['content-type'], xlsx.headers['content-disposition']]).toEqual([XLSX, 'attachment; filename="assessment-410102005-2013-Q1.xlsx"']);
    const html = await as(admin).get(`/api/v1/reports/assessments/report.html?${q}`).buffer(true).parse(bytes).expect(200);
    expect([html.headers['content-type'], html.headers['content-disposition']]).toEqual(['text/html; charset=utf-8', 'inline; filename="assessment-report-410102005-2013-Q1.html"']);
    expect(html.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect((html.body as Buffer).toString('utf8')).toContain('<title>林山寨街道 2013 年第 1 季度量化考核</title>');
    for (const [format, type] of [
      ['csv', 'text/csv; charset=utf-8'],
      ['xlsx', XLSX],
    ]) {
      const r = await as(admin).get(`/api/v1/reports/assessments/rankings.${format}?${q}&of=staff`).buffer(true).parse(bytes).expect(200);
      expect([r.headers['content-type'], r.headers['content-disposition']]).toEqual([type, `attachment; filename="ranking-410102005-2013-Q1-staff.${format}"`]);
    }
  });

  it('refuses bad queries naming the field, and another subtree as one that does not exist, as problem+json', async () => {
    const missing = await as(admin).get(`/api/v1/reports/assessments?node=${SUBDISTRICT}`).expect(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.errors).toContainEqual({ field: 'quarter', reason: 'quarter is required' });
    expect(missing.body.errors.every((e: { field: string }) => e.field === 'quarter')).toBe(true);
    const format = await as(admin).get(`/api/v1/reports/kpis.csv?node=${SUBDISTRICT}&period=2013-Q1&format=pdf`).expect(400);
    expect(format.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    const operator2 = await reporting.tokens.sign({ roles: [Role.CommunityOperator], nodeScope: COMMUNITY_2 });
    const q = `node=${COMMUNITY_1}&quarter=2013-Q3`;
    const everyReport = [
      `/api/v1/reports/assessments?${q}`,
      `/api/v1/reports/assessments/rankings?${q}&of=staff`,
      `/api/v1/reports/assessments.csv?${q}`,
      `/api/v1/reports/assessments.xlsx?${q}`,
      `/api/v1/reports/assessments/report.html?${q}`,
      `/api/v1/reports/assessments/rankings.csv?${q}`,
      `/api/v1/reports/assessments/rankings.xlsx?${q}&of=grids`,
      `/api/v1/reports/kpis.csv?node=${COMMUNITY_1}&period=2013-Q1`,
      `/api/v1/reports/kpis.xlsx?node=${COMMUNITY_1}&period=2013-Q1`,
    ];
    for (const path of everyReport) {
      const res = await as(operator2).get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toBe(`Node ${COMMUNITY_1} does not exist.`);
      expect(res.text).not.toContain('一号社区');
    }
    // no intruder's request recorded the quarter as scored
    expect(await sql(`select "quarter" from "${reporting.schema}"."assessment_quarter" where "quarter" = '2013-Q3'`)).toEqual([]);
    const client = await reporting.tokens.sign({ kind: 'client', roles: [Role.ApiClient], nodeScope: SUBDISTRICT, scopes: ['cases:read'] });
    await as(client).get(`/api/v1/reports/assessments?node=${SUBDISTRICT}&quarter=2013-Q1`).expect(403);
    await as(client).get(`/api/v1/reports/kpis.csv?node=${SUBDISTRICT}&period=2013-Q1`).expect(200);
    await request(gateway.url).get(`/api/v1/reports/assessments?node=${SUBDISTRICT}&quarter=2013-Q1`).expect(401);
  });

  it('documents every endpoint in OpenAPI with the media types it answers in', async () => {
    const doc = (await request(gateway.url).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    expect(Object.keys(doc.paths['/api/v1/reports/assessment-rules'] ?? {}).sort()).toEqual(['get', 'post']);
    for (const [path, type] of [
      ['/api/v1/reports/kpis.csv', 'text/csv'],
      ['/api/v1/reports/kpis.xlsx', XLSX],
      ['/api/v1/reports/assessments.csv', 'text/csv'],
      ['/api/v1/reports/assessments.xlsx', XLSX],
      ['/api/v1/reports/assessments/report.html', 'text/html'],
      ['/api/v1/reports/assessments/rankings.csv', 'text/csv'],
      ['/api/v1/reports/assessments/rankings.xlsx', XLSX],
    ]) {
      expect(Object.keys(doc.paths[path!]?.['get']?.responses['200']?.content ?? {})).toEqual([type]);
    }
    expect(doc.paths['/api/v1/reports/assessments']?.['get']?.responses['200']?.content).toHaveProperty(['application/json']);
  });
});
