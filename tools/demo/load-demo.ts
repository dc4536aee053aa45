/**
 * Loads the Linshanzhai demo dataset (郑州市 → 中原区 → 林山寨街道, 12 communities, 15 level-2 and
 * 51 level-3 grids, staff, linked departments, households, units, key locations) through the
 * public API, as any client would. Safe to run twice: what exists is left alone.
 *
 *   npm run demo                       # against http://localhost:3000
 *   GATEWAY_URL=http://host:3000 npm run demo
 */
import { loadDemoAccounts } from './accounts';
import { buildLinshanzhaiDataset, householdsCsv, interiorPointOf, unitsCsv, type DemoDataset, type DemoNode } from '@citygrid/demo-data';

const BASE = (process.env['GATEWAY_URL'] ?? 'http://localhost:3000').replace(/\/$/, '');
const ADMIN_LOGIN = process.env['ADMIN_LOGIN'] ?? 'admin';
const ADMIN_PASSWORD = process.env['ADMIN_PASSWORD'] ?? 'citygrid-admin';
let authorization = '';

interface ApiResult<T> {
  status: number;
  body: T;
}

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<ApiResult<T>> {
  const auth = token ? `Bearer ${token}` : authorization;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

async function must<T = Record<string, unknown>>(method: string, path: string, body?: unknown, ok: number[] = [200, 201, 202]): Promise<ApiResult<T>> {
  const r = await api<T>(method, path, body);
  if (!ok.includes(r.status)) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r;
}

function nodeBody(n: DemoNode): Record<string, unknown> {
  return {
    code: n.code,
    name: n.name,
    ...(n.nameEn ? { nameEn: n.nameEn } : {}),
    kind: n.kind,
    ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
    ...(n.parentCode ? { parentCode: n.parentCode } : {}),
    boundary: n.boundary,
  };
}

async function waitForImport(id: string): Promise<{ status: string; imported: number; errors: unknown[] }> {
  for (let i = 0; i < 600; i++) {
    const { body } = await must<{ status: string; imported: number; errors: unknown[]; processed: number; total: number }>('GET', `/api/v1/imports/${id}`);
    if (body.status !== 'running') return body;
    process.stdout.write(`\r  import ${id.slice(0, 8)}: ${body.processed}/${body.total}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`import ${id} did not finish`);
}

async function loadNodes(data: DemoDataset): Promise<number> {
  let created = 0;
  for (const n of data.nodes) {
    const r = await api('POST', '/api/v1/nodes', nodeBody(n));
    if (r.status === 201) created++;
    else if (r.status !== 409) throw new Error(`node ${n.code}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return created;
}

async function loadStaff(data: DemoDataset): Promise<number> {
  let created = 0;
  for (const [i, s] of data.staff.entries()) {
    const employeeNo = `LSZ-${String(i + 1).padStart(4, '0')}`;
    const r = await api<{ id: string }>('POST', '/api/v1/staff', { name: s.name, employeeNo, homeNodeCode: s.nodeCode });
    if (r.status === 409) continue;
    if (r.status !== 201) throw new Error(`staff ${employeeNo}: ${r.status} ${JSON.stringify(r.body)}`);
    await must('POST', '/api/v1/assignments', { staffId: r.body.id, nodeCode: s.nodeCode, role: s.role });
    created++;
  }
  return created;
}

async function loadDepartments(data: DemoDataset): Promise<number> {
  let created = 0;
  for (const d of data.departments) {
    const r = await api('POST', '/api/v1/departments', { code: d.code, name: d.name, kind: d.kind, servesNodeCodes: d.nodeCodes });
    if (r.status === 201) created++;
    else if (r.status !== 409) throw new Error(`department ${d.code}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return created;
}

async function loadPlaces(data: DemoDataset): Promise<void> {
  const existing = await must<{ total: number }>('GET', '/api/v1/places?limit=1');
  if (existing.body.total > 0) {
    console.log(`  places already loaded (${existing.body.total}); skipping`);
    return;
  }
  for (const [kind, content] of [
    ['households', householdsCsv(data)],
    ['units', unitsCsv(data)],
  ] as const) {
    const { body } = await must<{ id: string }>('POST', '/api/v1/imports', { kind, fileName: `linshanzhai-${kind}.csv`, content });
    const job = await waitForImport(body.id);
    process.stdout.write('\n');
    if (job.status !== 'completed') throw new Error(`${kind} import failed: ${JSON.stringify(job.errors)}`);
    console.log(`  ${kind}: ${job.imported} imported`);
  }
  for (const k of data.keyLocations) {
    await must('POST', '/api/v1/places', { kind: 'key_location', name: k.name, address: k.name, category: k.category, location: { type: 'Point', coordinates: k.point } });
  }
  console.log(`  key locations: ${data.keyLocations.length} registered`);
}

const CASE_TEXTS = ['占道经营，影响通行', '门头牌匾破损，有坠落风险', '路面塌陷约一平方米', '小区内违法搭建', '户外广告未经审批', '井盖缺失', '夜间施工噪音扰民', '垃圾堆放未清运'];

/** Cases across the level-3 grids and categories, some filed and dispatched, so ticketing has work to show. */
async function loadDemoCases(data: DemoDataset): Promise<void> {
  const existing = await api<{ total: number }>('GET', '/api/v1/cases?limit=1');
  if (existing.status === 503 || existing.status === 404) return console.log('  cases: ticketing is not running; skipped');
  if (existing.status !== 200) throw new Error(`cases: ${existing.status} ${JSON.stringify(existing.body)}`);
  if (existing.body.total > 0) return console.log(`  cases already loaded (${existing.body.total}); skipping`);
  const categories = (await must<Array<{ code: string; leaf: boolean; departmentKind: string | null }>>('GET', '/api/v1/categories')).body.filter((c) => c.leaf);
  const grids = data.nodes.filter((n) => n.gridLevel === 3);
  const deptByKind = new Map(data.departments.map((d) => [d.kind, d.code]));
  let created = 0;
  for (let i = 0; i < 40; i++) {
    const grid = grids[(i * 7) % grids.length];
    const category = categories[(i * 5) % categories.length];
    if (!grid || !category) break;
    const [lng, lat] = interiorPointOf(grid);
    const r = await must<{ id: string }>('POST', '/api/v1/cases', {
      source: ['patrol', 'household_visit', 'hotline_12345', 'citizen'][i % 4],
      categoryCode: category.code,
      description: CASE_TEXTS[i % CASE_TEXTS.length],
      location: { type: 'Point', coordinates: [lng + (i % 3) * 1e-4, lat] },
      address: `${grid.name}附近`,
    });
    created++;
    if (i % 2 === 0) {
      await must('POST', `/api/v1/cases/${r.body.id}/file`, { notes: '日碰头会议决定立案' });
      const dept = category.departmentKind ? deptByKind.get(category.departmentKind as never) : undefined;
      if (i % 4 === 0) await must('POST', `/api/v1/cases/${r.body.id}/dispatch`, dept ? { target: 'department', departmentCode: dept } : { target: 'grid_staff' });
    }
  }
  console.log(`  cases: ${created} reported, half filed, a quarter dispatched`);
}

/** An API client for another city system (the 12345 hotline), with read access to the subdistrict. */
async function loadDemoClient(): Promise<void> {
  const name = '12345 热线系统 (demo)';
  const existing = await must<{ items?: Array<{ name: string }> } | Array<{ name: string }>>('GET', '/api/v1/clients?limit=500');
  const items = Array.isArray(existing.body) ? existing.body : (existing.body.items ?? []);
  if (items.some((c) => c.name === name)) {
    console.log('  API client: already registered (its secret was shown when it was created)');
    return;
  }
  const { body } = await must<{ clientId: string; clientSecret: string }>('POST', '/api/v1/clients', { name, scopes: ['registry:read', 'cases:read', 'cases:write'], nodeScope: '410102005' });
  console.log(`  API client "${name}": client_id=${body.clientId} client_secret=${body.clientSecret} (shown once)`);
  console.log(`    curl -s ${BASE}/oauth/token -d grant_type=client_credentials -d client_id=${body.clientId} -d client_secret=${body.clientSecret}`);
}

async function main(): Promise<void> {
  const ready = await fetch(`${BASE}/health/ready`).catch(() => undefined);
  if (!ready || ready.status !== 200) {
    console.error(`The gateway at ${BASE} is not ready. Start the system first: npm start`);
    process.exit(1);
  }
  const login = await api<{ access_token?: string }>('POST', '/auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD });
  if (login.status !== 200 || !login.body.access_token) {
    console.error(`Could not log in as ${ADMIN_LOGIN} (${login.status}). Set ADMIN_LOGIN and ADMIN_PASSWORD to the administrator identity was started with.`);
    process.exit(1);
  }
  authorization = `Bearer ${login.body.access_token}`;
  const adminToken = login.body.access_token;
  const data = buildLinshanzhaiDataset();
  console.log(`Loading the Linshanzhai demo into ${BASE}`);
  console.log(`  nodes: ${await loadNodes(data)} created`);
  console.log(`  departments: ${await loadDepartments(data)} created`);
  console.log(`  staff: ${await loadStaff(data)} created and assigned`);
  await loadPlaces(data);
  const accounts = await loadDemoAccounts(api, adminToken);
  console.log(`  accounts: ${accounts.created} created (one per role; see the README for logins)`);
  await loadDemoClient();
  await loadDemoCases(data);

  const count = async (q: string) => (await must<{ total: number }>('GET', `/api/v1/nodes?${q}&limit=1`)).body.total;
  console.log('\nThrough the API now:');
  console.log(
    `  level-1 grids: ${await count('gridLevel=1')}, level-2 grids: ${await count('gridLevel=2')}, level-3 grids: ${await count('gridLevel=3')}, communities: ${await count('kind=community')}`,
  );
  console.log(`  places: ${(await must<{ total: number }>('GET', '/api/v1/places?limit=1')).body.total}`);
  console.log(`\nTry: curl '${BASE}/api/v1/lookup?lng=${data.keyLocations[0]?.point[0]}&lat=${data.keyLocations[0]?.point[1]}'`);
  console.log(`Docs: ${BASE}/docs`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
