import { appendFileSync } from 'node:fs';

import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { TEST_DATABASE_URL } from '@citygrid/testing';
import fc from 'fast-check';

import { closeConnections, errorFormatViolation, type FuzzResponse, problemType, send } from './fuzz/http';
import { documentOperations, type OpenApiDocument, OPEN311_OPERATIONS, type Operation } from './fuzz/openapi';
import { type OperationSeeds, requestArbitrary, surfaceOf } from './fuzz/requests';
import { changedTables, type Snapshot, StateProbe } from './fuzz/state';
import type { Hints, JsonLike } from './fuzz/values';
import { startStack, type Stack } from './stack';

/**
 * Fuzz of the public API, driven by the gateway's own OpenAPI document (and Open311, which has a
 * specification of its own): for every operation, valid requests with real ids and codes, and
 * requests with one thing wrong (a path or query parameter, a body field, the body, how it is
 * carried), sent as the system administrator. No answer may be a 5xx; every 4xx is in the
 * operation's error format; a refused write changes nothing in any service's tables; every
 * operation is reached at least once (answered 2xx, or refused by the service itself).
 *
 * Reproduce with `FUZZ_SEED=<seed>` (default 20261201) and `FUZZ_ONLY='POST /api/v1/nodes'`
 * (operations whose `METHOD template` contains it; `,` separates several). Each operation draws
 * its requests from its own seed, so a filtered run sends the same requests for it.
 * `FUZZ_DUMP=<file>` writes each failing request there in full (one JSON line each), and
 * `FUZZ_VERBOSE=1` prints the answers per operation.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const ONLY = (process.env['FUZZ_ONLY'] ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
/** Requests in all, fixtures included. */
const BUDGET = 3000;
/** Requests the fixtures take (counted as they are made). */
const SETUP_ALLOWANCE = 80;
/** The gateway's `BODY_LIMIT` (1 MB): smaller bodies, JSON or form, are never too large. */
const BODY_LIMIT = 1024 * 1024;
/** Slowest answer allowed: more is a request any caller can use to tie up a service. */
const SLOW_MS = 5000;

const A = '410102005001';
const SUB = '410102005';
const GRID = `${A}0101`;
const ADMIN = { login: 'root', password: 'root-password-2026' };
const USER = { login: 'fuzz.user', password: 'fuzz-user-password-1' };
/** The account whose owner changes its password (the first valid change succeeds; later ones meet a changed password). */
const PW_USER = { login: 'fuzz.pw', password: 'fuzz-pw-password-1' };

/** A plain value as a JSON value of the fuzz (GeoJSON types from the demo data are plain JSON). */
const json = (value: unknown): JsonLike => JSON.parse(JSON.stringify(value)) as JsonLike;

