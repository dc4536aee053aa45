/**
 * Case intake through the public gateway under concurrency: HTTP → gateway → NATS → ticketing
 * (validation, category, point → grid, duplicate search, case number, one transaction with the
 * outbox row) → reply. Measured in the same run:
 * - the raw baseline: a case row with every column and index of the real `ticket_case` table,
 *   plus its outbox row, inserted in one transaction per case at the same concurrency;
 * - CPU milliseconds per case in each process (gateway, ticketing, grid-registry, Postgres,
 *   nats-server), from `/proc`;
 * - commit → JetStream latency of the run's `case.reported` events (arrival on a subscription
 *   minus the event's `time`, which is set in the transaction).
 * Loopback only; bounded counts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

import { Role } from '@citygrid/contracts/identity';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { TestTokens, connectTestNats, deleteStream, dropSchema, ensureTestDatabase, startService, TEST_DATABASE_URL, TEST_NATS_URL, type RunningService } from '@citygrid/testing';
import type { NatsConnection } from 'nats';
import { Pool } from 'pg';

import { CpuMeter, pidsNamed } from './process-cpu';

export interface LoadResult {
  requests: number;
  concurrency: number;
  seconds: number;
  throughputPerSec: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  /** Answers by HTTP status (or `error` when the request itself failed). */
  statuses: Record<string, number>;
}

export interface IntakeRun extends LoadResult {
  /** CPU ms per case in each process, and their total. */
  cpuMsPerCase: Record<string, number>;
  /** Commit → JetStream of the run's `case.reported` events. */
  eventLatency: { events: number; p50Ms: number; p99Ms: number };
}

/** Intake held for a while at one concurrency: do events keep up, does the outbox backlog grow? */
export interface SustainedRun extends IntakeRun {
  /** Unpublished outbox rows, sampled each second. */
  backlog: { samples: number[]; max: number; firstHalfMean: number; secondHalfMean: number };
}

/** A backlog of outbox rows committed at once, drained by the service's own relay. */
export interface DrainRun {
  rows: number;
  /** Commit of the rows → the last one heard on the stream. */
  seconds: number;
  eventsPerSec: number;
}

export interface CaseIntakeResult {
  /** Intake for `sustainSeconds` at the concurrency with the highest rate. */
  sustained?: SustainedRun;
  drain?: DrainRun;
  /** The headline: intake at 16 clients. */
  intake: IntakeRun;
  /** The raw insert of a case row and its outbox row, in one transaction, at 16 clients. */
  raw: LoadResult;
  /** The same, with a NOTIFY trigger on the outbox: the cost of waking a relay that way. */
  rawWithNotify: LoadResult;
  /** Intake as a share of the raw rate. */
  ratio: number;
  /** Intake at each concurrency level (1, 8, 16, 64). */
  levels: IntakeRun[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * A POST on a kept-alive connection with node:http, reading the status only: the load generator
 * shares the two cores with the system it measures, so it should cost as little as it can (`fetch`
 * costs the client several times more per request). Its own CPU is printed beside the services'.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function postLean(url: string, authorization: string, body: unknown): Promise<number> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length, authorization } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(data);
  });
}

async function drive(total: number, concurrency: number, one: (i: number) => Promise<number | 'error'>, forMs = Infinity): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const until = started + forMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total && performance.now() < until; i = next++) {
        const t0 = performance.now();
        const status = await one(i).catch(() => 'error' as const);
        latencies.push(performance.now() - t0);
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        if (status === 'error' || status >= 300) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    concurrency,
    seconds: round(seconds),
    throughputPerSec: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    failures,
    statuses,
  };
}

/**
 * Hears the run's `case.reported` events as the relay publishes them (a plain subscription to the
 * subject sees every message the stream stores, at the moment it is published); latency = arrival
 * − the event's `time`, which is set in the case's transaction.
 */
