import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { createCityGridClient, idempotent, ifMatch, type CityGridClient, type Schema } from '@citygrid/api-client';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';

import { startStack, type Stack } from './stack';

/**
 * The typed client in libs/api-client, generated from the OpenAPI document, against the running
 * stack: the document it was generated from is the one the gateway serves, and its calls (typed by
 * the compiler: a wrong path, field or parameter does not build) log in, build the tree, file a
 * case once under retries and meet a stale version with 412.
 */
describe('generated API client', () => {
  let stack: Stack;
  let anonymous: CityGridClient;
  let client: CityGridClient;
  let token: string | undefined;
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const grid = data.nodes.find((n) => n.gridLevel === 3)!;

  beforeAll(async () => {
    stack = await startStack({}, { identityOnly: true, identityEnv: { ADMIN_LOGIN: 'root', ADMIN_PASSWORD: 'root-password-2026' }, withTicketing: true });
    anonymous = createCityGridClient({ baseUrl: stack.gateway.url });
    client = createCityGridClient({ baseUrl: stack.gateway.url, token: () => token });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  it('was generated from the document the gateway serves (npm run openapi writes both)', async () => {
    const served = (await (await fetch(`${stack.gateway.url}/docs-json`)).json()) as unknown;
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as unknown;
    // on a difference: run `npm run openapi` and commit docs/openapi.json and libs/api-client/src/schema.ts
    expect(served).toEqual(committed);
  });

  it('logs in, and a wrong password is a typed problem', async () => {
    const refused = await anonymous.POST('/auth/login', { body: { login: 'root', password: 'not-the-password' } });
    expect(refused.response.status).toBe(401);
    expect(refused.data).toBeUndefined();
    const { data, response } = await anonymous.POST('/auth/login', { body: { login: 'root', password: 'root-password-2026' } });
    expect(response.status).toBe(200);
    expect(data?.token_type).toBe('Bearer');
    token = data?.access_token;
    expect(token).toBeTruthy();
  });

  it('builds the tree down to a grid, and a node with a bad field is a 400 naming it', async () => {
    const chain: DemoNode[] = [];
    for (let n: DemoNode | undefined = grid; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
    for (const n of chain) {
      const body: Schema<'CreateNodeDto'> = {
        code: n.code,
        name: n.name,
        kind: n.kind,
        ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
        ...(n.parentCode ? { parentCode: n.parentCode } : {}),
        boundary: n.boundary as Schema<'CreateNodeDto'>['boundary'],
      };
      const { response } = await client.POST('/api/v1/nodes', { body });
      expect(response.status).toBe(201);
    }
    const read = await client.GET('/api/v1/nodes/{code}', { params: { path: { code: grid.code } } });
    expect(read.data?.name).toBe(grid.name);
    const bad = await client.POST('/api/v1/nodes', { body: { code: '', name: '空编码', kind: 'grid' } as Schema<'CreateNodeDto'> });
    expect(bad.response.status).toBe(400);
    expect(bad.response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bad.error)).toContain('code');
  });

  it('files a case once however often the POST is retried with one Idempotency-Key, and refuses a stale If-Match with 412', async () => {
    const categories = await client.GET('/api/v1/categories');
    const leaf = (categories.data ?? []).find((c) => c.leaf);
    expect(leaf).toBeDefined();
    const body: Schema<'CreateCaseDto'> = {
      source: 'hotline_12345',
      categoryCode: leaf!.code,
      description: '生成的客户端立案',
      address: '伏牛路3号',
      location: { type: 'Point', coordinates: interiorPointOf(grid) },
    };
    const first = await client.POST('/api/v1/cases', { body, headers: idempotent('client-0001') });
    const again = await client.POST('/api/v1/cases', { body, headers: idempotent('client-0001') });
    expect(first.response.status).toBe(201);
    expect(again.data?.id).toBe(first.data?.id);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    const id = first.data!.id;
    const read = await client.GET('/api/v1/cases/{id}', { params: { path: { id } } });
    const etag = read.response.headers.get('etag')!;
    expect(etag).toBe(`"${read.data?.version}"`);
    const stale = await client.POST('/api/v1/cases/{id}/file', { params: { path: { id } }, body: {}, headers: ifMatch(`"${read.data!.version + 1}"`) });
    expect(stale.response.status).toBe(412);
    expect((await client.GET('/api/v1/cases/{id}', { params: { path: { id } } })).data?.state).toBe('reported');
    const filed = await client.POST('/api/v1/cases/{id}/file', { params: { path: { id } }, body: {}, headers: ifMatch(etag) });
    expect(filed.response.status).toBe(200);
    expect(filed.data?.state).toBe('filed');
  });
});