/** A stable 32-bit seed per operation. */
function seedOf(key: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

interface Outcome {
  requests: number;
  statuses: Map<number, number>;
  reached: boolean;
}

/** A 1×1 PNG, base64: the photo upload's valid body. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('fuzz of the public API from its OpenAPI document', () => {
  let stack: Stack;
  let adminToken = '';
  let probe: StateProbe;
  let operations: Operation[] = [];
  let sent = 0;
  const seeds = new Map<string, OperationSeeds>();
  let hints: Hints = {};
  const opHints = new Map<string, Hints>();
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const chain = (code: string): DemoNode[] => {
    const out: DemoNode[] = [];
    for (let n = byCode.get(code); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) out.unshift(n);
    return out;
  };
  const nodeBody = (n: DemoNode) => ({
    code: n.code,
    name: n.name,
    kind: n.kind,
    ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
    ...(n.parentCode ? { parentCode: n.parentCode } : {}),
    boundary: n.boundary,
  });

  /** A JSON request of the setup; fails the run when it does not get `expected`. */
  async function call<T = Record<string, unknown>>(method: string, path: string, body: unknown, expected: number, token = adminToken): Promise<T> {
    sent++;
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`setup: ${method} ${path} answered ${res.status}, not ${expected}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async function settleImport(id: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const job = await call<{ status: string }>('GET', `/api/v1/imports/${id}`, undefined, 200);
      if (job.status !== 'pending' && job.status !== 'running') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`import ${id} did not finish`);
  }

  beforeAll(async () => {
    stack = await startStack(
      {},
      {
        identityOnly: true,
        // The fuzz logs in with wrong passwords: no throttle, so that valid logins keep succeeding.
        // … and its consumer gives up on an event after two deliveries (the dead-letter fixture)
        identityEnv: { ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, LOGIN_FREE_FAILURES: '1000', CONSUMER_MAX_DELIVER: '2', CONSUMER_BACKOFF_MS: '100' },
        withTicketing: true,
        // No overdue timer: nothing may change the tables behind the fuzz's back.
        ticketingEnv: { ESCALATION_SCAN_MS: '3600000' },
        // reporting's read models change as events arrive (and when the fuzz rebuilds them): its schema is not probed
        withReporting: true,
        // notifications raises notifications as the fuzz's case events arrive: its schema is not probed either
        withNotifications: true,
        // the livelihood services: their schemas are probed with the others (a refused request leaves nothing)
        services: { employment: {}, health: {}, schooling: {}, 'community-services': {}, volunteers: {}, relocation: {} },
        gatewayEnv: { RATE_LIMIT_PER_MINUTE: '1000000', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' },
      },
    );
    adminToken = (await call<{ access_token: string }>('POST', '/auth/login', ADMIN, 200, '')).access_token;

    // The tree down to two level-3 grids of community A; a third is left for the fuzz to create.
    for (const n of [...chain(GRID), byCode.get(`${A}0102`)!]) await call('POST', '/api/v1/nodes', nodeBody(n), 201);
    const grid = byCode.get(GRID)!;
    const point = interiorPointOf(grid);
    const location = { type: 'Point', coordinates: point };

    const staff = await call<{ id: string }>('POST', '/api/v1/staff', { name: '张伟', employeeNo: 'FZ-0001', homeNodeCode: A }, 201);
    const assignment = await call<{ id: string }>('POST', '/api/v1/assignments', { staffId: staff.id, nodeCode: GRID, role: 'grid_member' }, 201);
    const department = await call<{ id: string }>('POST', '/api/v1/departments', { code: 'DEPT-A', name: '甲城管', kind: 'city_management', servesNodeCodes: [A] }, 201);
    const place = await call<{ id: string }>('POST', '/api/v1/places', { kind: 'household', name: '伏牛路88号院3号楼501', address: '伏牛路88号院3号楼2单元501', members: 3, location }, 201);
    const job = await call<{ id: string }>('POST', '/api/v1/imports', { kind: 'households', content: `address,lng,lat\n导入1号,${point[0]},${point[1]}\n` }, 202);
    await settleImport(job.id);
    const resident = await call<{ id: string }>('POST', '/api/v1/residents', { householdId: place.id, name: '李四', idNumber: '11010519491231002X', phone: '13812345678' }, 201);
    const user = await call<{ id: string }>('POST', '/api/v1/accounts', { ...USER, roles: ['grid_member'], nodeScope: GRID }, 201);
    const disposableAccount = await call<{ id: string }>('POST', '/api/v1/accounts', { login: 'fuzz.disposable', password: 'fuzz-disposable-password', roles: ['grid_member'], nodeScope: GRID }, 201);
    await call('POST', '/api/v1/accounts', { ...PW_USER, roles: ['grid_member'], nodeScope: GRID }, 201);
    // edited and reset by the fuzz: its own, so the fuzz user keeps logging in
    const editedAccount = await call<{ id: string }>('POST', '/api/v1/accounts', { login: 'fuzz.edited', password: 'fuzz-edited-password', roles: ['grid_member'], nodeScope: GRID }, 201);
    // Two sessions of the fuzz user: one the fuzz logs out, one it refreshes.
    const logoutSession = await call<{ refresh_token: string }>('POST', '/auth/login', USER, 200, '');
    const refreshSession = await call<{ refresh_token: string }>('POST', '/auth/login', USER, 200, '');
    const client = await call<{ id: string; clientId: string; clientSecret: string }>('POST', '/api/v1/clients', { name: 'citizen app', scopes: ['cases:read', 'cases:write'], nodeScope: SUB }, 201);
    const disposableClient = await call<{ id?: string; clientId: string }>('POST', '/api/v1/clients', { name: 'old system', scopes: ['registry:read'], nodeScope: A }, 201);
    const apiKey = (await call<{ key: string }>('POST', `/api/v1/clients/${client.id}/api-keys`, { label: 'citizen app' }, 201)).key;
    // revoked by the fuzz: the citizen app's own key stays
    const disposableKey = await call<{ id: string }>('POST', `/api/v1/clients/${disposableClient.id ?? disposableClient.clientId}/api-keys`, { label: 'old system' }, 201);
    const categories = await call<Array<{ code: string; leaf: boolean; parentCode: string | null }>>('GET', '/api/v1/categories', undefined, 200);
    const leaf = categories.find((c) => c.leaf)!;
    const now = Date.now();
    const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
    const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
    const caseBody = {
      source: 'patrol',
      categoryCode: leaf.code,
      description: '伏牛路88号院东侧私搭乱建',
      address: '伏牛路88号院',
      location,
      reporter: { name: '王先生', phone: '13812345678', email: 'wang@example.com' },
    };
    // webhook subscriptions (before the cases, so that their events make deliveries); the targets refuse connections
    const hookBody = { url: 'https://127.0.0.1:1/hooks', eventTypes: ['citygrid.case.reported.v1'] };
    const subscription = await call<{ id: string }>('POST', '/api/v1/webhooks/subscriptions', hookBody, 201);
    const disposableSubscription = await call<{ id: string }>('POST', '/api/v1/webhooks/subscriptions', hookBody, 201);
    const kase = await call<{ id: string }>('POST', '/api/v1/cases', caseBody, 201);
    // a photo of the admin's (multipart upload): its record and bytes are fuzzed by id
    const upload = new FormData();
    upload.append('file', new Blob([Buffer.from(PNG_1PX, 'base64')], { type: 'image/png' }), 'a.png');
    const uploaded = await fetch(`${stack.gateway.url}/api/v1/photos`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` }, body: upload });
    sent++;
    if (uploaded.status !== 201) throw new Error(`setup: POST /api/v1/photos answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 300)}`);
    const photo = (await uploaded.json()) as { id: string };
    const other = await call<{ id: string }>('POST', '/api/v1/cases', { ...caseBody, description: '同一地点的另一起' }, 201);
    const patrol = await call<{ id: string }>('POST', '/api/v1/patrols', { gridCode: GRID, startedAt: iso(-3600_000), endedAt: iso(0), notes: '巡查' }, 201);
    const visit = await call<{ id: string }>('POST', '/api/v1/visits', { gridCode: GRID, placeId: place.id, visitedAt: iso(0), notes: '走访' }, 201);
    const standup = await call<{ id: string }>(
      'POST',
      '/api/v1/standups',
      { node: A, date: today, attendees: ['王主任'], decisions: [{ caseId: kase.id, plan: '拆除', owner: '城管中队', dueDate: '2026-12-31' }] },
      201,
    );
    const campaign = await call<{ id: string }>(
      'POST',
      '/api/v1/campaigns',
      { name: '占道经营专项整治', areaCode: A, categoryCodes: [leaf.code], startsAt: iso(-86_400_000), endsAt: iso(86_400_000) },
      201,
    );
    const flag = await call<{ id: string }>('POST', '/api/v1/supervision/flags', { caseId: kase.id, deadline: iso(3600_000), note: '督办' }, 201);
    const inspection = await call<{ id: string }>('POST', '/api/v1/supervision/inspections', { gridCode: GRID, findings: [{ text: '垃圾堆放', severity: 'high' }] }, 201);

    // A dead letter of identity's consumer that stays one: a staff member linked to two accounts,
    // assigned (whose scope would it be?); and a staff member linked accounts may name, never assigned.
    const linked = await call<{ id: string }>('POST', '/api/v1/staff', { name: '孙七', employeeNo: 'FZ-0003', homeNodeCode: A }, 201);
    for (const login of ['fuzz.linked.1', 'fuzz.linked.2'])
      await call('POST', '/api/v1/accounts', { login, password: `${login}-password`, roles: ['grid_member'], nodeScope: GRID, staffId: linked.id }, 201);
    await call('POST', '/api/v1/assignments', { staffId: linked.id, nodeCode: GRID, role: 'grid_member' }, 201);
    const loner = await call<{ id: string }>('POST', '/api/v1/staff', { name: '周八', employeeNo: 'FZ-0004', homeNodeCode: A }, 201);
    let deadLetter: { id: string } | undefined;
    for (const deadline = Date.now() + 15_000; !deadLetter && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const page = await call<{ items: Array<{ id: string; event: { data: { staffId?: string } } | null }> }>('GET', '/api/v1/ops/dead-letters?source=identity', undefined, 200);
      deadLetter = page.items.find((d) => d.event?.data.staffId === linked.id);
    }
    if (!deadLetter) throw new Error('setup: the dead letter did not appear');

    let webhookDelivery: { id: string } | undefined;
    for (const deadline = Date.now() + 15_000; !webhookDelivery && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      webhookDelivery = (await call<{ items: Array<{ id: string }> }>('GET', `/api/v1/webhooks/subscriptions/${subscription.id}/deliveries`, undefined, 200)).items[0];
    }
    if (!webhookDelivery) throw new Error('setup: the webhook delivery did not appear');

    const doc = (await (await fetch(`${stack.gateway.url}/docs-json`)).json()) as OpenApiDocument;
    sent++;
    operations = [...documentOperations(doc), ...OPEN311_OPERATIONS];

    // ---- employment: a seeker, an employer with a posting, a fair with the seeker attending, a placement and a target in community A
    const seeker = await call<{ id: string }>(
      'POST',
      '/api/v1/employment/seekers',
      { name: '孙丽', nodeCode: GRID, categories: ['age_4050'], skills: ['保洁'], wishes: { jobTypes: ['保洁'], wageFloor: 1800 }, phone: '13712345678' },
      201,
    );
    const placedSeeker = await call<{ id: string }>('POST', '/api/v1/employment/seekers', { name: '周强', nodeCode: GRID, categories: ['laid_off'] }, 201);
    const employer = await call<{ id: string }>(
      'POST',
      '/api/v1/employment/employers',
      { name: '甲物业', creditCode: data.units[0]!.creditCode, nodeCode: A, contactName: '李经理', contactPhone: '13912345000' },
      201,
    );
    const posting = await call<{ id: string }>(
      'POST',
      '/api/v1/employment/postings',
      { employerId: employer.id, title: '保洁员', jobType: '保洁', skills: ['保洁'], wageMin: 2000, wageMax: 2600, openings: 2, welcomes: ['age_4050'] },
      201,
    );
    const fairOfA = await call<{ id: string }>('POST', '/api/v1/employment/fairs', { kind: 'spring_breeze', title: '春风行动', date: '2026-02-20', nodeCode: A, employerIds: [employer.id] }, 201);
    await call('POST', `/api/v1/employment/fairs/${fairOfA.id}/attendance`, { seekerIds: [seeker.id] }, 200);
    const placement = await call<{ id: string }>('POST', '/api/v1/employment/placements', { seekerId: placedSeeker.id, date: '2026-03-02', kind: 'self_employed' }, 201);
    await call('PUT', `/api/v1/employment/targets/${A}`, { year: 2026, target: 100 }, 200);
    const employmentResources: Record<string, string[]> = { seekers: [seeker.id], employers: [employer.id], postings: [posting.id], fairs: [fairOfA.id], placements: [placement.id], targets: [A] };
    const employmentBodies: Record<string, JsonLike[]> = {
      'POST /api/v1/employment/seekers': [
        { name: '吴敏', nodeCode: GRID, categories: ['graduate'], skills: ['会计'] },
        { residentId: resident.id, categories: ['age_4050'] },
      ],
      'PATCH /api/v1/employment/seekers/{id}': [{ skills: ['保洁', '家政'] }, { wishes: { jobTypes: ['家政'], wageFloor: 2000, hours: 'part_time', area: '林山寨' } }, { phone: null }],
      'POST /api/v1/employment/employers': [{ name: '乙商贸', creditCode: data.units[1]!.creditCode, nodeCode: A }],
      'POST /api/v1/employment/postings': [{ employerId: employer.id, title: '电工', jobType: '电工', skills: ['电工'], wageMin: 3000, wageMax: 4000, openings: 1 }],
      'PATCH /api/v1/employment/postings/{id}': [{ openings: 3 }, { status: 'closed' }],
      'POST /api/v1/employment/fairs': [{ kind: 'job_fair', title: '用工洽谈会', date: '2026-04-10', nodeCode: A }],
      'POST /api/v1/employment/fairs/{id}/attendance': [{ seekerIds: [seeker.id] }],
      'POST /api/v1/employment/fairs/{id}/offers': [{ seekerId: seeker.id, postingId: posting.id }],
      'POST /api/v1/employment/placements': [{ seekerId: seeker.id, date: '2026-03-05', kind: 'employed', employerId: employer.id, postingId: posting.id }],
      'POST /api/v1/employment/placements/{id}/cancel': [{ reason: '重复录入' }],
      'POST /api/v1/employment/placements/{id}/follow-ups': [{ date: '2026-06-02', stillEmployed: true, notes: '在岗' }],
      'PUT /api/v1/employment/targets/{code}': [{ year: 2026, target: 120 }],
      'POST /api/v1/employment/targets/{code}/split': [{ year: 2026, children: [{ nodeCode: `${A}01`, target: 60 }] }],
    };
    // ---- end of employment

    // Real values of every path parameter, by the resource the path names.
    const byResource: Record<string, string[]> = {
      nodes: [`${A}01`, GRID],
      staff: [staff.id],
      assignments: [assignment.id],
      departments: [department.id],
      places: [place.id],
      imports: [job.id],
      residents: [resident.id],
      accounts: [user.id],
      clients: [disposableClient.id ?? disposableClient.clientId],
      cases: [kase.id],
      photos: [photo.id],
      categories: [leaf.code],
      patrols: [patrol.id],
      visits: [visit.id],
      standups: [standup.id],
      flags: [flag.id],
      inspections: [inspection.id],
      campaigns: [campaign.id],
      'dead-letters': [deadLetter.id],
      subscriptions: [subscription.id],
      ...employmentResources,
    };
    // Operations that destroy what they touch get a fixture of their own.
    const byOperation: Record<string, Record<string, string[]>> = {
      'POST /api/v1/nodes/{code}/retire': { code: [`${A}0102`] },
      'POST /api/v1/accounts/{id}/disable': { id: [disposableAccount.id] },
      'PATCH /api/v1/accounts/{id}': { id: [editedAccount.id] },
      'POST /api/v1/accounts/{id}/password-reset': { id: [editedAccount.id] },
      'DELETE /api/v1/webhooks/subscriptions/{id}': { id: [disposableSubscription.id] },
      'POST /api/v1/webhooks/subscriptions/{id}/deliveries/{deliveryId}/redeliver': { id: [subscription.id], deliveryId: [webhookDelivery.id] },
      'DELETE /api/v1/clients/{id}/api-keys/{keyId}': { id: [disposableClient.id ?? disposableClient.clientId], keyId: [disposableKey.id] },
    };
    const open311Path = { format: ['json', 'xml'], service_code: [leaf.code], service_request_id: [kase.id], token: [kase.id] };
    const pointText = { lat: String(point[1]), long: String(point[0]) };
    const track = { type: 'LineString', coordinates: [point, [point[0] + 0.0001, point[1] + 0.0001]] };
    const bodies: Record<string, JsonLike[]> = {
      'POST /api/v1/nodes': [json(nodeBody(byCode.get(`${A}0103`)!))],
      'PATCH /api/v1/nodes/{code}': [{ name: '林山寨社区第一网格（新）' }, { nameEn: 'Grid One' }],
      'POST /api/v1/nodes/{code}/retire': [{ reason: 'merged into 41010200500101' }],
      'POST /api/v1/staff': [{ name: '赵六', employeeNo: 'FZ-0002', homeNodeCode: A }],
      'POST /api/v1/assignments': [{ staffId: staff.id, nodeCode: GRID, role: 'grid_leader' }],
      'POST /api/v1/departments': [{ code: 'DEPT-FZ', name: '甲派出所', kind: 'police', servesNodeCodes: [A] }],
      'POST /api/v1/places': [{ kind: 'household', name: '伏牛路88号院3号楼502', address: '伏牛路88号院3号楼2单元502', members: 2, location }],
      'POST /api/v1/places/{id}/move': [{ location, address: '伏牛路88号院3号楼2单元501' }],
      'POST /api/v1/imports': [{ kind: 'households', content: `address,lng,lat\n导入2号,${point[0]},${point[1]}\n` }],
      'POST /api/v1/residents': [{ householdId: place.id, name: '王五', idNumber: '110105198001010016', phone: '13912345678' }],
      'POST /api/v1/residents/search': [{ idNumber: '11010519491231002X' }, { phone: '13812345678' }],
      'POST /auth/login': [USER],
      'POST /auth/password': [{ login: PW_USER.login, currentPassword: PW_USER.password, newPassword: 'fuzz-pw-password-2' }],
      'PATCH /api/v1/accounts/{id}': [{ nodeScope: `${A}0101` }, { roles: ['grid_leader'] }, { disabled: false }],
      'POST /auth/logout': [{ refresh_token: logoutSession.refresh_token }],
      'POST /oauth/token': [
        { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
        { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'cases:read' },
        { grant_type: 'refresh_token', refresh_token: refreshSession.refresh_token },
      ],
      'POST /api/v1/accounts': [{ login: 'fuzz.made', password: 'fuzz-made-password-1', roles: ['grid_member'], nodeScope: GRID }],
      'POST /api/v1/clients': [{ name: '12345 市民热线', scopes: ['registry:read', 'cases:read'], nodeScope: A }],
      'POST /api/v1/clients/{id}/api-keys': [{ label: 'FixMyStreet production' }],
      'POST /api/v1/cases': [caseBody],
      'POST /api/v1/photos': [{ file: PNG_1PX }],
      'POST /api/v1/cases/{id}/file': [{ notes: '立案' }, {}],
      'POST /api/v1/cases/{id}/reject': [{ reason: '不属于本辖区事项' }],
      'POST /api/v1/cases/{id}/dispatch': [{ target: 'department', departmentCode: 'DEPT-A' }, { target: 'grid_staff' }],
      'POST /api/v1/cases/{id}/accept': [{}],
      'POST /api/v1/cases/{id}/return': [{ reason: '不属于本部门' }],
      'POST /api/v1/cases/{id}/handle': [{ notes: '已拆除违建部分' }],
      'POST /api/v1/cases/{id}/verify': [{ passed: true }, { passed: false, notes: '未整改到位' }],
      'POST /api/v1/cases/{id}/evaluate': [{ outcome: 'satisfactory', notes: '处置及时' }],
      'POST /api/v1/cases/{id}/satisfaction': [{ level: 'satisfied', channel: 'hotline_12345', comment: '满意' }],
      'POST /api/v1/cases/{id}/comments': [{ text: '问题仍未解决', reopenRequested: true, author: '王先生' }, { text: '补充说明' }],
      'POST /api/v1/cases/{id}/reopen': [{ reason: '复发' }],
      'POST /api/v1/cases/{id}/cancel': [{ reason: '重复上报' }],
      'POST /api/v1/cases/{id}/extend': [{ amount: 2, unit: 'working_days', reason: '需协调' }],
      'POST /api/v1/cases/{id}/suspend': [{ reason: '等待鉴定' }],
      'POST /api/v1/cases/{id}/escalate': [{ reason: '本级无法处置' }],
      'POST /api/v1/cases/{id}/push-down': [{ toCode: A, reason: '社区处置' }],
      'POST /api/v1/cases/{id}/merge': [{ intoId: other.id }],
      'POST /api/v1/categories': [
        { code: 'ZZ', name: '测试大类', kind: 'event', leaf: false },
        { code: 'ZZ01', parentCode: 'ZZ', name: '测试小类', kind: 'event', leaf: true, departmentKind: 'other', limitAmount: 3, limitUnit: 'working_days' },
      ],
      'PATCH /api/v1/categories/{code}': [{ name: '违法建设' }, { limitAmount: 5, limitUnit: 'working_days' }],
      'POST /api/v1/calendar/holidays': [{ date: '2026-10-08', kind: 'holiday', name: '国庆节' }],
      'POST /api/v1/patrols': [{ gridCode: GRID, startedAt: iso(-7200_000), endedAt: iso(-3600_000), track }],
      'POST /api/v1/patrols/{id}/cases': [{ categoryCode: leaf.code, description: '巡查发现', location, address: '伏牛路' }],
      'POST /api/v1/visits': [{ gridCode: GRID, placeId: place.id, visitedAt: iso(-60_000) }],
      'POST /api/v1/visits/{id}/cases': [{ categoryCode: leaf.code, description: '走访发现', location, address: '伏牛路' }],
      'POST /api/v1/standups': [{ node: A, date: '2026-12-02', attendees: ['王主任', '城管中队'], decisions: [{ caseId: kase.id, plan: '拆除', owner: '城管中队', dueDate: '2026-12-31' }] }],
      'POST /api/v1/supervision/flags': [{ caseId: other.id, deadline: iso(7200_000), note: '督办' }],
      'POST /api/v1/supervision/inspections': [{ gridCode: GRID, inspectedAt: iso(-60_000), findings: [{ text: '占道经营', severity: 'medium' }] }],
      'POST /api/v1/campaigns': [{ name: '违建整治', areaCode: A, categoryCodes: [leaf.code], startsAt: iso(0), endsAt: iso(7 * 86_400_000) }],
      ...employmentBodies,
      'POST /open311/v2/requests.{format}': [{ api_key: apiKey, service_code: leaf.code, ...pointText, description: '路灯不亮', address_string: '伏牛路88号', first_name: '三', last_name: '张' }],
    };
    // ---- health: a station, a lecture and a follow-up of community A, their paths and bodies ----
    {
      const stationBody = {
        name: '林山寨社区卫生服务站',
        nodeCode: A,
        location,
        openingHours: [{ weekday: 1, opens: '08:00', closes: '17:30' }],
        services: ['general-practice'],
        doctors: [{ name: '王医生', title: '全科主治医师', phone: '13800138000' }],
      };
      const station = await call<{ id: string }>('POST', '/api/v1/health/stations', stationBody, 201);
      const retiring = await call<{ id: string }>('POST', '/api/v1/health/stations', { ...stationBody, name: '将撤销的站' }, 201);
      const lectureBody = { stationId: station.id, nodeCode: A, date: today, topic: '冬季高血压防治', speaker: '王医生', attendance: 20 };
      const lecture = await call<{ id: string }>('POST', '/api/v1/health/lectures', lectureBody, 201);
      const followUp = await call<{ id: string }>('POST', '/api/v1/health/follow-ups', { residentId: resident.id, conditions: ['elderly'], intervalDays: 30 }, 201);
      const road = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: track }] };
      Object.assign(byResource, { stations: [station.id], coverage: [A, GRID], lectures: [lecture.id], 'follow-ups': [followUp.id] });
      Object.assign(byOperation, { 'POST /api/v1/health/stations/{id}/retire': { id: [retiring.id] } });
      Object.assign(bodies, {
        'POST /api/v1/health/stations': [stationBody],
        'PATCH /api/v1/health/stations/{id}': [{ name: '林山寨社区卫生服务站（新）' }, { services: ['tcm'], openingHours: [{ weekday: 6, opens: '09:00', closes: '12:00' }] }],
        'POST /api/v1/health/road-graph': [{ nodeCode: A, graph: road }],
        'POST /api/v1/health/road-graph/clear': [{ nodeCode: A, confirm: 'clear' }],
        'POST /api/v1/health/lectures': [lectureBody],
        'PATCH /api/v1/health/lectures/{id}': [{ attendance: 25 }, { topic: '糖尿病饮食' }],
        'POST /api/v1/health/follow-ups': [{ residentId: resident.id, conditions: ['hypertension'], intervalDays: 14 }],
        'PATCH /api/v1/health/follow-ups/{id}': [{ intervalDays: 14 }, { conditions: ['elderly', 'diabetes'] }],
        'POST /api/v1/health/follow-ups/{id}/visits': [{ date: today, doctor: '王医生', notes: '血压平稳' }],
      });
      opHints.set('POST /api/v1/health/lectures', { stationId: fc.constantFrom(station.id), date: fc.constantFrom(today) });
      opHints.set('POST /api/v1/health/follow-ups', { residentId: fc.constantFrom(resident.id) });
    }
    // ---- end health ----
    for (const op of operations) {
      const parameters: Record<string, string[]> = {};
      for (const p of op.pathParams) {
        const values = byOperation[op.key]?.[p.name] ?? (op.errorFormat === 'open311' ? open311Path[p.name as keyof typeof open311Path] : byResource[resourceOf(op.template)]);
        if (values) parameters[p.name] = values;
      }
      seeds.set(op.key, { path: parameters, ...(bodies[op.key] ? { bodies: bodies[op.key] } : {}) });
    }
    const c = fc.constantFrom;
    hints = {
      under: c(A, SUB, GRID),
      node: c(A),
      nodeCode: c(GRID),
      gridCode: c(GRID),
      homeNodeCode: c(A),
      areaCode: c(A),
      nodeScope: c(A, GRID),
      servesNodeCodes: c([A]),
      toCode: c(A),
      staffId: c(staff.id),
      placeId: c(place.id),
      householdId: c(place.id),
      household: c(place.id),
      caseId: c(kase.id),
      intoId: c(other.id),
      categoryCode: c(leaf.code),
      categoryCodes: c([leaf.code]),
      departmentCode: c('DEPT-A'),
      location: c(location),
      track: c(track),
      date: c(today, '2026-12-02'),
      dueDate: c('2026-12-31'),
      year: c(2026),
      lng: c(point[0]),
      lat: c(point[1]),
      idNumber: c('11010519491231002X'),
      phone: c('13812345678'),
      login: c(USER.login),
      password: c(USER.password),
      refresh_token: c(logoutSession.refresh_token, refreshSession.refresh_token),
      client_id: c(client.clientId),
      client_secret: c(client.clientSecret),
      api_key: c(apiKey),
      label: c('FixMyStreet production'),
      service_code: c(leaf.code),
      service_request_id: c(kase.id, `${kase.id},${other.id}`),
      status: c('open', 'closed', 'open,closed'),
      long: c(pointText.long),
      entityId: c(place.id, kase.id),
      entityType: c('place', 'node', 'resident'),
      roles: c(['grid_member'], ['community_operator']),
      scopes: c(['registry:read'], ['cases:read', 'cases:write']),
      photos: c([{ url: 's3://citygrid-photos/2026/12/01/a.jpg', contentType: 'image/jpeg', size: 204_800 }]),
      reporter: c({ name: '王先生' }),
      consumer: c('identity'),
    };
    opHints.set('GET /api/v1/tree', { code: c(A, SUB) });
    opHints.set('GET /api/v1/reports/kpis', { node: c(A, SUB, GRID), from: c('2026-11-01'), to: c('2026-12-31'), period: c('2026-Q4', '2026-12', '2026-W49'), category: c('CM', leaf.code) });
    // the dashboard and its live feed (read up to its first event) take a node and a category
    for (const path of ['dashboard', 'live']) opHints.set(`GET /api/v1/reports/${path}`, { node: c(A, SUB, GRID), category: c('CM', leaf.code) });
    // the KPI files take the KPI query; the assessments and their files a node and a quarter
    for (const format of ['csv', 'xlsx']) opHints.set(`GET /api/v1/reports/kpis.${format}`, { node: c(A, SUB, GRID), period: c('2026-Q4', '2026-12'), category: c('CM', leaf.code) });
    for (const path of ['assessments', 'assessments/rankings', 'assessments.csv', 'assessments.xlsx', 'assessments/report.html', 'assessments/rankings.csv', 'assessments/rankings.xlsx']) {
      opHints.set(`GET /api/v1/reports/${path}`, { node: c(A, SUB, GRID), quarter: c('2026-Q4', '2026-Q3') });
    }
    // a rule version the service takes: weights adding up to 100, in force from a quarter's first day
    opHints.set('POST /api/v1/reports/assessment-rules', {
      effectiveFrom: c('2027-01-01'),
      indicators: c([{ key: 'closureRate', weight: '100', direction: 'higher', scale: 'linear', best: '100', worst: '80', whenMissing: 'full' }]),
      adjustments: c([], [{ fact: 'supervisionFlags', label: '被督办', points: '-1', cap: '5' }]),
    });
    opHints.set('POST /open311/v2/requests.{format}', { lat: c(pointText.lat) });
    opHints.set('GET /open311/v2/requests.{format}', { service_code: c(leaf.code), start_date: c(iso(-86_400_000)), end_date: c(iso(86_400_000)) });
    opHints.set('PATCH /api/v1/nodes/{code}', { boundary: c(json(grid.boundary)) });
    // the caller's inbox: `unread` is a flag in the query; deliveries by their own statuses (not a case's)
    opHints.set('GET /api/v1/me/notifications', { unread: c('true', 'false') });
    opHints.set('GET /api/v1/notifications/deliveries', { status: c('pending', 'sent', 'failed') });
    // the group robots' URLs the service takes (the documented examples elide the key); a chosen channel needs its address
    opHints.set('PUT /api/v1/me/notification-settings', {
      email: c('zhang.wei@example.org', null),
      wecomWebhook: c('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', null),
      dingtalkWebhook: c('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef', null),
      channels: c([], ['email'], ['sms']),
    });
    // webhooks: case event types of the catalogue, an https target; deliveries by their own statuses
    const hookHints: Hints = {
      url: c('https://hotline.example.gov.cn/citygrid/events'),
      eventTypes: c(['citygrid.case.filed.v1'], ['citygrid.case.filed.v1', 'citygrid.case.closed.v1']),
      nodeCode: c(A, null),
    };
    opHints.set('POST /api/v1/webhooks/subscriptions', hookHints);
    opHints.set('PATCH /api/v1/webhooks/subscriptions/{id}', { ...hookHints, paused: c(true, false) });
    opHints.set('GET /api/v1/webhooks/subscriptions/{id}/deliveries', { status: c('pending', 'delivered', 'dead') });
    // an account the fuzz creates follows no staff member it assigns: nothing may change behind the fuzz's back
    opHints.set('POST /api/v1/accounts', { staffId: c(loner.id) });

    // ---- schooling: a school whose catchment holds the household (and one the fuzz may delete), a request of that household; path values, bodies and hints of its endpoints
    const schoolBody = { name: '林山寨小学', kind: 'primary', nodeCode: A, address: '伏牛路1号', location, capacityPerGrade: 90, catchment: json(grid.boundary) };
    const school = await call<{ id: string }>('POST', '/api/v1/schooling/schools', schoolBody, 201);
    const disposableSchool = await call<{ id: string }>('POST', '/api/v1/schooling/schools', { ...schoolBody, name: '待撤并小学' }, 201);
    const enrolmentBody = {
      householdId: place.id,
      childName: '李小明',
      childBirthDate: '2019-05-01',
      childGender: 'male',
      childIdNumber: '11010520190501002X',
      guardianName: '李芳',
      guardianPhone: '13812345678',
      grade: 1,
      reason: 'relocation',
      relocationProjectId: 'relocation-2026-east',
    };
    const enrolment = await call<{ id: string }>('POST', '/api/v1/schooling/requests', enrolmentBody, 201);
    const schoolingBodies: Record<string, JsonLike[]> = {
      'POST /api/v1/schooling/schools': [schoolBody],
      'PATCH /api/v1/schooling/schools/{id}': [{ name: '林山寨第一小学' }, { capacityPerGrade: 120 }, { catchment: json(grid.boundary) }],
      'POST /api/v1/schooling/requests': [
        enrolmentBody,
        { householdId: place.id, childName: '李小红', childBirthDate: '2013-03-01', childGender: 'female', guardianName: '李芳', guardianPhone: '13812345678', grade: 7, reason: 'migrant_worker' },
        { ...enrolmentBody, schoolId: school.id },
      ],
      'POST /api/v1/schooling/requests/{id}/check': [{ note: '材料齐全' }],
      'POST /api/v1/schooling/requests/{id}/refer': [{ note: '转介教育局' }],
      'POST /api/v1/schooling/requests/{id}/place': [{ schoolId: school.id }],
      'POST /api/v1/schooling/requests/{id}/refuse': [{ refusalReason: '不符合条件' }],
    };
    for (const op of operations.filter((o) => o.template.startsWith('/api/v1/schooling/'))) {
      const id = op.template.startsWith('/api/v1/schooling/schools/') ? (op.method === 'DELETE' ? disposableSchool.id : school.id) : enrolment.id;
      const path = Object.fromEntries(op.pathParams.map((p) => [p.name, [p.name === 'householdId' ? place.id : id]]));
      seeds.set(op.key, { path, ...(schoolingBodies[op.key] ? { bodies: schoolingBodies[op.key] } : {}) });
      opHints.set(op.key, { schoolId: c(school.id), nodeCode: c(A, SUB), lng: c(point[0]), lat: c(point[1]), relocationProjectId: c('relocation-2026-east'), grade: c(1, 7) });
    }
    // ---- end of schooling
    // ---- community-services: a centre of community A (and one to delete), a request type of A, a request; bodies and hints ----
    {
      const centre = await call<{ id: string }>('POST', '/api/v1/community-services/centres', { kind: 'property', name: '林山寨社区物业服务中心', nodeCode: A }, 201);
      const disposableCentre = await call<{ id: string }>('POST', '/api/v1/community-services/centres', { kind: 'culture', name: '林山寨社区文化服务中心', nodeCode: A }, 201);
      const type = await call<{ id: string }>(
        'POST',
        '/api/v1/community-services/request-types',
        { centre: 'property', code: 'fuzz-elevator', name: '电梯维修', timeLimitHours: 24, nodeCode: A },
        201,
      );
      const requestBody = { centreId: centre.id, typeCode: 'repair', description: '楼道灯不亮', residentName: '张三', residentPhone: '13812345678', nodeCode: GRID, channel: 'phone' };
      const serviceRequest = await call<{ id: string }>('POST', '/api/v1/community-services/requests', requestBody, 201);
      const byCsResource: Record<string, string[]> = { centres: [centre.id], 'request-types': [type.id], requests: [serviceRequest.id] };
      const byCsOperation: Record<string, Record<string, string[]>> = { 'DELETE /api/v1/community-services/centres/{id}': { id: [disposableCentre.id] } };
      const csBodies: Record<string, JsonLike[]> = {
        'POST /api/v1/community-services/centres': [{ kind: 'housekeeping', name: '林山寨社区家政服务中心', nodeCode: A, address: '伏牛路1号', hours: '8:30-17:30', phone: '0371-66668888' }],
        'PATCH /api/v1/community-services/centres/{id}': [{ name: '林山寨社区物业服务中心（新）' }, { hours: '9:00-17:00' }],
        'POST /api/v1/community-services/request-types': [{ centre: 'culture', code: 'fuzz-reading', name: '读书会报名', asksSatisfaction: false, nodeCode: A }],
        'PATCH /api/v1/community-services/request-types/{id}': [{ name: '电梯维保' }, { timeLimitHours: 48 }],
        'POST /api/v1/community-services/requests': [requestBody],
        'POST /api/v1/community-services/requests/{id}/assign': [{ assigneeId: 'acct-fuzz-handyman', note: '请尽快上门' }],
        'POST /api/v1/community-services/requests/{id}/start': [{ note: '已联系' }, {}],
        'POST /api/v1/community-services/requests/{id}/notes': [{ note: '已上门查看' }],
        'POST /api/v1/community-services/requests/{id}/close': [{ satisfaction: 'satisfied', note: '已修复' }],
        'POST /api/v1/community-services/requests/{id}/cancel': [{ reason: '居民撤回', withdrawn: true }, { reason: '重复受理' }],
      };
      for (const op of operations.filter((o) => o.template.startsWith('/api/v1/community-services/'))) {
        const parameters: Record<string, string[]> = {};
        for (const p of op.pathParams) {
          const values = byCsOperation[op.key]?.[p.name] ?? byCsResource[resourceOf(op.template)];
          if (values) parameters[p.name] = values;
        }
        seeds.set(op.key, { path: parameters, ...(csBodies[op.key] ? { bodies: csBodies[op.key] } : {}) });
        opHints.set(op.key, { centreId: c(centre.id), typeCode: c('repair', 'fuzz-elevator'), nodeCode: op.template.endsWith('/requests') ? c(GRID) : c(A), assigneeId: c('acct-fuzz-handyman') });
      }
    }
    // ---- end community-services ----
    // ---- volunteers: a unit of the grid with its branch, a member (the resident), a team with an assignment and an activity; bodies and hints ----
    {
      const unit = await call<{ id: string }>('POST', '/api/v1/places', { kind: 'unit', name: '林山寨科技有限公司', address: '伏牛路100号', unitType: 'enterprise', location }, 201);
      const unitBody = { placeId: unit.id, nonPublic: true, partyMemberCount: 5 };
      await call('POST', '/api/v1/volunteers/units', unitBody, 201);
      const orgBody = { name: '林山寨科技有限公司党支部', kind: 'branch', hostUnitId: unit.id, formedOn: '2026-06-01' };
      const branch = await call<{ id: string }>('POST', '/api/v1/volunteers/organisations', orgBody, 201);
      const member = await call<{ id: string }>('POST', '/api/v1/volunteers/members', { residentId: resident.id, organisationId: branch.id, joinedOn: '2012-07-01', phone: '13812345678' }, 201);
      const teamBody = { name: '林山寨党员志愿服务队', nodeCode: GRID };
      const team = await call<{ id: string }>('POST', '/api/v1/volunteers/teams', teamBody, 201);
      const withLeader = await call<{ members: Array<{ id: string }> }>('POST', `/api/v1/volunteers/teams/${team.id}/members`, { partyMemberId: member.id, leader: true }, 201);
      const teamMember = withLeader.members[0]!.id;
      const assignmentBody = { teamId: team.id, targetKind: 'relocation_project', targetId: 'relocation-2026-east' };
      const assignment = await call<{ id: string }>('POST', '/api/v1/volunteers/assignments', assignmentBody, 201);
      const activityBody = { teamId: team.id, title: '入户筛查', date: '2026-06-02', capacity: 30, assignmentId: assignment.id };
      const activity = await call<{ id: string }>('POST', '/api/v1/volunteers/activities', activityBody, 201);
      const session = await call<{ id: string }>('POST', '/api/v1/volunteers/sessions', { organisationId: branch.id, topic: '党员远程教育', date: '2026-06-03' }, 201);
      const byVoResource: Record<string, string[]> = {
        organisations: [branch.id],
        members: [member.id],
        teams: [team.id],
        assignments: [assignment.id],
        activities: [activity.id],
        sessions: [session.id],
      };
      const voBodies: Record<string, JsonLike[]> = {
        'POST /api/v1/volunteers/units': [unitBody],
        'POST /api/v1/volunteers/organisations': [{ name: '林山寨社区党委', kind: 'committee', nodeCode: A, formedOn: '2010-01-01' }],
        'PATCH /api/v1/volunteers/organisations/{id}': [{ name: '林山寨科技党支部' }, { status: 'active' }],
        'POST /api/v1/volunteers/members': [{ residentId: resident.id, organisationId: branch.id, joinedOn: '2012-07-01' }],
        'POST /api/v1/volunteers/teams': [teamBody],
        'POST /api/v1/volunteers/teams/{id}/members': [{ residentId: resident.id }],
        'POST /api/v1/volunteers/assignments': [assignmentBody],
        'POST /api/v1/volunteers/activities': [activityBody],
        'POST /api/v1/volunteers/activities/{id}/sign-ups': [{ memberId: teamMember }],
        'POST /api/v1/volunteers/activities/{id}/check-ins': [{ memberId: teamMember, at: '2026-06-02T01:00:00Z' }],
        'POST /api/v1/volunteers/activities/{id}/check-outs': [{ memberId: teamMember, at: '2026-06-02T03:00:00Z' }],
        'POST /api/v1/volunteers/activities/{id}/hours': [{ memberId: teamMember, hours: 2, reason: '补录' }],
        'POST /api/v1/volunteers/sessions': [{ organisationId: branch.id, topic: '党员远程教育', date: '2026-06-10' }],
        'POST /api/v1/volunteers/sessions/{id}/attendance': [{ memberIds: [member.id] }],
      };
      for (const op of operations.filter((o) => o.template.startsWith('/api/v1/volunteers/'))) {
        const parameters: Record<string, string[]> = {};
        for (const p of op.pathParams) {
          const values = byVoResource[resourceOf(op.template)];
          if (values) parameters[p.name] = values;
        }
        seeds.set(op.key, { path: parameters, ...(voBodies[op.key] ? { bodies: voBodies[op.key] } : {}) });
        opHints.set(op.key, {
          placeId: c(unit.id),
          hostUnitId: c(unit.id),
          organisationId: c(branch.id),
          residentId: c(resident.id),
          partyMemberId: c(member.id),
          teamId: c(team.id),
          assignmentId: c(assignment.id),
          memberId: c(teamMember),
          nodeCode: c(GRID, A),
          node: c(A, SUB),
        });
      }
    }
    // ---- end volunteers ----
    // ---- relocation: a project whose red line holds the household, a package, rental help; path values, bodies and hints ----
    {
      const d = 0.0005;
      const redLine = {
        type: 'Polygon',
        coordinates: [
          [
            [point[0] - d, point[1] - d],
            [point[0] + d, point[1] - d],
            [point[0] + d, point[1] + d],
            [point[0] - d, point[1] + d],
            [point[0] - d, point[1] - d],
          ],
        ],
      };
      const projectBody = { name: '龙海路快速路', nodeCode: A, startDate: '2026-01-01', redLine };
      const project = await call<{ id: string }>('POST', '/api/v1/relocation/projects', projectBody, 201);
      const places = await call<{ items: { id: string }[] }>('GET', `/api/v1/relocation/projects/${project.id}/places?kind=household`, undefined, 200);
      const household = places.items[0]!.id;
      const pkg = await call<{ id: string }>('POST', `/api/v1/relocation/projects/${project.id}/packages`, { leader: '王书记', group: '一组' }, 201);
      const help = await call<{ id: string }>('POST', `/api/v1/relocation/projects/${project.id}/help-requests`, { householdId: household, kind: 'rental' }, 201);
      const relocationBodies: Record<string, JsonLike[]> = {
        'POST /api/v1/relocation/projects': [projectBody],
        'PATCH /api/v1/relocation/projects/{id}': [{ status: 'closed' }, { status: 'active' }],
        'POST /api/v1/relocation/projects/{projectId}/households/{householdId}/steps': [{ state: 'visited' }, { state: 'agreed', note: '同意' }],
        'PUT /api/v1/relocation/projects/{projectId}/households/{householdId}/holdout': [{ holdout: true, reasons: ['补偿异议'] }, { holdout: false }],
        'POST /api/v1/relocation/projects/{projectId}/packages': [{ leader: '李主任', group: '二组' }],
        'POST /api/v1/relocation/projects/{projectId}/packages/{packageId}/households': [{ householdIds: [household] }],
        'POST /api/v1/relocation/projects/{projectId}/help-requests': [{ householdId: household, kind: 'rental', note: '过渡房' }],
        'POST /api/v1/relocation/projects/{projectId}/help-requests/{helpRequestId}/steps': [{ state: 'arranged' }, { state: 'closed' }],
      };
      for (const op of operations.filter((o) => o.template.startsWith('/api/v1/relocation/'))) {
        const id = op.template.includes('/packages/') ? pkg.id : op.template.includes('/help-requests/') ? help.id : op.template.includes('/households/') ? household : project.id;
        const path = Object.fromEntries(op.pathParams.map((p) => [p.name, [p.name === 'projectId' ? project.id : id]]));
        seeds.set(op.key, { path, ...(relocationBodies[op.key] ? { bodies: relocationBodies[op.key] } : {}) });
        opHints.set(op.key, { nodeCode: c(A, SUB), householdId: c(household), kind: c('rental', 'schooling'), date: c('2026-01-05') });
      }
    }
    // ---- end relocation ----
    probe = await StateProbe.open(TEST_DATABASE_URL, [
      stack.schema,
      stack.identitySchema!,
      stack.ticketingSchema!,
      ...['employment', 'health', 'schooling', 'community-services', 'volunteers', 'relocation'].map((s) => stack.services[s]!.schema),
    ]);
  }, 180_000);

  afterAll(async () => {
    closeConnections();
    await probe?.close();
    await stack?.stop();
  }, 60_000);

  it('answers ~3,000 valid and mutated requests on every operation without a 5xx, in the promised error format, changing nothing when it refuses a write', async () => {
    const started = Date.now();
    const selected = ONLY.length ? operations.filter((o) => ONLY.some((s) => o.key.includes(s))) : operations;
    expect(selected.length).toBeGreaterThan(0);
    // Shared out over the whole document, so that a filtered run draws the same requests.
    const surface = operations.reduce((n, o) => n + surfaceOf(o), 0);
    const runsOf = (op: Operation) => Math.max(8, Math.floor(((BUDGET - SETUP_ALLOWANCE) * surfaceOf(op)) / surface));
    const failures: string[] = [];
    const outcomes = new Map<string, Outcome>();
    /** The state after the last refused write, while nothing has been written since. */
    let known: Snapshot | undefined;
    let slowest = 0;

    const verbose = process.env['FUZZ_VERBOSE'] !== undefined;
    const dump = process.env['FUZZ_DUMP'];
    for (const op of selected) {
      const opStarted = Date.now();
      const outcome: Outcome = { requests: 0, statuses: new Map(), reached: false };
      outcomes.set(op.key, outcome);
      const requests = fc.sample(requestArbitrary(op, seeds.get(op.key)!, { ...hints, ...opHints.get(op.key) }, `Bearer ${adminToken}`), { seed: seedOf(op.key), numRuns: runsOf(op) });
      for (const [i, req] of requests.entries()) {
        const fail = (message: string): void => {
          failures.push(message);
          if (dump) appendFileSync(dump, `${JSON.stringify({ message, method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body?.toString('base64') })}\n`);
        };
        const write = req.method !== 'GET';
        const before = write ? (known ?? (await probe.snapshot())) : undefined;
        const t0 = Date.now();
        const res = await send(stack.gateway.url, req);
        const took = Date.now() - t0;
        slowest = Math.max(slowest, took);
        sent++;
        outcome.requests++;
        outcome.statuses.set(res.status, (outcome.statuses.get(res.status) ?? 0) + 1);
        const where = `${op.key} #${i} (${req.note}): ${req.method} ${req.path.slice(0, 120)}${req.query ? `?${req.query.slice(0, 120)}` : ''}`;
        if (took > SLOW_MS) fail(`${where} took ${took} ms to answer ${res.status}`);
        if (res.status === 413 && (req.body?.length ?? 0) <= BODY_LIMIT && !/too many parameters/.test(res.text))
          fail(`${where} answered 413 to a body of ${req.body?.length ?? 0} bytes, within BODY_LIMIT`);
        if (res.status >= 500 || res.status < 200) {
          fail(`${where} answered ${res.status}: ${res.text.slice(0, 300)}`);
          known = undefined;
          continue;
        }
        if (res.status < 400) {
          outcome.reached = true;
          if (write) known = undefined;
          if (op.key === 'POST /api/v1/imports' && res.status === 202) {
            const failed = await importFailure((JSON.parse(res.text) as { id: string }).id);
            if (failed) fail(`${where}: the accepted import failed unexpectedly: ${failed}`);
          }
          continue;
        }
        const format = errorFormatViolation(op, req, res);
        if (format) fail(`${where} answered ${res.status} ${format}`);
        if (reachedHandler(op, res)) outcome.reached = true;
        if (before) {
          const after = await probe.snapshot();
          const changed = changedTables(before, after).filter((t) => !allowedChange(op, res, t));
          if (changed.length) fail(`${where} was refused with ${res.status} but changed ${changed.join(', ')}`);
          known = after;
        }
      }
      if (verbose) process.stdout.write(`  ${op.key}: ${Date.now() - opStarted} ms, ${[...outcome.statuses].map(([st, n]) => `${n}×${st}`).join(', ')}${outcome.reached ? '' : ', unreached'}\n`);
    }

    const runtime = Date.now() - started;
    const unreached = [...outcomes].filter(([, o]) => !o.reached).map(([key, o]) => `${key} never reached its handler (${[...o.statuses].map(([s, n]) => `${n}×${s}`).join(', ')})`);
    process.stdout.write(
      `fuzz: seed ${SEED}, ${outcomes.size} operations, ${sent} requests (${[...outcomes.values()].reduce((n, o) => n + o.requests, 0)} fuzzed), ${(runtime / 1000).toFixed(1)} s (slowest answer ${slowest} ms), ` +
        `${failures.length} failures, ${unreached.length} unreached${ONLY.length ? `, only ${ONLY.join(', ')}` : ''}\n`,
    );
    expect([...failures, ...unreached]).toEqual([]);
    expect(sent).toBeLessThanOrEqual(BUDGET + 100);
  }, 300_000);

  /** Wait for an accepted import; why it failed when it failed with an unexpected error. */
  async function importFailure(id: string): Promise<string | undefined> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${stack.gateway.url}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${adminToken}` } });
      sent++;
      if (res.status !== 200) return `GET /api/v1/imports/${id} answered ${res.status}: ${(await res.text()).slice(0, 300)}`;
      const job = (await res.json()) as { status: string; errors?: Array<{ reason: string }> };
      if (job.status === 'completed') return undefined;
      if (job.status === 'failed') return job.errors?.some((e) => /unexpected/.test(e.reason)) ? JSON.stringify(job.errors.slice(0, 3)) : undefined;
      await new Promise((r) => setTimeout(r, 50));
    }
    return 'it did not finish within 15 s';
  }

  /**
   * Changes a refused request may make, each by design: a refused login (or password change) counts against its login
   * and source address (the throttle needs it); a refresh token presented a second time revokes
   * its session (reuse detection, RFC 9700 §4.14.2) and records the revocation event with its
   * audit row.
   */
  function allowedChange(op: Operation, res: FuzzResponse, table: string): boolean {
    if ((op.key === 'POST /auth/login' || op.key === 'POST /auth/password') && res.status === 401) return table === `${stack.identitySchema}.login_throttle`;
    if (op.key === 'POST /oauth/token' && /already used/.test(res.text))
      return [`${stack.identitySchema}.session`, `${stack.identitySchema}.outbox`, `${stack.identitySchema}.audit_log`].includes(table);
    return false;
  }
});

/** The resource an id or code belongs to: the path segment before the first parameter. */
function resourceOf(template: string): string {
  const segments = template.split('/');
  const i = segments.findIndex((s) => s.startsWith('{'));
  return segments[i - 1] ?? '';
}

/** Whether a refusal came from the operation itself (the service judged the request), not from routing or validation at the edge. */
function reachedHandler(op: Operation, res: FuzzResponse): boolean {
  if (op.errorFormat === 'oauth') return /"error":"(invalid_client|invalid_grant|invalid_scope)"/.test(res.text);
  if (/Cannot (GET|POST|PUT|PATCH|DELETE) /.test(res.text)) return false;
  if (op.errorFormat === 'open311') return [403, 404, 409, 422].includes(res.status);
  return /\/problems\/(forbidden|not-found|conflict|unprocessable)"/.test(`${problemType(res) ?? ''}"`);
}