function watchEvents(nc: NatsConnection, subject: string): { stop(): Promise<{ events: number; p50Ms: number; p99Ms: number }> } {
  const latencies: number[] = [];
  const sub = nc.subscribe(subject, {
    callback: (err, m) => {
      if (!err) latencies.push(Date.now() - Date.parse(m.json<{ time: string }>().time));
    },
  });
  return {
    async stop() {
      await nc.flush();
      sub.unsubscribe();
      latencies.sort((a, b) => a - b);
      return { events: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
    },
  };
}

export async function runCaseIntakeBench(opts: { levels?: Array<{ concurrency: number; requests: number }>; sustainSeconds?: number; drainRows?: number } = {}): Promise<CaseIntakeResult> {
  const levels = opts.levels ?? [
    { concurrency: 1, requests: 300 },
    { concurrency: 8, requests: 1500 },
    { concurrency: 16, requests: 3000 },
    { concurrency: 64, requests: 3000 },
  ];
  const ns = `bench${randomBytes(3).toString('hex')}`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  const [registrySchema, ticketingSchema, rawSchema] = [`grid_registry_${ns}`, `ticketing_${ns}`, `raw_${ns}`];
  const schemas = [registrySchema, ticketingSchema, rawSchema];
  await ensureTestDatabase();
  const tokens = await TestTokens.create();
  const authorization = `Bearer ${await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 3600 })}`;
  // BENCH_CPU_PROFILE=<dir>: each service writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env['BENCH_CPU_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROFILE']}`] : [];
  const common = { NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, LOG_LEVEL: 'warn', AUTH_JWKS: tokens.jwksJson };
  const registry = await startService('grid-registry', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: registrySchema, MIGRATE_ON_START: 'true' }, 60000, profile);
  const ticketing = await startService('ticketing', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: ticketingSchema, MIGRATE_ON_START: 'true' }, 60000, profile);
  const gateway = await startService('gateway', { ...common, RATE_LIMIT_PER_MINUTE: '100000000' }, 60000, profile);
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 64 });
  const nc = await connectTestNats();
  const pidOf = (s: RunningService) => () => (s.process.pid ? [s.process.pid] : []);
  const meter = new CpuMeter({
    gateway: pidOf(gateway),
    ticketing: pidOf(ticketing),
    'grid-registry': pidOf(registry),
    postgres: () => pidsNamed('postgres'),
    'nats-server': () => pidsNamed('nats-server'),
  });
  const post = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
  try {
    const data = buildLinshanzhaiDataset();
    const byCode = new Map(data.nodes.map((n) => [n.code, n]));
    const grids = data.nodes.filter((n) => n.gridLevel === 3 && n.code.startsWith('410102005001'));
    const needed = new Map<string, DemoNode>();
    for (const g of grids) for (let n: DemoNode | undefined = g; n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) needed.set(n.code, n);
    for (const n of [...needed.values()].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))) {
      const res = await post('/api/v1/nodes', {
        code: n.code,
        name: n.name,
        kind: n.kind,
        ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
        ...(n.parentCode ? { parentCode: n.parentCode } : {}),
        boundary: n.boundary,
      });
      if (res.status !== 201) throw new Error(`setup node ${n.code}: ${res.status}`);
    }
    const categories = (await (await fetch(`${gateway.url}/api/v1/categories`, { headers: { authorization } })).json()) as Array<{ code: string; leaf: boolean }>;
    const leaves = categories.filter((c) => c.leaf).map((c) => c.code);
    const points = grids.map((g) => interiorPointOf(g));

    let caseNo = 0;
    const intakeAt = async (concurrency: number, requests: number, forMs?: number): Promise<IntakeRun> => {
      const events = watchEvents(nc, `${ns}.citygrid.ticketing.case.reported`);
      const before = meter.sample();
      const clientBefore = process.cpuUsage();
      const load = await drive(
        requests,
        concurrency,
        async () => {
          const i = caseNo++;
          const [lng, lat] = points[i % points.length] ?? [0, 0];
          return postLean(`${gateway.url}/api/v1/cases`, authorization, {
            source: 'patrol',
            categoryCode: leaves[i % leaves.length],
            description: `bench case ${i}: 占道经营 at the corner`,
            location: { type: 'Point', coordinates: [lng + (i % 7) * 1e-5, lat] },
            address: `伏牛路 ${i} 号`,
          });
        },
        forMs,
      );
      const after = meter.sample();
      const clientCpu = process.cpuUsage(clientBefore);
      // let the relay catch up with the run's last events before stopping the watch
      await new Promise((r) => setTimeout(r, 1000));
      const cpuMsPerCase = { ...CpuMeter.perOperation(before, after, load.requests), benchClient: round((clientCpu.user + clientCpu.system) / 1000 / load.requests) };
      return { ...load, cpuMsPerCase, eventLatency: await events.stop() };
    };

    const runs: IntakeRun[] = [];
    for (const level of levels) runs.push(await intakeAt(level.concurrency, level.requests));

    // Held at the fastest level: the backlog of unpublished rows, each second.
    const sustainSeconds = opts.sustainSeconds ?? 60;
    let sustained: SustainedRun | undefined;
    if (sustainSeconds > 0) {
      const fastest = [...runs].sort((a, b) => b.throughputPerSec - a.throughputPerSec)[0]!;
      const samples: number[] = [];
      const sampler = setInterval(() => {
        void pool.query<{ n: string }>(`select count(*) as n from "${ticketingSchema}"."outbox" where "published_at" is null`).then((r) => samples.push(Number(r.rows[0]?.n ?? 0)));
      }, 1000);
      const run = await intakeAt(fastest.concurrency, Number.MAX_SAFE_INTEGER, sustainSeconds * 1000);
      clearInterval(sampler);
      const half = Math.floor(samples.length / 2);
      const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
      sustained = { ...run, backlog: { samples, max: Math.max(0, ...samples), firstHalfMean: mean(samples.slice(0, half)), secondHalfMean: mean(samples.slice(half)) } };
    }

    // A backlog committed at once, drained by ticketing's relay (woken by its poll).
    const drainRows = opts.drainRows ?? 10_000;
    let drain: DrainRun | undefined;
    if (drainRows > 0) {
      const subject = `${ns}.citygrid.ticketing.bench.drained`;
      let heard = 0;
      let last = 0;
      const done = new Promise<void>((resolve) => {
        const sub = nc.subscribe(subject, {
          callback: () => {
            last = performance.now();
            if (++heard === drainRows) {
              sub.unsubscribe();
              resolve();
            }
          },
        });
      });
      await nc.flush();
      await pool.query(
        `insert into "${ticketingSchema}"."outbox" ("id", "subject", "type", "event")
         select id, $1, 'citygrid.bench.drained.v1', jsonb_build_object('specversion', '1.0', 'id', id, 'source', '/citygrid/bench', 'type', 'citygrid.bench.drained.v1', 'subject', id, 'time', now(), 'data', jsonb_build_object('n', n))
         from (select gen_random_uuid() as id, n from generate_series(1, $2::int) n) r`,
        [subject, drainRows],
      );
      const committed = performance.now();
      await done;
      const seconds = (last - committed) / 1000;
      drain = { rows: drainRows, seconds: round(seconds), eventsPerSec: round(drainRows / seconds) };
    }

    // The raw baseline: the real table's columns and indexes, and an outbox row, per transaction.
    await pool.query(`create schema "${rawSchema}"`);
    await pool.query(`create table "${rawSchema}"."ticket_case" (like "${ticketingSchema}"."ticket_case" including all)`);
    await pool.query(`create table "${rawSchema}"."outbox" (like "${ticketingSchema}"."outbox" including all)`);
    const headline = levels.find((l) => l.concurrency === 16) ?? levels[levels.length - 1]!;
    // One statement, so one round trip: the fastest way the database takes both rows in one transaction.
    const rawRun = (tag: string) =>
      drive(headline.requests, headline.concurrency, async (i) => {
        const id = randomUUID();
        await pool.query(
          `with c as (
           insert into "${rawSchema}"."ticket_case" ("id","number","source","category_code","description","lng","lat","address","priority","state","grid_code","grid_path","level","reporters","photos","created_by","created_at","updated_at")
           values ($1,$2,'patrol',$3,$4,$5,$6,$7,'normal','reported',$8,$9,5,'[]','[]','bench',now(),now()) returning "id"
         )
         insert into "${rawSchema}"."outbox" ("id","subject","type","event") select $10, $11, 'citygrid.case.reported.v1', $12::jsonb from c`,
          [
            id,
            `R${tag}-${i}`,
            leaves[i % leaves.length],
            `bench case ${i}: 占道经营 at the corner`,
            113.6,
            34.75,
            `伏牛路 ${i} 号`,
            '41010200500101',
            ['410100', '410102', '410102005', '410102005001', '41010200500101'],
            randomUUID(),
            `${ns}.citygrid.ticketing.case.reported`,
            JSON.stringify({
              specversion: '1.0',
              id,
              source: '/citygrid/ticketing',
              type: 'citygrid.case.reported.v1',
              subject: id,
              time: new Date().toISOString(),
              data: { id, number: `R${tag}-${i}` },
            }),
          ],
        );
        return 201;
      });
    const raw = await rawRun('');
    // The same with a NOTIFY per insert statement (how the relay used to be woken): what it costs the database.
    await pool.query(`create function "${rawSchema}"."outbox_notify"() returns trigger language plpgsql as $$ begin perform pg_notify('${rawSchema}_outbox', ''); return null; end $$`);
    await pool.query(`create trigger "outbox_notify" after insert on "${rawSchema}"."outbox" for each statement execute function "${rawSchema}"."outbox_notify"()`);
    const rawWithNotify = await rawRun('N');
    const intake = runs.find((r) => r.concurrency === headline.concurrency) ?? runs[runs.length - 1]!;
    return { intake, raw, rawWithNotify, ratio: round(intake.throughputPerSec / raw.throughputPerSec), levels: runs, sustained, drain };
  } finally {
    await gateway.stop();
    await ticketing.stop();
    await registry.stop();
    await pool.end();
    await deleteStream(nc, stream);
    await nc.drain();
    for (const s of schemas) await dropSchema(s);
  }
}

if (require.main === module) {
  runCaseIntakeBench()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
