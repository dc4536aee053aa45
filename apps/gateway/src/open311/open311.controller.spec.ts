import { ErrorCode } from '@citygrid/contracts';
import { IdentityRpc, type TokenResponse } from '@citygrid/contracts/identity';
import { CaseSource, CaseState, CategoryKind, SETTLED_CASE_STATES, TicketingRpc, TimeUnit, type CaseView, type CategoryView, type CreatedCaseView } from '@citygrid/contracts/ticketing';
import { currentContext, ServiceError } from '@citygrid/service-kit';
import { fakeRpc } from '@citygrid/testing';
import type { Request, Response } from 'express';

import { PhotoStore } from '../photo-store/photo-store';
import { API_KEY_TOKEN_CACHE_MS, Open311Controller } from './open311.controller';

const CATEGORIES: CategoryView[] = [
  { code: 'CM', parentCode: null, name: '市容环境', kind: CategoryKind.CityManagement, leaf: false, departmentKind: null, limitAmount: null, limitUnit: null, retired: false, autoDispatch: false },
  {
    code: 'CM05',
    parentCode: 'CM',
    name: '垃圾满溢',
    kind: CategoryKind.CityManagement,
    leaf: true,
    departmentKind: null,
    limitAmount: 2,
    limitUnit: TimeUnit.WorkingDays,
    retired: false,
    autoDispatch: false,
  },
];

const API_KEY = 'cgk_0123456789ab.open311-test-key';

const aCase = (over: Partial<CaseView>): CaseView =>
  ({
    id: 'c-1',
    number: 'CM05-20261204-0001',
    state: CaseState.Dispatched,
    reason: null,
    categoryCode: 'CM05',
    description: 'bins overflowing',
    departmentCode: 'lsz-cm',
    levelCode: '4101020050010101',
    createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    updatedAt: new Date().toISOString(),
    deadline: '2026-12-08T09:00:00.000Z',
    address: 'east gate',
    location: { type: 'Point', coordinates: [113.6, 34.77] },
    photos: [],
    ...over,
  }) as CaseView;

function setup(cases: CaseView[] = [], jurisdictions = '', requireKey = false) {
  /** The `Authorization` each ticketing call ran with. */
  const seenAuthorization: Array<string | undefined> = [];
  const seen = <T>(answer: T): T => (seenAuthorization.push(currentContext()?.authorization), answer);
  const ticketing = fakeRpc({
    [TicketingRpc.categoryList]: () => seen(CATEGORIES),
    [TicketingRpc.caseCreate]: (req) => {
      if (req.categoryCode !== 'CM05')
        throw new ServiceError(ErrorCode.Unprocessable, `Category ${req.categoryCode} is not a known sub-class.`, [{ field: 'categoryCode', reason: 'unknown category' }]);
      return seen({ id: 'new-case', number: 'CM05-20261204-0007' } as CreatedCaseView);
    },
    [TicketingRpc.caseList]: () => seen({ items: cases, total: cases.length, offset: 0, limit: 500 }),
    // ticketing's filters, as its query runs them (the client's area is the cases given here)
    [TicketingRpc.caseRequests]: (q) =>
      seen(
        cases.filter(
          (c) =>
            (!q.ids || q.ids.includes(c.id)) &&
            (!q.from || c.createdAt >= q.from) &&
            (!q.to || c.createdAt <= q.to) &&
            (!q.settled || SETTLED_CASE_STATES.includes(c.state) === (q.settled === 'true')) &&
            (!q.categoryCode || c.categoryCode === q.categoryCode),
        ),
      ),
    [TicketingRpc.caseGet]: ({ id }) => {
      const c = cases.find((x) => x.id === id);
      if (!c) throw new ServiceError(ErrorCode.NotFound, `Case ${id} does not exist.`);
      return seen(c);
    },
  });
  const revoked = new Set<string>();
  const identity = fakeRpc({
    [IdentityRpc.apiKeyExchange]: (req) => {
      if (req.key !== API_KEY || revoked.has(req.key)) throw new ServiceError(ErrorCode.Unauthenticated, 'The API key is not valid.');
      return { access_token: 'client-token', token_type: 'Bearer', expires_in: 600, scope: 'cases:read cases:write' } as TokenResponse;
    },
  });
  // the photo store as the controller uses it: each upload gets the next id
  const uploads: Array<{ field: string; size: number }> = [];
  const photos = {
    upload: async (file: { buffer: Buffer; size: number; field: string }) => (uploads.push({ field: file.field, size: file.size }), { id: `photo-${uploads.length}` }),
    sign: async (id: string) => ({ url: `/api/v1/photos/${id}/content?expires=1&signature=s`, expiresAt: new Date() }),
  } as unknown as PhotoStore;
  const sut = new Open311Controller(ticketing.client, identity.client, photos, { OPEN311_JURISDICTIONS: jurisdictions, OPEN311_REQUIRE_KEY_FOR_READS: requireKey ? 'true' : 'false' });
  return { sut, ticketing: ticketing.calls, identity: identity.calls, seenAuthorization, uploads, revoked };
}

