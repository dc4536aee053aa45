import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildLinshanzhaiDataset, householdsCsv, interiorPointOf, type DemoDataset, type DemoNode } from '@citygrid/demo-data';
import { eventually, readSubject, subjectCounts } from '@citygrid/testing';
import { CloudEvent } from 'cloudevents';
import request from 'supertest';

import { startStack, type Stack } from './stack';

const square = (lng: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ field: string; reason: string; line?: number }>;
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

async function waitForImport(stack: Stack, id: string, token = stack.adminToken): Promise<{ status: string; errors: Problem['errors']; imported: number; total: number; processed: number }> {
  return eventually(
    async () => {
      const res = await request(stack.gateway.url).get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    },
    30000,
    200,
  );
}

describe('grid registry through the gateway', () => {
  let stack: Stack;
  let data: DemoDataset;
  /** Requests as the system administrator. */
  const api = () => request.agent(stack.gateway.url).set('Authorization', `Bearer ${stack.adminToken}`);

  beforeAll(async () => {
    stack = await startStack();
    data = buildLinshanzhaiDataset();
  }, 120000);

  afterAll(async () => {
    await stack?.stop();
  }, 60000);

  describe('creating a node', () => {
    it('answers 201 and puts exactly one valid citygrid.grid.created.v1 CloudEvent on its subject', async () => {
      const city = data.nodes.find((n) => n.kind === 'city')!;
      const res = await api().post('/api/v1/nodes').set('X-Request-Id', 'e2e-create-city').send(nodeBody(city)).expect(201);
      expect(res.body).toMatchObject({ code: city.code, kind: 'city', depth: 0, path: [city.code], status: 'active', version: 1 });

      const subject = `${stack.ns}.citygrid.grid-registry.grid.created`;
      await eventually(async () => (await subjectCounts(stack.nc, stack.stream))[subject] === 1);
      // Give a duplicate (if the relay published twice) time to show up before counting again.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await subjectCounts(stack.nc, stack.stream))[subject]).toBe(1);

      const [event] = await readSubject<Record<string, unknown>>(stack.nc, stack.stream, subject);
      const ce = new CloudEvent(event as never, true);
      expect(ce.validate()).toBe(true);
      expect(ce.type).toBe('citygrid.grid.created.v1');
      expect(ce.source).toBe('/citygrid/grid-registry');
      expect(ce.subject).toBe(res.body.id);
      expect(ce['correlationid']).toBe('e2e-create-city');
      expect(ce.data).toMatchObject({ id: res.body.id, code: city.code, path: [city.code], kind: 'city', parentCode: null });
    });

    it('refuses a request without a token with 401 and a Bearer challenge, and sends security headers', async () => {
      const res = await request(stack.gateway.url).get('/api/v1/nodes').expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('echoes the request id', async () => {
      const res = await api().get('/api/v1/nodes').set('X-Request-Id', 'trace-me-1').expect(200);
      expect(res.headers['x-request-id']).toBe('trace-me-1');
    });
  });

  describe('the Linshanzhai tree', () => {
    beforeAll(async () => {
      // The city exists from the test above; the rest comes in as one GeoJSON import.
      const features = data.nodes
        .filter((n) => n.kind !== 'city')
        .map((n) => ({ type: 'Feature', geometry: n.boundary, properties: { code: n.code, name: n.name, kind: n.kind, gridLevel: n.gridLevel, parentCode: n.parentCode } }));
      const res = await api()
        .post('/api/v1/imports')
        .send({ kind: 'grids', fileName: 'linshanzhai.geojson', content: JSON.stringify({ type: 'FeatureCollection', features }) })
        .expect(202);
      const job = await waitForImport(stack, res.body.id);
      expect(job.errors).toEqual([]);
      expect(job.status).toBe('completed');
      expect(job.imported).toBe(features.length);
    }, 60000);

    it('holds 1 level-1, 15 level-2 and 51 level-3 grids and 12 communities', async () => {
      const count = async (query: string) => (await api().get(`/api/v1/nodes?${query}&limit=1`).expect(200)).body.total;
      expect(await count('gridLevel=1')).toBe(1);
      expect(await count('gridLevel=2')).toBe(15);
      expect(await count('gridLevel=3')).toBe(51);
      expect(await count('kind=community')).toBe(12);
    });

    it('resolves every level-3 grid interior point to that grid', async () => {
      const level3 = data.nodes.filter((n) => n.gridLevel === 3);
      expect(level3).toHaveLength(51);
      for (const grid of level3) {
        const [lng, lat] = interiorPointOf(grid);
        const res = await api().get(`/api/v1/lookup?lng=${lng}&lat=${lat}`).expect(200);
        expect(res.body.node.code).toBe(grid.code);
        expect(res.body.path[res.body.path.length - 1]).toBe(grid.code);
      }
    });

    it('answers a point outside every grid with a 404 problem', async () => {
      const res = await api().get('/api/v1/lookup?lng=100.5&lat=20.5').expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body as Problem).type).toBe('https://citygrid.dev/problems/not-found');
    });

    it('returns the tree and children in code order', async () => {
      const sub = data.nodes.find((n) => n.kind === 'subdistrict')!;
      const children = (await api().get(`/api/v1/nodes/${sub.code}/children`).expect(200)).body as Array<{ code: string; kind: string }>;
      expect(children).toHaveLength(12);
      expect(children.every((c) => c.kind === 'community')).toBe(true);
      expect(children.map((c) => c.code)).toEqual([...children.map((c) => c.code)].sort());
      const tree = (await api().get(`/api/v1/tree?code=${sub.code}`).expect(200)).body as Array<{ children: unknown[] }>;
      expect(tree).toHaveLength(1);
      expect(tree[0]!.children).toHaveLength(12);
    });
  });

  describe('refusing bad nodes with a problem naming the field, and writing nothing', () => {
    const community = () => data.nodes.find((n) => n.kind === 'community')!;
    const cases: Array<[string, () => Record<string, unknown>, number, string, RegExp]> = [
      [
        'an unclosed ring',
        () => ({
          ...nodeBody(community()),
          code: '410102005901',
          boundary: {
            type: 'Polygon',
            coordinates: [
              [
                [113.6, 34.75],
                [113.601, 34.75],
                [113.601, 34.751],
                [113.6, 34.751],
              ],
            ],
          },
        }),
        400,
        'boundary.coordinates[0]',
        /not closed/,
      ],
      [
        'a self-intersecting ring',
        () => ({
          ...nodeBody(community()),
          code: '410102005902',
          boundary: {
            type: 'Polygon',
            coordinates: [
              [
                [113.6, 34.75],
                [113.602, 34.752],
                [113.602, 34.75],
                [113.6, 34.752],
                [113.6, 34.75],
              ],
            ],
          },
        }),
        400,
        'boundary.coordinates[0]',
        /intersect/,
      ],
      ['coordinates out of range', () => ({ ...nodeBody(community()), code: '410102005903', boundary: square(190, 34.75, 0.001) }), 400, 'boundary.coordinates[0][0]', /longitude/],
      ['a child outside its parent', () => ({ ...nodeBody(community()), code: '410102005904', boundary: square(113.9, 34.9, 0.001) }), 422, 'boundary', /outside its parent/],
      ['an unknown parent', () => ({ ...nodeBody(community()), code: '410102006905', parentCode: '410102006' }), 422, 'parentCode', /unknown parent/],
      ['a duplicate code', () => nodeBody(community()), 409, 'code', /duplicate/],
      ['a missing name', () => ({ ...nodeBody(community()), code: '410102005906', name: undefined }), 400, 'name', /name/],
    ];

    it.each(cases)('%s', async (_label, body, status, field, reason) => {
      const payload = body();
      const res = await api().post('/api/v1/nodes').send(payload).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const problem = res.body as Problem;
      expect(problem.status).toBe(status);
      const hit = problem.errors?.find((e) => e.field === field);
      expect(hit).toBeDefined();
      expect(hit!.reason).toMatch(reason);
      if (status !== 409)
        await api()
          .get(`/api/v1/nodes/${String(payload['code'])}`)
          .expect(404);
    });

    it('refuses unknown fields and a bad code in the path', async () => {
      const res = await api()
        .post('/api/v1/nodes')
        .send({ ...nodeBody(community()), code: '410102005907', colour: 'red' })
        .expect(400);
      expect((res.body as Problem).errors?.some((e) => e.field === 'colour')).toBe(true);
      await api().get('/api/v1/nodes/abc').expect(400);
    });
  });

  describe('places, staff and departments', () => {
    it('imports households only when every row is good, reporting each bad row by line', async () => {
      const good = householdsCsv({ households: data.households.slice(0, 40) });
      const lines = good.trimEnd().split('\n');
      // Line 3: out-of-area point; line 6: not a number.
      lines[2] = lines[2]!.replace(/,[\d.]+,[\d.]+$/, ',100.1,20.1');
      lines[5] = lines[5]!.replace(/,[\d.]+,[\d.]+$/, ',east,34.75');
      const bad = await api()
        .post('/api/v1/imports')
        .send({ kind: 'households', content: lines.join('\n') })
        .expect(202);
      const failed = await waitForImport(stack, bad.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.errors!.map((e) => e.line)).toEqual([3, 6]);
      expect(failed.errors![0]!.reason).toMatch(/outside every level-3 grid/);
      expect((await api().get('/api/v1/places?kind=household&limit=1').expect(200)).body.total).toBe(0);

      const ok = await api().post('/api/v1/imports').send({ kind: 'households', content: good }).expect(202);
      const done = await waitForImport(stack, ok.body.id);
      expect(done.status).toBe('completed');
      expect(done.imported).toBe(40);
      expect(done.processed).toBe(40);
      const listed = (await api().get('/api/v1/places?kind=household&limit=500').expect(200)).body as { total: number; items: Array<{ gridCode: string; address: string }> };
      expect(listed.total).toBe(40);
      for (const h of data.households.slice(0, 40)) expect(listed.items.some((p) => p.gridCode === h.gridCode && p.address === h.address)).toBe(true);
    }, 60000);

    it('lists the first 1,000 problems of a file of 120,000 bad rows and how many more there were, and the job stays readable', async () => {
      const content = `address,lng,lat\n${new Array(120_000).fill('a,x,y').join('\n')}\n`;
      const job = await api().post('/api/v1/imports').send({ kind: 'households', content }).expect(202);
      const failed = await waitForImport(stack, job.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.errors).toHaveLength(1001);
      expect(failed.errors![0]).toMatchObject({ line: 2 });
      expect(failed.errors!.at(-1)).toEqual({ field: 'file', reason: expect.stringMatching(/^\d+ more problems are not listed/) });
    }, 60000);

    it('registers a unit in its level-3 grid, moves it, and refuses a place outside every grid with 422', async () => {
      const unit = data.units[0]!;
      const created = await api()
        .post('/api/v1/places')
        .send({ kind: 'unit', name: unit.name, address: unit.address, unitType: unit.unitType, creditCode: unit.creditCode, location: { type: 'Point', coordinates: unit.point } })
        .expect(201);
      expect(created.body.gridCode).toBe(unit.gridCode);
      const target = data.nodes.find((n) => n.gridLevel === 3 && n.code !== unit.gridCode)!;
      const moved = await api()
        .post(`/api/v1/places/${created.body.id}/move`)
        .send({ location: { type: 'Point', coordinates: interiorPointOf(target) } })
        .expect(200);
      expect(moved.body.gridCode).toBe(target.code);
      const outside = await api()
        .post('/api/v1/places')
        .send({ kind: 'key_location', name: '加油站', address: 'nowhere', category: 'gas_station', location: { type: 'Point', coordinates: [100.1, 20.1] } })
        .expect(422);
      expect((outside.body as Problem).errors?.[0]?.field).toBe('location');
      const events = await eventually(async () => {
        const counts = await subjectCounts(stack.nc, stack.stream);
        return counts[`${stack.ns}.citygrid.grid-registry.place.moved`] === 1 ? counts : undefined;
      });
      expect(events[`${stack.ns}.citygrid.grid-registry.place.registered`]).toBe(41);
    });

    it('assigns staff to a grid and lists them there; a second identical assignment is a conflict', async () => {
      const grid = data.nodes.find((n) => n.gridLevel === 3)!;
      const staff = await api().post('/api/v1/staff').send({ name: '王芳', employeeNo: 'LSZ-9001' }).expect(201);
      const a = await api().post('/api/v1/assignments').send({ staffId: staff.body.id, nodeCode: grid.code, role: 'responsible_person' }).expect(201);
      await api().post('/api/v1/assignments').send({ staffId: staff.body.id, nodeCode: grid.code, role: 'responsible_person' }).expect(409);
      const atGrid = (await api().get(`/api/v1/nodes/${grid.code}/staff`).expect(200)).body as Array<{ staffName: string; role: string }>;
      expect(atGrid).toEqual([expect.objectContaining({ staffName: '王芳', role: 'responsible_person' })]);
      await api().delete(`/api/v1/assignments/${a.body.id}`).expect(200);
      expect((await api().get(`/api/v1/nodes/${grid.code}/staff`).expect(200)).body).toEqual([]);
      await api().post('/api/v1/staff').send({ name: '李强', employeeNo: 'LSZ-9001' }).expect(409);
    });

    it('creates a linked department for known nodes only', async () => {
      const sub = data.nodes.find((n) => n.kind === 'subdistrict')!;
      const bad = await api()
        .post('/api/v1/departments')
        .send({ code: 'PSB-X', name: '派出所', kind: 'police', servesNodeCodes: [sub.code, '410102099'] })
        .expect(422);
      expect((bad.body as Problem).errors?.[0]?.field).toBe('servesNodeCodes[1]');
      const ok = await api()
        .post('/api/v1/departments')
        .send({ code: 'PSB-LSZ', name: '林山寨派出所', kind: 'police', servesNodeCodes: [sub.code] })
        .expect(201);
      expect(ok.body.servesNodeCodes).toEqual([sub.code]);
      await api()
        .post('/api/v1/departments')
        .send({ code: 'PSB-LSZ', name: '林山寨派出所', kind: 'police', servesNodeCodes: [sub.code] })
        .expect(409);
    });
  });

  describe('OpenAPI', () => {
    it("passes Redocly's recommended lint rules with no error (security on every operation, nullable types, servers)", async () => {
      const doc = (await api().get('/docs-json').expect(200)).text;
      const dir = mkdtempSync(join(tmpdir(), 'citygrid-openapi-'));
      try {
        writeFileSync(join(dir, 'openapi.json'), doc);
        const lint = spawnSync(process.execPath, [resolve(__dirname, '../../../tools/openapi/lint.mjs'), join(dir, 'openapi.json')], { encoding: 'utf8', cwd: resolve(__dirname, '../../..') });
        const problems = JSON.parse(lint.stdout || '[]') as Array<{ severity: string; rule: string; message: string; at: string }>;
        expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(lint.status).toBe(0);
        // operation ids a generated client names its methods by: unique, verb and resource
        const ids = Object.values((JSON.parse(doc) as { paths: Record<string, Record<string, { operationId: string }>> }).paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(['createCase', 'listNodes', 'fileCase', 'getMyWork', 'listMyNotifications', 'issueToken']));
        expect(ids.filter((id) => id.includes('_'))).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('documents every registry endpoint and the problem type', async () => {
      const doc = (await api().get('/docs-json').expect(200)).body as {
        paths: Record<string, unknown>;
        components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
      };
      for (const path of [
        '/api/v1/nodes',
        '/api/v1/nodes/{code}',
        '/api/v1/nodes/{code}/children',
        '/api/v1/lookup',
        '/api/v1/tree',
        '/api/v1/staff',
        '/api/v1/assignments',
        '/api/v1/departments',
        '/api/v1/places',
        '/api/v1/imports',
        '/api/v1/imports/{id}',
      ]) {
        expect(doc.paths).toHaveProperty([path]);
      }
      expect(doc.components.schemas).toHaveProperty('ProblemView');
      expect(doc.components.schemas).toHaveProperty('CreateNodeDto');
    });
  });
});
