/**
 * Case intake through the public gateway under concurrency: HTTP → gateway → NATS → ticketing
 * (validation, category, point → grid through grid-registry over NATS, duplicate search, case
 * number, one transaction with the outbox row) → reply. Beside it, in the same run, the baseline:
 * plain Postgres inserts of rows of the same width with the same concurrency, to show what the
 * platform adds on top of the database. Loopback only; bounded counts.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { TestTokens, connectTestNats, deleteStream, dropSchema, ensureTestDatabase, startService, TEST_DATABASE_URL, TEST_NATS_URL } from '@citygrid/testing';
import { Pool } from 'pg';

export interface LoadResult {
  requests: number;
  concurrency: number;
  seconds: number;
  throughputPerSec: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function drive(total: number, concurrency: number, one: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        if (!(await one(i))) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return { requests: total, concurrency, seconds: r(seconds), throughputPerSec: r(total / seconds), p50Ms: r(percentile(latencies, 50)), p99Ms: r(percentile(latencies, 99)), failures };
}

export async function runCaseIntakeBench(opts: { requests?: number; concurrency?: number } = {}): Promise<{ intake: LoadResult; baseline: LoadResult }> {
  const requests = opts.requests ?? 1000;
  const concurrency = opts.concurrency ?? 16;
  const ns = `bench${randomBytes(3).toString('hex')}`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  const [registrySchema, ticketingSchema, baselineSchema] = [`grid_registry_${ns}`, `ticketing_${ns}`, `baseline_${ns}`];
  const schemas = [registrySchema, ticketingSchema, baselineSchema];
  await ensureTestDatabase();
  const tokens = await TestTokens.create();
  const authorization = `Bearer ${await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 3600 })}`;
  const common = { NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, LOG_LEVEL: 'warn', AUTH_JWKS: tokens.jwksJson };
  const registry = await startService('grid-registry', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: registrySchema, MIGRATE_ON_START: 'true' });
  const ticketing = await startService('ticketing', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: ticketingSchema, MIGRATE_ON_START: 'true' });
  const gateway = await startService('gateway', { ...common, RATE_LIMIT_PER_MINUTE: '1000000' });
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: concurrency });
  const post = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
  try {
    const data = buildLinshanzhaiDataset();
    const byCode = new Map(data.nodes.map((n) => [n.code, n]));
    const grids = data.nodes.filter((n) => n.gridLevel === 3 && n.code.startsWith('410102005001'));
    const needed = new Map<string, DemoNode>();
    for (const g of grids) for (let n: DemoNode | undefined = g; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) needed.set(n.code, n);
    for (const n of [...needed.values()].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))) {
      const res = await post('/api/v1/nodes', { code: n.code, name: n.name, kind: n.kind, ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}), ...(n.parentCode ? { parentCode: n.parentCode } : {}), boundary: n.boundary });
      if (res.status !== 201) throw new Error(`setup node ${n.code}: ${res.status}`);
    }
    const categories = (await (await fetch(`${gateway.url}/api/v1/categories`, { headers: { authorization } })).json()) as Array<{ code: string; leaf: boolean }>;
    const leaves = categories.filter((c) => c.leaf).map((c) => c.code);
    const points = grids.map((g) => interiorPointOf(g));

    const intake = await drive(requests, concurrency, async (i) => {
      const [lng, lat] = points[i % points.length] ?? [0, 0];
      const res = await post('/api/v1/cases', {
        source: 'patrol',
        categoryCode: leaves[i % leaves.length],
        description: `bench case ${i}: 占道经营 at the corner`,
        location: { type: 'Point', coordinates: [lng + (i % 7) * 1e-5, lat] },
        address: `伏牛路 ${i} 号`,
      });
      await res.arrayBuffer();
      return res.status === 201;
    });

    await pool.query(`create schema "${baselineSchema}"`);
    await pool.query(`create table "${baselineSchema}".plain_case (id uuid primary key, number text unique, category_code text, description text, lng double precision, lat double precision, address text, grid_path text[], state text, created_at timestamptz)`);
    const baseline = await drive(requests, concurrency, async (i) => {
      await pool.query(`insert into "${baselineSchema}".plain_case values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, 'reported', now())`, [
        `B-${i}`, leaves[i % leaves.length], `bench case ${i}`, 113.6, 34.75, `伏牛路 ${i} 号`, ['410100', '410102', '410102005'],
      ]);
      return true;
    });
    return { intake, baseline };
  } finally {
    await gateway.stop();
    await ticketing.stop();
    await registry.stop();
    await pool.end();
    const nc = await connectTestNats();
    await deleteStream(nc, stream);
    await nc.drain();
    for (const s of schemas) await dropSchema(s);
  }
}

if (require.main === module) {
  runCaseIntakeBench()
    .then((r) => console.table(r))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