/** A posted form, as Express presents it: `is()` answers from the content type. */
const form = (type = 'application/x-www-form-urlencoded', headers: Record<string, string> = {}) => ({ headers, is: (types: string[]) => (types.includes(type) ? type : false) }) as unknown as Request;

/** A response that resolves with what the controller sent. */
function response(method = 'GET'): { res: Response; sent: Promise<{ status: number; type: string; body: unknown }> } {
  const out = { status: 0, type: '' };
  let resolve!: (v: { status: number; type: string; body: unknown }) => void;
  const sent = new Promise<{ status: number; type: string; body: unknown }>((r) => (resolve = r));
  const res = {
    req: { method },
    status: (s: number) => ((out.status = s), res),
    type: (t: string) => ((out.type = t), res),
    send: (body: string) => (resolve({ ...out, body: out.type.startsWith('application/json') ? JSON.parse(body) : body }), res),
  };
  return { res: res as unknown as Response, sent };
}

async function call(fn: (res: Response) => void, method = 'GET') {
  const { res, sent } = response(method);
  fn(res);
  return sent;
}

describe('Open311Controller', () => {
  describe('service list', () => {
    it('lists sub-classes only, each with its time limit in words', async () => {
      const { sut } = setup();
      const res = await call((r) => sut.services('json', API_KEY, r));
      expect(res.body).toEqual([expect.objectContaining({ service_code: 'CM05', description: '垃圾满溢 (handled within 2 working days)' })]);
    });

    it('leaves a retired sub-class out of the list, and its definition is 404', async () => {
      const retired = CATEGORIES.map((c) => (c.code === 'CM05' ? { ...c, retired: true } : c));
      CATEGORIES.splice(0, CATEGORIES.length, ...retired);
      try {
        const { sut } = setup();
        expect((await call((r) => sut.services('json', API_KEY, r))).body).toEqual([]);
        await expect(call((r) => sut.serviceDefinition('CM05', 'json', API_KEY, r))).resolves.toMatchObject({ status: 404, body: [{ description: 'service_code CM05 does not exist' }] });
      } finally {
        CATEGORIES.splice(0, CATEGORIES.length, ...retired.map((c) => ({ ...c, retired: false })));
      }
    });
  });

  describe('api_key', () => {
    it('exchanges the key for the client’s own token once, and calls ticketing with it', async () => {
      const { sut, identity, seenAuthorization } = setup();
      await call((res) => sut.services('json', API_KEY, res));
      await call((res) => sut.services('json', API_KEY, res));
      expect(identity).toEqual([{ pattern: IdentityRpc.apiKeyExchange, payload: { key: API_KEY } }]);
      expect(seenAuthorization).toEqual(['Bearer client-token', 'Bearer client-token']);
    });

    it('asks identity again after at most a minute, so that a revoked key is refused within that bound', async () => {
      jest.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        const { sut, identity, revoked } = setup();
        await expect(call((res) => sut.list('json', { api_key: API_KEY }, res))).resolves.toMatchObject({ status: 200 });
        revoked.add(API_KEY);
        jest.setSystemTime(new Date(Date.now() + API_KEY_TOKEN_CACHE_MS - 1000));
        await expect(call((res) => sut.list('json', { api_key: API_KEY }, res))).resolves.toMatchObject({ status: 200 });
        jest.setSystemTime(new Date(Date.now() + 2000));
        await expect(call((res) => sut.list('json', { api_key: API_KEY }, res))).resolves.toMatchObject({ status: 401, body: [{ code: 401, description: 'api_key is not valid' }] });
        expect(identity).toHaveLength(2);
      } finally {
        jest.useRealTimers();
      }
    });

    it('no longer takes an OAuth client_id:client_secret as a key', async () => {
      const { sut } = setup();
      await expect(call((res) => sut.list('json', { api_key: 'cg-hotline:s3cret' }, res))).resolves.toMatchObject({ status: 401 });
    });

    it('takes the key from the X-Api-Key header too, and refuses a header and a parameter that differ', async () => {
      const { sut, seenAuthorization } = setup();
      await expect(call((res) => sut.list('json', {}, res, API_KEY))).resolves.toMatchObject({ status: 200 });
      expect(seenAuthorization.at(-1)).toBe('Bearer client-token');
      await expect(call((res) => sut.list('json', { api_key: 'cgk_0123456789ab.other' }, res, API_KEY))).resolves.toMatchObject({
        status: 400,
        body: [{ description: 'api_key and X-Api-Key name different keys' }],
      });
      const posted = await call((res) => sut.create('json', { service_code: 'CM05', lat: '34.77', long: '113.6', description: 'x' }, form(undefined, { 'x-api-key': API_KEY }), res, []), 'POST');
      expect(posted).toMatchObject({ status: 201 });
    });

    it('lists services to anyone without a key, as the specification has it, calling ticketing with no token', async () => {
      const { sut, identity, seenAuthorization } = setup();
      await expect(call((res) => sut.services('json', undefined, res))).resolves.toMatchObject({ status: 200, body: [expect.objectContaining({ service_code: 'CM05' })] });
      await expect(call((res) => sut.serviceDefinition('CM05', 'json', undefined, res))).resolves.toMatchObject({ status: 200, body: { service_code: 'CM05', attributes: [] } });
      expect(identity).toEqual([]);
      expect(seenAuthorization).toEqual([undefined, undefined]);
    });

    it('answers in the specification’s error format: no key on requests 401, a key given twice 400, a key identity refuses 401', async () => {
      const { sut, ticketing } = setup();
      await expect(call((res) => setup([], '', true).sut.list('json', {}, res))).resolves.toEqual({
        status: 401,
        type: expect.stringMatching(/json/),
        body: [{ code: 401, description: 'api_key was not provided' }],
      });
      await expect(call((res) => sut.services('json', [API_KEY, API_KEY], res))).resolves.toMatchObject({ status: 400, body: [{ description: 'api_key was given more than once' }] });
      await expect(call((res) => sut.services('json', 'no-colon', res))).resolves.toMatchObject({ status: 401, body: [{ description: 'api_key is not valid' }] });
      await expect(call((res) => sut.services('json', 'cg-hotline:wrong', res))).resolves.toMatchObject({ status: 401, body: [{ description: 'api_key is not valid' }] });
      expect(ticketing).toEqual([]);
    });

    it('answers 404 for a format other than json or xml', async () => {
      const { sut } = setup();
      await expect(call((res) => sut.services('csv', API_KEY, res))).resolves.toMatchObject({ status: 404, body: [{ description: 'format csv is not supported; use json or xml' }] });
    });
  });

  it('offers the sub-classes as services, grouped under their class', async () => {
    const { sut } = setup();
    const { body } = await call((res) => sut.services('json', API_KEY, res));
    expect(body).toEqual([
      { service_code: 'CM05', service_name: '垃圾满溢', description: expect.stringContaining('垃圾满溢'), metadata: false, type: 'realtime', keywords: '垃圾满溢,市容环境', group: '市容环境' },
    ]);
  });

  describe('POST requests', () => {
    const post = (sut: Open311Controller, body: Record<string, unknown>, files: Array<{ fieldname: string; size: number; buffer: Buffer }> = [], type?: string) =>
      call((res) => sut.create('json', { api_key: API_KEY, ...body }, form(type), res, files), 'POST');

    it('reports an Open311 case at [long, lat], the media URL as a photo reference (not in the description) and the reporter’s name, answering 201 with the case number', async () => {
      const { sut, ticketing } = setup();
      const answer = await post(sut, {
        service_code: 'CM05',
        lat: '34.77',
        long: '113.6',
        description: 'bins overflowing',
        media_url: 'https://img/1.jpg',
        last_name: '张',
        first_name: '三',
        jurisdiction_id: 'zhengzhou.gov.cn',
      });
      expect(answer).toMatchObject({ status: 201, body: [{ service_request_id: 'new-case', service_notice: 'CityGrid case CM05-20261204-0007' }] });
      expect(ticketing.find((c) => c.pattern === TicketingRpc.caseCreate)?.payload).toEqual({
        source: CaseSource.Open311,
        categoryCode: 'CM05',
        description: 'bins overflowing',
        location: { type: 'Point', coordinates: [113.6, 34.77] },
        address: '34.77,113.6',
        reporter: { name: '张三' },
        photos: [{ url: 'https://img/1.jpg' }],
      });
      await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6', description: 'bins', media_url: 'javascript:alert(1)' })).resolves.toMatchObject({
        status: 400,
        body: [{ description: 'media_url must be an http(s) URL of at most 500 characters' }],
      });
    });

    it('takes a multipart form too, its media files stored as photos of the case; any other body, or none, is 400', async () => {
      const { sut, ticketing, uploads } = setup();
      const jpeg = { fieldname: 'media', size: 1024, buffer: Buffer.alloc(1024) };
      const multipart = await post(
        sut,
        { service_code: 'CM05', lat: '34.77', long: '113.6', description: 'bins' },
        [jpeg, { ...jpeg, fieldname: 'media[1]' }, { ...jpeg, fieldname: 'other' }],
        'multipart/form-data',
      );
      expect(multipart).toMatchObject({ status: 201, body: [{ service_notice: 'CityGrid case CM05-20261204-0007 (2 photos attached)' }] });
      expect(uploads).toEqual([
        { field: 'media', size: 1024 },
        { field: 'media[1]', size: 1024 },
      ]);
      expect(ticketing.find((c) => c.pattern === TicketingRpc.caseCreate)?.payload).toMatchObject({ photos: [{ photoId: 'photo-1' }, { photoId: 'photo-2' }] });
      for (const type of ['text/plain', 'application/json']) {
        await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6', description: 'bins' }, [], type)).resolves.toMatchObject({
          status: 400,
          body: [{ code: 400, description: 'the request must be posted as application/x-www-form-urlencoded or multipart/form-data' }],
        });
      }
      await expect(call((res) => sut.create('json', undefined, form(), res, undefined), 'POST')).resolves.toMatchObject({ status: 400 });
      expect(ticketing.filter((c) => c.pattern === TicketingRpc.caseCreate)).toHaveLength(1);
    });

    it('keeps a description of up to 4,000 characters whole, refuses a longer one with 400 (never cut), and writes names as their locale does', async () => {
      const { sut, ticketing } = setup();
      const longest = '违'.repeat(4000);
      await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6', description: longest, first_name: 'Jane', last_name: 'Doe' })).resolves.toMatchObject({ status: 201 });
      expect(ticketing.find((c) => c.pattern === TicketingRpc.caseCreate)?.payload).toMatchObject({ description: longest, reporter: { name: 'Jane Doe' } });
      await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6', description: `${longest}!` })).resolves.toMatchObject({
        status: 400,
        body: [{ description: 'description is longer than 4000 characters' }],
      });
      expect(ticketing.filter((c) => c.pattern === TicketingRpc.caseCreate)).toHaveLength(1);
    });

    it('answers a jurisdiction it does not serve with 404, and takes its own', async () => {
      const { sut } = setup([], 'zhengzhou.gov.cn');
      await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6', description: 'x', jurisdiction_id: 'beijing.gov.cn' })).resolves.toMatchObject({
        status: 404,
        body: [{ code: 404, description: 'jurisdiction_id beijing.gov.cn is not served here' }],
      });
      await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6', description: 'x', jurisdiction_id: 'zhengzhou.gov.cn' })).resolves.toMatchObject({ status: 201 });
      await expect(call((res) => sut.services('json', undefined, res, 'beijing.gov.cn'))).resolves.toMatchObject({ status: 404 });
    });

    it('needs a service code, a location and a description (400 each), and reports nothing without them', async () => {
      const { sut, ticketing } = setup();
      await expect(post(sut, { lat: '34.77', long: '113.6', description: 'x' })).resolves.toMatchObject({ status: 400, body: [{ description: 'service_code was not provided' }] });
      await expect(post(sut, { service_code: 'CM05', address_string: 'east gate', description: 'x' })).resolves.toMatchObject({
        status: 400,
        body: [{ description: expect.stringContaining('lat and long are required') }],
      });
      await expect(post(sut, { service_code: 'CM05', lat: 'north', long: '113.6', description: 'x' })).resolves.toMatchObject({ status: 400 });
      await expect(post(sut, { service_code: 'CM05', lat: '34.77', long: '113.6' })).resolves.toMatchObject({ status: 400, body: [{ description: 'description was not provided' }] });
      expect(ticketing.filter((c) => c.pattern === TicketingRpc.caseCreate)).toEqual([]);
    });
  });

  describe('GET requests', () => {
    it('shows settled cases as closed and the rest as open, filtered by status, within the last 90 days by default', async () => {
      const { sut, ticketing } = setup([
        aCase({ id: 'open-1' }),
        aCase({ id: 'closed-1', state: CaseState.Closed, reason: 'bins emptied' }),
        aCase({ id: 'rejected-1', state: CaseState.Rejected }),
        aCase({ id: 'old', createdAt: new Date(Date.now() - 91 * 86_400_000).toISOString() }),
      ]);
      const { body } = await call((res) => sut.list('json', { api_key: API_KEY }, res));
      // the window and the page go to the database query: 90 days, 1,000 requests
      const asked = ticketing.find((c) => c.pattern === TicketingRpc.caseRequests)?.payload as { from: string; limit: number };
      expect(asked.limit).toBe(1000);
      expect(Math.abs(Date.parse(asked.from) - (Date.now() - 90 * 86_400_000))).toBeLessThan(60_000);
      expect(body).toMatchObject([
        { service_request_id: 'open-1', status: 'open', service_name: '垃圾满溢', agency_responsible: 'lsz-cm', lat: 34.77, long: 113.6, expected_datetime: '2026-12-08T09:00:00.000Z' },
        { service_request_id: 'closed-1', status: 'closed', status_notes: 'CM05-20261204-0001: closed — bins emptied' },
        { service_request_id: 'rejected-1', status: 'closed' },
      ]);
      const closed = await call((res) => sut.list('json', { api_key: API_KEY, status: 'closed' }, res));
      expect((closed.body as Array<{ service_request_id: string }>).map((r) => r.service_request_id)).toEqual(['closed-1', 'rejected-1']);
    });

    it('reads the listed ids whatever their date, leaving out those the client cannot see and ids that are no case ids', async () => {
      const mine = '00000000-0000-4000-8000-000000000001';
      const { sut } = setup([aCase({ id: mine, createdAt: '2020-01-01T00:00:00.000Z' })]);
      const { body } = await call((res) => sut.list('json', { api_key: API_KEY, service_request_id: `${mine},00000000-0000-4000-8000-000000000002,not-an-id` }, res));
      expect(body).toMatchObject([{ service_request_id: mine }]);
    });

    it('reads requests without a key, as the specification has it, unless the deployment requires keys for reads', async () => {
      const open = setup([aCase({ id: 'open-1' })]);
      await expect(call((res) => open.sut.list('json', {}, res))).resolves.toMatchObject({ status: 200, body: [{ service_request_id: 'open-1' }] });
      // no key: no token goes to ticketing, which then answers the public view
      expect(open.seenAuthorization).toEqual([undefined, undefined]);
      const strict = setup([aCase({ id: 'open-1' })], '', true);
      await expect(call((res) => strict.sut.list('json', {}, res))).resolves.toMatchObject({ status: 401, body: [{ description: 'api_key was not provided' }] });
    });

    it('refuses dates that are no w3c date-times and parameters given twice (400)', async () => {
      const { sut } = setup();
      await expect(call((res) => sut.list('json', { api_key: API_KEY, start_date: 'last week' }, res))).resolves.toMatchObject({
        status: 400,
        body: [{ description: 'start_date and end_date must be w3c date-times' }],
      });
      await expect(call((res) => sut.list('json', { api_key: API_KEY, status: ['open', 'closed'] }, res))).resolves.toMatchObject({
        status: 400,
        body: [{ description: 'status was given more than once' }],
      });
    });

    it('answers a case outside the client’s area as 404, in the specification’s format', async () => {
      const { sut } = setup();
      await expect(call((res) => sut.one('00000000-0000-4000-8000-000000000009', 'json', API_KEY, res))).resolves.toMatchObject({
        status: 404,
        body: [{ code: 404, description: 'Case 00000000-0000-4000-8000-000000000009 does not exist.' }],
      });
    });
  });

  it('passes a service’s refusal on with its status and the fields it names', async () => {
    const { sut } = setup();
    const answer = await call((res) => sut.create('json', { api_key: API_KEY, service_code: 'ZZ01', lat: '34.77', long: '113.6', description: 'x' }, form(), res, []), 'POST');
    expect(answer).toMatchObject({ status: 422, body: [{ code: 422, description: 'Category ZZ01 is not a known sub-class. (categoryCode: unknown category)' }] });
  });
});
