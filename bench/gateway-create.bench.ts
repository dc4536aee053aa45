/**
 * Grid creation through the public gateway: HTTP → gateway → NATS request/reply → grid-registry
 * (validation, parent checks, Postgres transaction with the outbox row) → reply. Services run as
 * real processes against the local Postgres and NATS, in a throwaway schema, stream and subject
 * prefix. Requests are bounded in number and go to loopback only.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Role } from '@citygrid/contracts/identity';
import { TestTokens, connectTestNats, deleteStream, dropSchema, ensureTestDatabase, startService, TEST_DATABASE_URL, TEST_NATS_URL } from '@citygrid/testing';

export interface CreateBenchResult {
  requests: number;
  concurrency: number;
  seconds: number;
  throughputPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failures: number;
}

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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

let authorization = '';

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

export async function runGatewayCreateBench(opts: { requests?: number; concurrency?: number } = {}): Promise<CreateBenchResult> {
  const requests = opts.requests ?? 2000;
  const concurrency = opts.concurrency ?? 16;
  const ns = `bench${randomBytes(3).toString('hex')}`;
  const schema = `grid_registry_${ns}`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  await ensureTestDatabase();
  const tokens = await TestTokens.create();
  authorization = `Bearer ${await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 3600 })}`;
  const common = { NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, LOG_LEVEL: 'warn', AUTH_JWKS: tokens.jwksJson };
  const registry = await startService('grid-registry', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, MIGRATE_ON_START: 'true' });
  const gateway = await startService('gateway', { ...common, RATE_LIMIT_PER_MINUTE: '1000000' });
  const nodes = `${gateway.url}/api/v1/nodes`;
  try {
    // Parents: city → district → subdistrict → communities (each takes up to 99 level-2 grids).
    const perCommunity = 99;
    const communities = Math.ceil(requests / perCommunity);
    const cell = 0.001;
    const communityWidth = cell * 10;
    const communityHeight = cell * 10;
    const origin: [number, number] = [113.0, 34.0];
    const span = communityWidth * communities;
    await expectCreated(post(nodes, { code: '410100', name: '郑州市', kind: 'city', boundary: square(origin[0] - 0.1, origin[1] - 0.1, span + 0.2) }));
    await expectCreated(post(nodes, { code: '410102', name: '中原区', kind: 'district', parentCode: '410100', boundary: square(origin[0] - 0.05, origin[1] - 0.05, span + 0.1) }));
    await expectCreated(post(nodes, { code: '410102005', name: '林山寨街道', kind: 'subdistrict', parentCode: '410102', boundary: square(origin[0], origin[1], span) }));
    for (let c = 0; c < communities; c++) {
      const [lng, lat] = [origin[0] + c * communityWidth, origin[1]];
      await expectCreated(
        post(nodes, {
          code: `410102005${String(c + 1).padStart(3, '0')}`,
          name: `社区${c + 1}`,
          kind: 'community',
          parentCode: '410102005',
          boundary: {
            type: 'Polygon',
            coordinates: [
              [
                [lng, lat],
                [lng + communityWidth, lat],
                [lng + communityWidth, lat + communityHeight],
                [lng, lat + communityHeight],
                [lng, lat],
              ],
            ],
          },
        }),
      );
    }
    const bodies = Array.from({ length: requests }, (_, i) => {
      const c = Math.floor(i / perCommunity);
      const k = i % perCommunity;
      const community = `410102005${String(c + 1).padStart(3, '0')}`;
      const lng = origin[0] + c * communityWidth + (k % 10) * cell;
      const lat = origin[1] + Math.floor(k / 10) * cell;
      return { code: `${community}${String(k + 1).padStart(2, '0')}`, name: `网格${i + 1}`, kind: 'grid', gridLevel: 2, parentCode: community, boundary: square(lng, lat, cell) };
    });

    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
          const t0 = performance.now();
          const status = await post(nodes, body);
          latencies.push(performance.now() - t0);
          if (status !== 201) failures++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests,
      concurrency,
      seconds: round(seconds),
      throughputPerSec: round(requests / seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies[latencies.length - 1] ?? 0),
      failures,
    };
  } finally {
    await gateway.stop();
    await registry.stop();
    const nc = await connectTestNats();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }
}

async function expectCreated(p: Promise<number>): Promise<void> {
  const status = await p;
  if (status !== 201) throw new Error(`setup request answered ${status}`);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (require.main === module) {
  runGatewayCreateBench()
    .then((r) => console.table(r))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
