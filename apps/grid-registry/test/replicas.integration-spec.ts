import { randomUUID } from 'node:crypto';

import { buildLinshanzhaiDataset, interiorPointOf } from '@citygrid/demo-data';
import {
  TestTokens,
  connectTestNats,
  deleteStream,
  dropSchema,
  ensureTestDatabase,
  eventually,
  sql,
  startService,
  subjectCounts,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
  testNamespace,
  type RunningService,
} from '@citygrid/testing';
import { Role } from '@citygrid/contracts/identity';
import { headers, JSONCodec, type NatsConnection } from 'nats';

/**
 * Two grid-registry replicas on one schema and one queue group, driven over raw NATS exactly as
 * the gateway (or any other service) would: `{ id, pattern, data }` in, `{ response | err }` out.
 */
describe('grid-registry replicas over NATS', () => {
  const ns = testNamespace();
  const schema = `grid_registry_${ns}`;
  const stream = process.env['EVENT_STREAM']!;
  const codec = JSONCodec<Record<string, unknown>>();
  const data = buildLinshanzhaiDataset();
  const replicas: RunningService[] = [];
  let nc: NatsConnection;
  let tokens: TestTokens;
  let adminToken: string;

  async function rpc(pattern: string, payload: unknown, token: string | null = adminToken): Promise<{ response?: Record<string, unknown>; err?: Record<string, unknown> }> {
    const h = headers();
    if (token) h.set('authorization', `Bearer ${token}`);
    const msg = await nc.request(`${ns}.${pattern}`, codec.encode({ id: randomUUID(), pattern: `${ns}.${pattern}`, data: { payload } }), { timeout: 10000, headers: h });
    return codec.decode(msg.data) as { response?: Record<string, unknown>; err?: Record<string, unknown> };
  }

  beforeAll(async () => {
    await ensureTestDatabase();
    tokens = await TestTokens.create();
    adminToken = await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null });
    const env = {
      AUTH_JWKS: tokens.jwksJson,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: ns,
      EVENT_STREAM: stream,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_GRACE_MS: '200',
    };
    // The first applies the migrations; the second finds them applied.
    replicas.push(await startService('grid-registry', env));
    replicas.push(await startService('grid-registry', env));
    nc = await connectTestNats();
  }, 120000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }, 60000);

  it('keeps both spatial indexes in step: lookups answered by either replica resolve nodes created through the other', async () => {
    for (const node of data.nodes.filter((n) => n.gridLevel !== 3 || n.code.endsWith('01'))) {
      const { response, err } = await rpc('grid-registry.node.create', {
        code: node.code,
        name: node.name,
        kind: node.kind,
        ...(node.gridLevel ? { gridLevel: node.gridLevel } : {}),
        ...(node.parentCode ? { parentCode: node.parentCode } : {}),
        boundary: node.boundary,
      });
      expect(err).toBeUndefined();
      expect(response?.['code']).toBe(node.code);
    }
    const grids = data.nodes.filter((n) => n.gridLevel === 3 && n.code.endsWith('01'));
    // Each request goes to one replica of the queue group; 40 rounds reach both with near certainty.
    await eventually(
      async () => {
        for (let round = 0; round < 40; round++) {
          const grid = grids[round % grids.length]!;
          const [lng, lat] = interiorPointOf(grid);
          const { response } = await rpc('grid-registry.node.lookup', { lng, lat });
          if ((response?.['node'] as { code?: string } | undefined)?.code !== grid.code) return false;
        }
        return true;
      },
      15000,
      300,
    );
  }, 60000);

  it('validates requests that bypass the gateway and replies with a typed error', async () => {
    const { err } = await rpc('grid-registry.node.create', { code: 'x', kind: 'galaxy' });
    expect(err).toMatchObject({ code: 'validation-failed' });
    const fields = (err?.['errors'] as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'kind', 'name', 'boundary']));
    const missing = await rpc('grid-registry.node.get', { code: '410102005999' });
    expect(missing.err).toMatchObject({ code: 'not-found' });
  });

  it('refuses a request without a caller, with a forged or foreign-signed token, or an expired one', async () => {
    const city = data.nodes.find((n) => n.kind === 'city')!;
    expect((await rpc('grid-registry.node.get', { code: city.code }, null)).err).toMatchObject({ code: 'unauthenticated' });
    const foreign = await (await TestTokens.create()).sign({ roles: [Role.SystemAdmin], nodeScope: null });
    expect((await rpc('grid-registry.node.get', { code: city.code }, foreign)).err).toMatchObject({ code: 'unauthenticated' });
    const [h, p, sig] = adminToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, node: null, roles: ['system_admin', 'auditor'] })).toString('base64url')}.${sig}`;
    expect((await rpc('grid-registry.node.get', { code: city.code }, tampered)).err).toMatchObject({ code: 'unauthenticated' });
    const expired = await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: -5 });
    expect((await rpc('grid-registry.node.get', { code: city.code }, expired)).err).toMatchObject({ code: 'unauthenticated', detail: expect.stringMatching(/expired/) });
    expect((await rpc('grid-registry.node.get', { code: city.code })).response).toMatchObject({ code: city.code });
  });

  it('publishes each event once even with two relays on one outbox', async () => {
    const created = await sql<{ n: string }>(`select count(*)::text as n from "${schema}"."grid_node"`);
    const subject = `${ns}.citygrid.grid-registry.grid.created`;
    await eventually(async () => (await subjectCounts(nc, stream))[subject] === Number(created[0]!.n));
    const unpublished = await sql<{ n: string }>(`select count(*)::text as n from "${schema}"."outbox" where published_at is null`);
    expect(unpublished[0]!.n).toBe('0');
  });
});
