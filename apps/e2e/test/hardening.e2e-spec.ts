import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset } from '@citygrid/demo-data';
import request from 'supertest';

import { startStack, type Stack } from './stack';

/**
 * The classes of failure an outside fuzz of the API once found, each pinned here as the user sees
 * it: bad input is a 400 problem naming the field and the limit, never a 500; the HTTP parser's
 * own refusals are problems too; an unauthenticated caller hears 401 before any input rule.
 */
describe('hardening of the public edge', () => {
  let stack: Stack;
  const api = () => request(stack.gateway.url);
  const admin = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);
  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  };

  beforeAll(async () => {
    stack = await startStack({}, { withIdentity: true });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('answers a body of 3,000 nested arrays with a 400 naming the depth limit, login included', async () => {
    const deep = '['.repeat(3000) + ']'.repeat(3000);
    for (const path of ['/auth/login', '/api/v1/nodes', '/api/v1/staff']) {
      const res = await admin().post(path).set('content-type', 'application/json').send(`{"name":${deep}}`);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: expect.stringMatching(/^name(\[0\])+$/), reason: 'nests deeper than 20 levels of objects and arrays' }]);
    }
  });

  it('refuses NUL and other control characters in body fields and query parameters, naming the field, and stores nothing', async () => {
    const before = (await admin().get('/api/v1/staff').expect(200)).body.total as number;
    const res = await admin().post('/api/v1/staff').send({ name: '张\u0000三', employeeNo: 'N-1' });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'name', reason: expect.stringMatching(/U\+0000 at position 1/) }]);
    expect((await admin().get('/api/v1/staff').expect(200)).body.total).toBe(before);
    const q = await admin().get('/api/v1/staff?q=a%00b');
    expectProblem(q, 400);
    expect(q.body.errors).toEqual([{ field: 'q', reason: expect.stringMatching(/U\+0000/) }]);
    expect((await admin().get('/api/v1/departments?q=%1B%5B31m')).body.errors).toEqual([{ field: 'q', reason: expect.stringMatching(/U\+001B/) }]);
    // Tabs and line breaks are ordinary text.
    await admin().post('/api/v1/staff').send({ name: '李\t四', employeeNo: 'N-2' }).expect(201);
  });

  it('refuses unpaired surrogates (JSON can carry "\\ud800"), naming the field and position, and stores nothing', async () => {
    const before = (await admin().get('/api/v1/staff').expect(200)).body.total as number;
    const res = await admin().post('/api/v1/staff').set('content-type', 'application/json').send('{"name":"张\\ud800三","employeeNo":"U-1"}');
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'name', reason: 'contains an unpaired surrogate U+D800 at position 1; text must be well-formed UTF-16' }]);
    expect((await admin().get('/api/v1/staff').expect(200)).body.total).toBe(before);
    // A whole pair is a character like any other.
    expect((await admin().post('/api/v1/staff').send({ name: '王😀', employeeNo: 'U-2' }).expect(201)).body.name).toBe('王😀');
  });

  it('takes only RFC 3339 dates: ISO 8601 week and basic forms are a 400, not a 500', async () => {
    for (const from of ['2026-W01', '20261201', '2026-02-30T00:00:00Z']) {
      const res = await admin().get(`/api/v1/audit?from=${from}`);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: 'from', reason: expect.stringMatching(/RFC 3339/) }]);
    }
    await admin().get('/api/v1/audit?from=2026-12-01T00:00:00%2B08:00').expect(200);
  });

  it('answers a boundary of 400,000 bad positions with a 400 listing the first 100, not a 500', async () => {
    const coordinates = `[${new Array(400).fill(`[${new Array(1000).fill('1').join(',')}]`).join(',')}]`;
    const res = await admin()
      .post('/api/v1/nodes')
      .set('content-type', 'application/json')
      .send(`{"code":"410100","name":"郑州市","kind":"city","boundary":{"type":"MultiPolygon","coordinates":${coordinates}}}`);
    expectProblem(res, 400);
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errors[0]).toEqual({ field: 'boundary.coordinates[0][0]', reason: 'ring must be an array of positions' });
    expect(res.body.detail).toMatch(/400000 problems were found; the first 100 are listed/);
  });

  it('refuses an object of 60,000 fields at once with a 400, instead of spending seconds on it', async () => {
    const wide = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const started = Date.now();
    const res = await admin().post('/api/v1/places').set('content-type', 'application/json').send(`{"kind":"household","name":"x","address":"y","location":${wide}}`);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'location', reason: 'has 60000 fields; at most 1000 are allowed' }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads a form up to BODY_LIMIT like JSON, and answers a larger one with a 413 problem', async () => {
    // A 300 KB form is read (Express's own default stopped at 100 KB): the unknown field is the 400.
    const form = await admin()
      .post('/api/v1/staff')
      .type('form')
      .send(`name=${encodeURIComponent('张三')}&pad=${'x'.repeat(300_000)}`);
    expectProblem(form, 400);
    expect(form.body.errors).toEqual([{ field: 'pad', reason: 'property pad should not exist' }]);
    expectProblem(
      await admin()
        .post('/api/v1/staff')
        .type('form')
        .send(`name=a&pad=${'x'.repeat(1_100_000)}`),
      413,
    );
  });

  it('answers a body it cannot read with a 415 problem: another media type, charset or content encoding', async () => {
    const bodies: Array<[string, Record<string, string>, string]> = [
      ['text/plain', {}, '{"name":"张三"}'],
      ['multipart/form-data; boundary=x', {}, '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\n张三\r\n--x--\r\n'],
      ['application/json; charset=latin1', {}, '{"name":"a"}'],
      ['application/json', { 'content-encoding': 'compress' }, '{"name":"a"}'],
    ];
    for (const [type, headers, body] of bodies) {
      const res = await admin()
        .post('/api/v1/staff')
        .set({ 'content-type': type, ...headers })
        .send(body);
      expectProblem(res, 415);
      expect([type, res.body.type, res.body.title]).toEqual([type, 'https://citygrid.dev/problems/unsupported-media-type', 'Unsupported media type']);
    }
    // A POST without a body needs no media type.
    expect((await admin().post('/api/v1/staff').send()).status).toBe(400);
  });

  it('answers a token request the body parser refuses in the RFC 6749 format, not as a problem', async () => {
    const cases: Array<[number, string, string]> = [
      [400, 'application/json', '{"grant_type":'],
      [413, 'application/json', `{"grant_type":"${'x'.repeat(1_100_000)}"}`],
      [415, 'application/x-www-form-urlencoded; charset=latin1', 'grant_type=client_credentials'],
      [415, 'text/plain', 'grant_type=client_credentials'],
    ];
    for (const [status, type, body] of cases) {
      const res = await api().post('/oauth/token').set('content-type', type).send(body);
      expect([type, res.status, res.headers['content-type']]).toEqual([type, status, expect.stringMatching(/^application\/json/)]);
      expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('holds null to the rules of a field that may be left out, instead of storing it, and bounds integers', async () => {
    // `{"name": null}` passed as "not given" and reached a NOT NULL column: a 500.
    const city = buildLinshanzhaiDataset().nodes.find((n) => n.kind === 'city')!;
    await admin().post('/api/v1/nodes').send({ code: city.code, name: city.name, kind: city.kind, boundary: city.boundary }).expect(201);
    const res = await admin().patch(`/api/v1/nodes/${city.code}`).send({ name: null });
    expectProblem(res, 400);
    expect(new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field))).toEqual(new Set(['name']));
    expect((await admin().get(`/api/v1/nodes/${city.code}`).expect(200)).body.name).toBe(city.name);
    // An offset past 2^63 overflowed the database's bigint.
    const offset = await admin().get('/api/v1/nodes?offset=9223372036854775808');
    expectProblem(offset, 400);
    expect(offset.body.errors).toEqual([{ field: 'offset', reason: expect.stringMatching(/must not be greater than 9007199254740991/) }]);
  });

  it('answers a request line over 16 KB with a 431 problem', async () => {
    const res = await fetch(`${stack.gateway.url}/api/v1/nodes?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 431, title: 'Request header fields too large' });
  });

  it('authenticates before it validates: no token, a malformed or forged one is a 401 whatever the input', async () => {
    const forged = await stack.tokens.sign({ roles: [Role.SystemAdmin] }, { issuer: 'someone-else' });
    for (const auth of [undefined, 'Bearer', 'Basic YTpi', `Bearer ${forged}`, 'Bearer not.a.token']) {
      const get = api().get('/api/v1/nodes/not-a-code');
      const post = api().post('/api/v1/nodes').send({ code: 'x\u0000', boundary: 7 });
      for (const res of await Promise.all([auth ? get.set('Authorization', auth) : get, auth ? post.set('Authorization', auth) : post])) {
        expectProblem(res, 401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(res.body.errors).toBeUndefined();
      }
    }
    expectProblem(await admin().get('/api/v1/nodes/not-a-code'), 400);
  });

  it('serves metrics on their own port, not on the public API', async () => {
    expectProblem(await api().get('/metrics'), 404);
    const res = await fetch(stack.gateway.metricsUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/citygrid_http_request_duration_seconds/);
  });
});
