/**
 * `npm run bench:reporting`: reporting's figures at size, in three parts, run in the order 2, 3, 1
 * (the KPI part writes gigabytes, whose checkpoints would slow the others down); `BENCH_ONLY=kpi`,
 * `latency`, `stream` or `replay` runs one.
 *
 * 1. **KPI query over 1 M and 10 M cases** (`BENCH_KPI_CASES`, default `1000000,10000000`, each
 *    rounded to a whole number of cases per level-3 grid, leaf category and day: multiples of
 *    1,000,008): a throwaway schema gets reporting's real tables and indexes (its committed
 *    migrations). The bench writes the cases of one subdistrict (the Linshanzhai tree: 51 level-3
 *    grids, 12 leaf categories, 1,634 days from 2010) into reporting's own per-case table
 *    `case_fact` with `generate_series`, and the rollups they make (`rollup_day`,
 *    `rollup_close_hours`: every node of the path, every level of the category and `*`, on the day
 *    each fact counts on) straight from `generate_series` too, not through events (every grid and
 *    leaf gets the same cases each day, so a node's row is a multiple of one leaf's). On that data:
 *    the KPI query of the real service (`KpisService` in process, and `GET /api/v1/reports/kpis`
 *    through the gateway and reporting as processes), its two rollup statements written with
 *    `= any(array)`, and a naive `GROUP BY` over `case_fact` computing the same figures. The
 *    answers are compared (they must agree); the ratio is naive / service.
 * 2. **Event → read model** at steady intakes (`BENCH_INTAKE_PER_SEC`, default `100,200` cases/s,
 *    `BENCH_INTAKE_SECONDS` each, default 30, after a drained warm-up): grid-registry, ticketing,
 *    reporting and the gateway as processes (as `case-intake.bench.ts` starts them), cases posted
 *    open-loop through the gateway. Each `case.reported` event's latency is the moment reporting's
 *    transaction applying it commits (a `NOTIFY` from a trigger the bench puts on reporting's
 *    inbox, delivered at commit) minus the event's `time` (set in ticketing's intake transaction);
 *    CPU ms per case by process as the intake bench reads it.
 *    **Reporting fed by the stream** (`BENCH_ONLY=stream`): the same rates, reporting alone,
 *    case events published straight to JetStream (every step of each case, a second apart), each
 *    event's publication → the commit applying it.
 * 3. **Replay** (`BENCH_REPLAY_CASES`, default 20,000 cases, about 6 events each): the events
 *    published to a stream of their own, reporting started with its consumers already at the end of
 *    it, then a rebuild: events replayed per second between the rebuild's start and end.
 *
 * Loopback only; every schema, stream and subject prefix is removed afterwards. Figures go to
 * `bench/results/reporting-<time>.json`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { type CityGridCloudEvent, findEventByType } from '@citygrid/contracts';
import { type Caller, Role } from '@citygrid/contracts/identity';
import { type KpiFiguresView, KpiGroupBy, type KpiReportView, type RebuildView } from '@citygrid/contracts/reporting';
import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { encodeCloudEvent, Subjects } from '@citygrid/messaging';
import { connectTestNats, deleteStream, dropSchema, ensureTestDatabase, startService, TEST_DATABASE_URL, TEST_NATS_URL, TestTokens, type RunningService } from '@citygrid/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { AckPolicy, DeliverPolicy, headers as natsHeaders, JSONCodec, type NatsConnection, nanos } from 'nats';
import { Client, Pool } from 'pg';

import { CaseStory, gridCreated } from '../apps/reporting/test/case-story';
import { CpuMeter, pidsNamed } from './process-cpu';
import { loadReportingEnv } from '../apps/reporting/src/config';
import { KpiRepository } from '../apps/reporting/src/kpis/kpi.repository';
import { KpisService } from '../apps/reporting/src/kpis/kpis.service';
import { migrateReporting } from '../apps/reporting/src/migrate';
import { reportingOrmOptions } from '../apps/reporting/src/orm';
import { CLOSE_BUCKET_EDGES_MS, MEASURES } from '../apps/reporting/src/read-models/projection';
import { MEASURE_COLUMNS } from '../apps/reporting/src/read-models/read-model.repository';

const round = (n: number): number => Math.round(n * 100) / 100;
const TZ = 'Asia/Shanghai';
const SUBDISTRICT = '410102005';
const QUARTER = '2013-Q1';
/** Timed runs of each KPI query, after one to warm up (the naive query: two, after one). */
const RUNS = 10;
const LEAVES = ['SJ0101', 'SJ0102', 'SJ0201', 'SJ0202', 'SJ0301', 'SJ0302', 'CM01', 'CM02', 'CM03', 'CM04', 'CM05', 'CM06'];
const ADMIN: Caller = { id: 'bench', kind: 'staff', name: 'bench', roles: [Role.SystemAdmin], nodeScope: null, departmentCode: null, staffId: null, scopes: [] };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function stats(ms: number[]): { runs: number; p50Ms: number; p99Ms: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { runs: s.length, p50Ms: round(percentile(s, 50)), p99Ms: round(percentile(s, 99)) };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

/** The Linshanzhai tree with each node's path, parents first. */
function tree(): Array<DemoNode & { path: string[] }> {
  const nodes = buildLinshanzhaiDataset().nodes;
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const pathOf = (n: DemoNode): string[] => {
    const parent = n.parentCode ? byCode.get(n.parentCode) : undefined;
    return parent ? [...pathOf(parent), n.code] : [n.code];
  };
  return nodes.map((n) => ({ ...n, path: pathOf(n) })).sort((a, b) => a.path.length - b.path.length || a.code.localeCompare(b.code));
}

/** The figures both queries give, to check they computed the same thing. */
type Compared = Pick<KpiFiguresView, 'found' | 'filed' | 'rejected' | 'dispatched' | 'closed' | 'due' | 'closedOnTime' | 'open'>;
const compared = (f: KpiFiguresView): Compared => ({
  found: f.found,
  filed: f.filed,
  rejected: f.rejected,
  dispatched: f.dispatched,
  closed: f.closed,
  due: f.due,
  closedOnTime: f.closedOnTime,
  open: f.open,
});

export interface KpiSizeResult {
  cases: number;
  /** Rows written, seconds taken: the cases, then the rollups made from them. */
  generated: { cases: number; caseSeconds: number; rollupSeconds: number; rollupRows: number; closeHourRows: number; caseTableMiB: number; rollupTableMiB: number };
  /** The KPI query of the service in process: the subdistrict's quarter, totals and one row per community. */
  kpi: { totals: ReturnType<typeof stats>; byChild: ReturnType<typeof stats> };
  /** The same through the gateway and reporting (HTTP → NATS → reporting → Postgres). */
  kpiHttp: { totals: ReturnType<typeof stats>; byChild: ReturnType<typeof stats> };
  /**
   * The two rollup statements of the KPI query (the counters and the hours histogram) as the
   * service writes them but with the node and category lists as `= any(array)`, which the
   * planner reads through the primary key (the service's `in (select jsonb_array_elements_text(…))`
   * is planned as a scan of the whole table).
   */
  rollupAny: { totals: ReturnType<typeof stats>; byChild: ReturnType<typeof stats> };
  /** A naive GROUP BY over the case table for the same figures. */
  naive: { totals: ReturnType<typeof stats>; byChild: ReturnType<typeof stats> };
  /** naive p50 / service (in process) p50. */
  ratio: { totals: number; byChild: number };
  /** Whether both gave the same counts for the subdistrict and each community. */
  agree: boolean;
}

/** Days of case history the KPI part generates: 2010-01-01 to 2014-06-22, the quarter asked for in the middle. */
const HISTORY_DAYS = 1634;

/**
 * The attributes of the `j`-th case reported on day `d` of the history, the same in every grid and
 * leaf category (so that every node's rollups are a multiple of one leaf's): reported during the
 * day, filed an hour later, dispatched at two hours with 48 hours to go, closed 4 to 93 hours after
 * the report; 3 in 100 rejected instead; 3 in 100 of the last 60 days' cases still open.
 */
const CASE_COLUMNS = `
  r.at as reported_at,
  case when k.rejected then null else r.at + interval '1 hour' end as filed_at,
  case when k.rejected then r.at + interval '2 hours' end as rejected_at,
  case when k.rejected then null else r.at + interval '2 hours' end as dispatched_at,
  case when k.rejected or k.open then null else r.at + make_interval(hours => k.close_h) end as closed_at,
  case when k.open then r.at + interval '50 hours' end as deadline,
  case when k.rejected then null else r.at + interval '50 hours' end as due_at,
  case when k.rejected or k.open then null else k.close_h <= 48 end as on_time,
  case when k.rejected then 'rejected' when k.open then 'dispatched' else 'closed' end as state,
  (k.seq % 17 = 0)::int as rework_count, (k.seq % 23 = 0)::int as escalation_count`;
const CASE_FROM = (perDay: string) => `generate_series(0, ${HISTORY_DAYS - 1}) as d
  cross join generate_series(0, ${perDay} - 1) as j
  cross join lateral (select d * ${perDay} + j as seq) q
  cross join lateral (select timestamptz '2010-01-01 08:00:00+08' + make_interval(days => d, mins => (j * 37 + d * 11) % 600) as at) r
  cross join lateral (select q.seq % 33 = 0 as rejected, q.seq % 33 = 1 and d >= ${HISTORY_DAYS - 60} as open, (4 + (q.seq * 7) % 90)::int as close_h, q.seq) k`;

/** The measures of each case on the day each counts on (the projector's days), summed by day. */
const PROFILE = `
  select (m.at at time zone $1)::date as day,
    sum(m.found)::bigint as found, sum(m.filed)::bigint as filed, sum(m.rejected)::bigint as rejected, sum(m.dispatched)::bigint as dispatched, sum(m.handled)::bigint as handled,
    sum(m.closed)::bigint as closed, sum(m.close_ms)::bigint as close_ms, sum(m.due)::bigint as due, sum(m.on_time)::bigint as closed_on_time,
    sum(m.reworked)::bigint as reworked, sum(m.escalated)::bigint as escalated, sum(m.settled)::bigint as settled
  from bench_one f
  cross join lateral (values
    (f.reported_at, 1, 0, 0, 0, 0, 0, 0::bigint, 0, 0, 0, f.escalation_count, 0),
    (f.filed_at, 0, 1, 0, 0, 0, 0, 0::bigint, 0, 0, 0, 0, 0),
    (f.rejected_at, 0, 0, 1, 0, 0, 0, 0::bigint, 0, 0, 0, 0, 1),
    (f.dispatched_at, 0, 0, 0, 1, 0, 0, 0::bigint, 0, 0, 0, 0, 0),
    (f.closed_at, 0, 0, 0, 0, 1 + f.rework_count, 1, (extract(epoch from f.closed_at - f.reported_at) * 1000)::bigint, 0, 0, f.rework_count, 0, 1),
    (f.due_at, 0, 0, 0, 0, 0, 0, 0::bigint, 1, coalesce(f.on_time, false)::int, 0, 0, 0)
  ) as m(at, found, filed, rejected, dispatched, handled, closed, close_ms, due, on_time, reworked, escalated, settled)
  where m.at is not null
  group by 1`;

/**
 * Write about `n` cases into `case_fact` (a whole number per grid, leaf category and day) and,
 * straight from `generate_series`, the rollups they make: every node's row for a category level
 * and day is (level-3 grids beneath it) × (leaf categories beneath the level) × one leaf's counts
 * of that day, which the bench computes from one leaf's cases.
 */
async function generate(pool: Pool, s: string, n: number, nodes: ReadonlyArray<DemoNode & { path: string[] }>): Promise<KpiSizeResult['generated']> {
  const grids = nodes.filter((g) => g.gridLevel === 3);
  const perDay = Math.max(1, Math.round(n / (grids.length * LEAVES.length * HISTORY_DAYS)));
  const client = await pool.connect();
  try {
    await client.query(`truncate ${s}."case_fact", ${s}."rollup_day", ${s}."rollup_close_hours"`);
    await client.query(`set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'`);
    await client.query(`drop table if exists pg_temp.bench_grid; drop table if exists pg_temp.bench_cat; drop table if exists pg_temp.bench_one`);
    await client.query(
      `create temp table bench_grid as select (ord - 1)::int as idx, value->>'code' as code, array(select jsonb_array_elements_text(value->'path')) as path from jsonb_array_elements($1::jsonb) with ordinality as t(value, ord)`,
      [JSON.stringify(grids.map((g) => ({ code: g.code, path: g.path })))],
    );
    // each leaf with the levels it rolls up to (`SJ0101` → `SJ0101`, `SJ01`, `SJ`; `CM05` → `CM05`, `CM`), as the projector's categoryLevels
    await client.query(
      `create temp table bench_cat as select (ord - 1)::int as idx, code, array(select left(code, l) from generate_series(length(code), 2, -2) l) as levels from unnest($1::text[]) with ordinality as t(code, ord)`,
      [LEAVES],
    );
    const [inserted, caseMs] = await timed(() =>
      client.query(
        `insert into ${s}."case_fact" ("case_id", "number", "category_code", "category_path", "grid_path", "state", "reported_at", "filed_at", "rejected_at", "dispatched_at",
           "closed_at", "deadline", "due_at", "on_time", "rework_count", "escalation_count", "reopen_count", "fold")
         select lpad(to_hex((x.seq * ${grids.length} + g.idx) * ${LEAVES.length} + c.idx + 1), 32, '0')::uuid, 'B-' || x.seq || '-' || g.idx || '-' || c.idx, c.code, c.levels, g.path, x.state,
           x.reported_at, x.filed_at, x.rejected_at, x.dispatched_at, x.closed_at, x.deadline, x.due_at, x.on_time, x.rework_count, x.escalation_count, 0, '{}'::jsonb
         from (select k.seq, ${CASE_COLUMNS} from ${CASE_FROM(String(perDay))}) x
         cross join bench_grid g cross join bench_cat c`,
      ),
    );
    const [rollups, rollupMs] = await timed(async () => {
      // one leaf's cases, and their counts by day and by day and hours-to-close bucket
      await client.query(`create temp table bench_one as select ${CASE_COLUMNS} from ${CASE_FROM(String(perDay))}`);
      await client.query(`drop table if exists pg_temp.bench_profile`);
      await client.query(`create temp table bench_profile as ${PROFILE}`, [TZ]);
      await client.query(`drop table if exists pg_temp.bench_hours`);
      await client.query(
        `create temp table bench_hours as
         select (closed_at at time zone $1)::date as day, (select count(*) from unnest($2::bigint[]) e where e < extract(epoch from closed_at - reported_at) * 1000)::smallint as bucket, count(*) as cases
         from bench_one where closed_at is not null group by 1, 2`,
        [TZ, CLOSE_BUCKET_EDGES_MS],
      );
      // every node with the level-3 grids beneath it, every category level (and `*`) with its leaves
      await client.query(
        `drop table if exists pg_temp.bench_node; create temp table bench_node as select p.code, count(*)::bigint as grids from bench_grid g cross join unnest(g.path) as p(code) group by 1`,
      );
      await client.query(
        `drop table if exists pg_temp.bench_level; create temp table bench_level as select l.code, count(*)::bigint as leaves from bench_cat c cross join unnest(c.levels || '*'::text) as l(code) group by 1`,
      );
      const rows = await client.query(
        `insert into ${s}."rollup_day" ("node_code", "category_code", "day", "found", "filed", "rejected", "dispatched", "handled", "closed", "close_timed", "close_ms", "due", "closed_on_time", "reworked", "escalated", "settled")
         select n.code, l.code, p.day, m * p.found, m * p.filed, m * p.rejected, m * p.dispatched, m * p.handled, m * p.closed, m * p.closed, m * p.close_ms, m * p.due,
           m * p.closed_on_time, m * p.reworked, m * p.escalated, m * p.settled
         from bench_node n cross join bench_level l cross join lateral (select n.grids * l.leaves as m) x cross join bench_profile p
         order by 1, 2, 3`,
      );
      const hours = await client.query(
        `insert into ${s}."rollup_close_hours" ("node_code", "category_code", "day", "bucket", "cases")
         select n.code, l.code, h.day, h.bucket, n.grids * l.leaves * h.cases from bench_node n cross join bench_level l cross join bench_hours h order by 1, 2, 3, 4`,
      );
      await client.query(`analyze ${s}."case_fact"; analyze ${s}."rollup_day"; analyze ${s}."rollup_close_hours"`);
      return { rollupRows: rows.rowCount ?? 0, closeHourRows: hours.rowCount ?? 0 };
    });
    const size = async (table: string): Promise<number> => round(Number((await client.query<{ b: string }>(`select pg_total_relation_size($1) as b`, [`${s}."${table}"`])).rows[0]?.b ?? 0) / 2 ** 20);
    return {
      cases: inserted.rowCount ?? 0,
      caseSeconds: round(caseMs / 1000),
      rollupSeconds: round(rollupMs / 1000),
      ...rollups,
      caseTableMiB: await size('case_fact'),
      rollupTableMiB: await size('rollup_day'),
    };
  } finally {
    client.release();
  }
}

/**
 * The figures of the KPI query computed from the cases alone, as one would without rollups: one
 * pass over every case of the node's subtree, each fact counted when its day (working time zone)
 * falls in the period; `open` = reported − settled up to the period's end. By child: the same,
 * grouped by the path's next code.
 */
function naiveSql(s: string, byChild: boolean): string {
  const day = (col: string): string => `("${col}" at time zone $4)::date`;
  const inPeriod = (col: string): string => `${day(col)} between $2::date and $3::date`;
  return `select ${byChild ? `"grid_path"[array_position("grid_path", $1) + 1]` : `''`} as "key",
      count(*) filter (where ${inPeriod('reported_at')}) as "found",
      count(*) filter (where ${inPeriod('filed_at')}) as "filed",
      count(*) filter (where ${inPeriod('rejected_at')}) as "rejected",
      count(*) filter (where ${inPeriod('dispatched_at')}) as "dispatched",
      count(*) filter (where ${inPeriod('closed_at')}) as "closed",
      count(*) filter (where ${inPeriod('due_at')}) as "due",
      count(*) filter (where ${inPeriod('due_at')} and "on_time") as "closedOnTime",
      count(*) filter (where ${day('reported_at')} <= $3::date) - count(*) filter (where ${day('closed_at')} <= $3::date or ${day('rejected_at')} <= $3::date) as "open",
      avg(extract(epoch from "closed_at" - "reported_at") / 3600) filter (where ${inPeriod('closed_at')}) as "avgHours",
      percentile_disc(0.9) within group (order by "closed_at" - "reported_at") filter (where ${inPeriod('closed_at')}) as "p90"
    from ${s}."case_fact"
    where "grid_path" @> array[$1]::text[] and "reported_at" < ($3::date + 1)::timestamp at time zone $4
    group by 1 order by 1`;
}

async function kpiBench(sizes: readonly number[]): Promise<KpiSizeResult[]> {
  const ns = `benchkpi${randomBytes(3).toString('hex')}`;
  const schema = `reporting_${ns}`;
  const s = `"${schema}"`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  await ensureTestDatabase();
  const env = loadReportingEnv({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'warn' }, {});
  await migrateReporting(env, true);
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  const orm = await MikroORM.init(reportingOrmOptions(env));
  const tokens = await TestTokens.create();
  const authorization = `Bearer ${await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 7200 })}`;
  const common = { NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, LOG_LEVEL: 'warn', AUTH_JWKS: tokens.jwksJson };
  let reporting: RunningService | undefined;
  let gateway: RunningService | undefined;
  const nc = await connectTestNats();
  try {
    const nodes = tree();
    await pool.query(
      `insert into ${s}."node" ("code", "parent_code", "path", "name", "kind", "grid_level", "created_at", "version")
       select r.code, r.parent, array(select jsonb_array_elements_text(r.path)), r.name, r.kind, r.level, timestamptz '2009-12-31T00:00:00+08', 1
       from jsonb_to_recordset($1::jsonb) as r(code text, parent text, path jsonb, name text, kind text, level smallint)`,
      [JSON.stringify(nodes.map((n) => ({ code: n.code, parent: n.parentCode, path: n.path, name: n.name, kind: n.kind, level: n.gridLevel })))],
    );
    reporting = await startService('reporting', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, MIGRATE_ON_START: 'true' });
    gateway = await startService('gateway', { ...common, RATE_LIMIT_PER_MINUTE: '100000000' });
    const gatewayUrl = gateway.url;
    const kpis = new KpisService(new KpiRepository(orm, env), env);
    const period = { from: '2013-01-01', to: '2013-03-31' };
    const communities = nodes.filter((n) => n.parentCode === SUBDISTRICT).map((n) => n.code);
    const results: KpiSizeResult[] = [];
    for (const cases of sizes) {
      console.log(`  generating ${cases.toLocaleString('en')} cases and their rollups …`);
      const generated = await generate(pool, s, cases, nodes);
      console.log(`  ${generated.cases.toLocaleString('en')} cases in ${generated.caseSeconds} s, ${generated.rollupRows.toLocaleString('en')} rollup rows in ${generated.rollupSeconds} s`);
      const service = async (groupBy?: KpiGroupBy): Promise<[KpiReportView, number[]]> => {
        const runs: number[] = [];
        let last: KpiReportView | undefined;
        for (let i = 0; i < RUNS + 1; i++) {
          const [r, ms] = await timed(() => kpis.query(ADMIN, { node: SUBDISTRICT, period: QUARTER, groupBy }));
          last = r;
          if (i >= 1) runs.push(ms);
        }
        if (!last) throw new Error('no KPI answer');
        return [last, runs];
      };
      const overHttp = async (groupBy?: string): Promise<number[]> => {
        const runs: number[] = [];
        for (let i = 0; i < RUNS + 1; i++) {
          const [status, ms] = await timed(() => getStatus(`${gatewayUrl}/api/v1/reports/kpis?node=${SUBDISTRICT}&period=${QUARTER}${groupBy ? `&groupBy=${groupBy}` : ''}`, authorization));
          if (status !== 200) throw new Error(`KPI query through the gateway answered ${status}`);
          if (i >= 1) runs.push(ms);
        }
        return runs;
      };
      const naive = async (byChild: boolean): Promise<[Array<Record<string, string>>, number[]]> => {
        const runs: number[] = [];
        let rows: Array<Record<string, string>> = [];
        for (let i = 0; i < 3; i++) {
          const [r, ms] = await timed(() => pool.query<Record<string, string>>(naiveSql(s, byChild), [SUBDISTRICT, period.from, period.to, TZ]));
          rows = r.rows;
          if (i >= 1) runs.push(ms);
        }
        return [rows, runs];
      };
      const [totals, totalsMs] = await service();
      const [byChild, byChildMs] = await service(KpiGroupBy.Child);
      const httpTotals = await overHttp();
      const httpByChild = await overHttp('child');
      const rollupAny = async (nodesAsked: string[], by: 'none' | 'node'): Promise<[Array<Record<string, string>>, number[]]> => {
        const key = by === 'node' ? '"node_code"' : `''`;
        const columns = MEASURES.map((m) => `coalesce(sum("${MEASURE_COLUMNS[m]}") filter (where "day" >= $4::date), 0)::bigint as "${m}"`).join(', ');
        const runs: number[] = [];
        let counters: Array<Record<string, string>> = [];
        for (let i = 0; i < RUNS + 1; i++) {
          const [[sums], ms] = await timed(() =>
            Promise.all([
              pool.query(
                `select ${key} as "key", ${columns}, coalesce(sum("found" - "settled" + "reopened"), 0)::bigint as "net" from ${s}."rollup_day"
                 where "node_code" = any($1::text[]) and "category_code" = any($2::text[]) and "day" <= $3::date group by 1`,
                [nodesAsked, ['*'], period.to, period.from],
              ),
              pool.query(
                `select ${key} as "key", "bucket", sum("cases")::bigint as "cases" from ${s}."rollup_close_hours"
                 where "node_code" = any($1::text[]) and "category_code" = any($2::text[]) and "day" between $3::date and $4::date group by 1, 2`,
                [nodesAsked, ['*'], period.from, period.to],
              ),
            ]),
          );
          counters = sums.rows as Array<Record<string, string>>;
          if (i >= 1) runs.push(ms);
        }
        return [counters, runs];
      };
      const [anyTotalsRows, anyTotals] = await rollupAny([SUBDISTRICT], 'none');
      const [, anyByChild] = await rollupAny(communities, 'node');
      const [naiveTotals, naiveTotalsMs] = await naive(false);
      const [naiveByChild, naiveByChildMs] = await naive(true);
      const fromNaive = (r: Record<string, string> | undefined): Compared => ({
        found: Number(r?.['found'] ?? 0),
        filed: Number(r?.['filed'] ?? 0),
        rejected: Number(r?.['rejected'] ?? 0),
        dispatched: Number(r?.['dispatched'] ?? 0),
        closed: Number(r?.['closed'] ?? 0),
        due: Number(r?.['due'] ?? 0),
        closedOnTime: Number(r?.['closedOnTime'] ?? 0),
        open: Number(r?.['open'] ?? 0),
      });
      const anyRow = anyTotalsRows[0];
      const agree =
        JSON.stringify(compared(totals.figures)) === JSON.stringify(fromNaive(naiveTotals[0])) &&
        JSON.stringify(compared(totals.figures)) === JSON.stringify(fromNaive(anyRow && { ...anyRow, open: anyRow['net'] ?? '0' })) &&
        communities.every((c) => {
          const row = byChild.rows.find((r) => r.key === c);
          return row !== undefined && JSON.stringify(compared(row.figures)) === JSON.stringify(fromNaive(naiveByChild.find((r) => r['key'] === c)));
        });
      if (!agree) console.log('  the answers differ', { service: compared(totals.figures), naive: fromNaive(naiveTotals[0]) });
      const kpi = { totals: stats(totalsMs), byChild: stats(byChildMs) };
      const naiveStats = { totals: stats(naiveTotalsMs), byChild: stats(naiveByChildMs) };
      results.push({
        cases: generated.cases,
        generated,
        kpi,
        kpiHttp: { totals: stats(httpTotals), byChild: stats(httpByChild) },
        rollupAny: { totals: stats(anyTotals), byChild: stats(anyByChild) },
        naive: naiveStats,
        ratio: { totals: round(naiveStats.totals.p50Ms / kpi.totals.p50Ms), byChild: round(naiveStats.byChild.p50Ms / kpi.byChild.p50Ms) },
        agree,
      });
      console.log(`  KPI p50 ${kpi.totals.p50Ms} ms (by community ${kpi.byChild.p50Ms} ms), naive p50 ${naiveStats.totals.p50Ms} ms (${naiveStats.byChild.p50Ms} ms), answers agree: ${agree}`);
    }
    return results;
  } finally {
    await gateway?.stop();
    await reporting?.stop();
    await orm.close();
    await pool.end();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function getStatus(url: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', agent, headers: { authorization } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end();
  });
}

function postStatus(url: string, authorization: string, body: unknown): Promise<number> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length, authorization } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(data);
  });
}

export interface LatencyResult {
  targetPerSec: number;
  seconds: number;
  /** Cases accepted (201) and refused or failed. */
  accepted: number;
  failures: number;
  achievedPerSec: number;
  /** Intake request latency through the gateway. */
  request: { p50Ms: number; p99Ms: number };
  /** `case.reported` event time → reporting's transaction applying it committed. */
  eventToReadModel: { events: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** `case.reported` event time → heard on the stream (ticketing's commit and relay): the first part of the above. */
  eventToStream: { p50Ms: number; p99Ms: number };
  /** `case.reported` event time → reporting began applying it (the inbox row's time), with no trigger involved: a cross-check of the above. */
  eventToApplyStart: { p50Ms: number; p99Ms: number };
  /** CPU ms per case in each process over the run (and while the last events were applied). */
  cpuMsPerCase: Record<string, number>;
}

/**
 * Cases posted at each steady rate through the gateway (after a warm-up at a quarter of the
 * first rate, drained before measuring); each event's time to reporting's committed read model.
 */
async function latencyBench(rates: readonly number[], seconds: number): Promise<LatencyResult[]> {
  const ns = `benchlat${randomBytes(3).toString('hex')}`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  const [registrySchema, ticketingSchema, reportingSchema] = [`grid_registry_${ns}`, `ticketing_${ns}`, `reporting_${ns}`];
  await ensureTestDatabase();
  const tokens = await TestTokens.create();
  const authorization = `Bearer ${await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 3600 })}`;
  const common = { NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: ns, EVENT_STREAM: stream, LOG_LEVEL: 'warn', AUTH_JWKS: tokens.jwksJson };
  const services: Record<string, RunningService> = {};
  const nc = await connectTestNats();
  const listener = new Client({ connectionString: TEST_DATABASE_URL });
  try {
    services['grid-registry'] = await startService('grid-registry', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: registrySchema, MIGRATE_ON_START: 'true' }, 60000, cpuProfileArgs());
    services['ticketing'] = await startService('ticketing', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: ticketingSchema, MIGRATE_ON_START: 'true' }, 60000, cpuProfileArgs());
    services['reporting'] = await startService('reporting', { ...common, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: reportingSchema, MIGRATE_ON_START: 'true' }, 60000, cpuProfileArgs());
    const gateway = await startService('gateway', { ...common, RATE_LIMIT_PER_MINUTE: '100000000' }, 60000, cpuProfileArgs());
    services['gateway'] = gateway;
    const pidOf = (svc: RunningService) => (): number[] => (svc.process.pid ? [svc.process.pid] : []);
    const meter = new CpuMeter({
      ...Object.fromEntries(Object.entries(services).map(([name, svc]) => [name, pidOf(svc)])),
      postgres: () => pidsNamed('postgres'),
      'nats-server': () => pidsNamed('nats-server'),
    });
    // community 1's grids and the nodes above them, as the intake bench sets them up
    const nodes = tree().filter((n) => n.path.length <= 3 || n.code.startsWith('410102005001'));
    for (const n of nodes) {
      const status = await postStatus(`${gateway.url}/api/v1/nodes`, authorization, {
        code: n.code,
        name: n.name,
        kind: n.kind,
        ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
        ...(n.parentCode ? { parentCode: n.parentCode } : {}),
        boundary: n.boundary,
      });
      if (status !== 201) throw new Error(`setup node ${n.code}: ${status}`);
    }
    const grids = nodes.filter((n) => n.gridLevel === 3);
    const points = grids.map((g) => interiorPointOf(g));
    const categories = (await (await fetch(`${gateway.url}/api/v1/categories`, { headers: { authorization } })).json()) as Array<{ code: string; leaf: boolean }>;
    const leaves = categories.filter((c) => c.leaf).map((c) => c.code);
    await listener.connect();
    const committed = await watchCommits(listener, reportingSchema, ns);
    const reported = new Map<string, number>();
    const onStream = new Map<string, number>();
    const sub = nc.subscribe(`${ns}.citygrid.ticketing.case.reported`, {
      callback: (err, m) => {
        if (err) return;
        const e = m.json<{ id: string; time: string }>();
        reported.set(e.id, Date.parse(e.time));
        onStream.set(e.id, Date.now());
      },
    });
    let caseNo = 0;
    /** Post cases open-loop at `perSec` for `forSeconds`, then wait until reporting applied every one heard. */
    const run = async (perSec: number, forSeconds: number): Promise<LatencyResult> => {
      reported.clear();
      onStream.clear();
      committed.clear();
      const before = meter.sample();
      const latencies: number[] = [];
      let accepted = 0;
      let failures = 0;
      const total = Math.round(perSec * forSeconds);
      const started = performance.now();
      const inFlight: Array<Promise<void>> = [];
      for (let i = 0; i < total; i++) {
        const wait = started + (i * 1000) / perSec - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const n = caseNo++;
        const [lng, lat] = points[n % points.length] ?? [0, 0];
        const t0 = performance.now();
        inFlight.push(
          postStatus(`${gateway.url}/api/v1/cases`, authorization, {
            source: 'patrol',
            categoryCode: leaves[n % leaves.length],
            description: `reporting bench case ${n}: 占道经营`,
            location: { type: 'Point', coordinates: [lng + (n % 7) * 1e-5, lat] },
            address: `伏牛路 ${n} 号`,
          }).then(
            (status) => {
              latencies.push(performance.now() - t0);
              if (status === 201) accepted++;
              else failures++;
            },
            () => void failures++,
          ),
        );
      }
      await Promise.all(inFlight);
      const elapsed = (performance.now() - started) / 1000;
      // the last ones: through the relay to the stream, then applied by reporting
      for (let i = 0; i < 1200 && (reported.size < accepted || [...reported.keys()].some((id) => !committed.has(id))); i++) await new Promise((r) => setTimeout(r, 100));
      const cpuMsPerCase = CpuMeter.perOperation(before, meter.sample(), Math.max(1, accepted));
      const toReadModel = [...reported].flatMap(([id, at]) => {
        const done = committed.get(id);
        return done === undefined ? [] : [done - at];
      });
      toReadModel.sort((a, b) => a - b);
      const toStream = [...reported].map(([id, at]) => (onStream.get(id) ?? at) - at).sort((a, b) => a - b);
      const inbox = await listener.query<{ event_id: string; at: Date }>(
        `select "event_id", "processed_at" as "at" from "${reportingSchema}"."inbox" where "consumer" = 'reporting' and "event_id" = any($1::uuid[])`,
        [[...reported.keys()]],
      );
      const toApplyStart = inbox.rows.map((r) => r.at.getTime() - (reported.get(r.event_id) ?? r.at.getTime())).sort((a, b) => a - b);
      const req = stats(latencies);
      return {
        targetPerSec: perSec,
        seconds: round(elapsed),
        accepted,
        failures,
        achievedPerSec: round(accepted / elapsed),
        request: { p50Ms: req.p50Ms, p99Ms: req.p99Ms },
        eventToReadModel: { events: toReadModel.length, p50Ms: round(percentile(toReadModel, 50)), p99Ms: round(percentile(toReadModel, 99)), maxMs: round(toReadModel.at(-1) ?? 0) },
        eventToStream: { p50Ms: round(percentile(toStream, 50)), p99Ms: round(percentile(toStream, 99)) },
        eventToApplyStart: { p50Ms: round(percentile(toApplyStart, 50)), p99Ms: round(percentile(toApplyStart, 99)) },
        cpuMsPerCase,
      };
    };
    // warm-up (code paths, plans, caches), drained before anything is measured
    await run(Math.max(10, Math.round((rates[0] ?? 200) / 4)), 5);
    const out: LatencyResult[] = [];
    for (const perSec of rates) {
      const r = await run(perSec, seconds);
      console.log(`  ${perSec} cases/s: event → read model p50 ${r.eventToReadModel.p50Ms} ms, p99 ${r.eventToReadModel.p99Ms} ms`);
      out.push(r);
    }
    sub.unsubscribe();
    return out;
  } finally {
    await listener.end().catch(() => undefined);
    for (const svc of Object.values(services).reverse()) await svc.stop();
    await deleteStream(nc, stream);
    await nc.drain();
    for (const schema of [registrySchema, ticketingSchema, reportingSchema]) await dropSchema(schema);
  }
}

export interface StreamLatencyResult {
  targetCasesPerSec: number;
  /** Events published per second over the run (each case's events one second apart). */
  eventsPerSec: number;
  seconds: number;
  events: number;
  /** Publish to the stream → reporting's transaction applying the event committed, every event. */
  eventToReadModel: { events: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Publish → the stream's acknowledgement. */
  publish: { p50Ms: number; p99Ms: number };
  /** CPU ms per case in reporting, Postgres and nats-server over the run. */
  cpuMsPerCase: Record<string, number>;
}

/**
 * Reporting alone fed by the stream: case events published to JetStream at steady rates of
 * cases/s, as ticketing publishes them (a case's report, filing, dispatch, acceptance, handling
 * and for nine in ten its closing, one second apart, so that each second holds new reports and
 * the next steps of the cases before), and every event's time from its publication to the commit
 * of reporting's transaction applying it (the same trigger on the inbox as the other latency part).
 * This is the event → read model path without the intake in front of it, whose services share
 * the two cores of this machine with it in the other part.
 */
async function streamLatencyBench(rates: readonly number[], seconds: number): Promise<StreamLatencyResult[]> {
  const ns = `benchstr${randomBytes(3).toString('hex')}`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  const schema = `reporting_${ns}`;
  const subjects = new Subjects({ prefix: ns, stream });
  await ensureTestDatabase();
  const tokens = await TestTokens.create();
  const nc = await connectTestNats();
  const listener = new Client({ connectionString: TEST_DATABASE_URL });
  let reporting: RunningService | undefined;
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: subjects.streamSubjects() });
    const js = nc.jetstream();
    reporting = await startService(
      'reporting',
      {
        NATS_URL: TEST_NATS_URL,
        NATS_SUBJECT_PREFIX: ns,
        EVENT_STREAM: stream,
        LOG_LEVEL: 'warn',
        AUTH_JWKS: tokens.jwksJson,
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        MIGRATE_ON_START: 'true',
      },
      60000,
      cpuProfileArgs(),
    );
    const svc = reporting;
    const nodes = tree();
    for (const n of nodes) {
      const e = gridCreated(n.code, n.name, new Date().toISOString());
      await js.publish(subjects.event(eventSubjectOf(e.type)), encodeCloudEvent(e), { msgID: e.id });
    }
    const grids = nodes.filter((n) => n.gridLevel === 3);
    await listener.connect();
    const committed = await watchCommits(listener, schema, ns);
    const meter = new CpuMeter({ reporting: () => (svc.process.pid ? [svc.process.pid] : []), postgres: () => pidsNamed('postgres'), 'nats-server': () => pidsNamed('nats-server') });
    let caseNo = 0;
    const run = async (perSec: number, forSeconds: number): Promise<StreamLatencyResult> => {
      committed.clear();
      const cases = Math.round(perSec * forSeconds);
      const stories = Array.from({ length: cases }, () => {
        const n = caseNo++;
        const story = new CaseStory(grids[n % grids.length]?.code ?? '', LEAVES[n % LEAVES.length] ?? 'CM05', new Date().toISOString()).after(1).file().dispatch(48).accept().after(5).handle();
        if (n % 10 !== 0) story.after(2).close();
        return story;
      });
      const steps = Math.max(...stories.map((st) => st.events.length));
      const published = new Map<string, number>();
      const acks: number[] = [];
      const pending: Array<Promise<void>> = [];
      let failures = 0;
      const before = meter.sample();
      const started = performance.now();
      // tick t: the report of case t, and step k of the case reported k seconds before
      const ticks = cases + (steps - 1) * perSec;
      for (let t = 0; t < ticks; t++) {
        const wait = started + (t * 1000) / perSec - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        for (let k = 0; k < steps; k++) {
          const e = stories[t - k * perSec]?.events[k];
          if (!e) continue;
          const at = Date.now();
          published.set(e.id, at);
          pending.push(
            js.publish(subjects.event(eventSubjectOf(e.type)), encodeCloudEvent(e), { msgID: e.id }).then(
              () => void acks.push(Date.now() - at),
              () => void failures++,
            ),
          );
        }
      }
      await Promise.all(pending);
      const elapsed = (performance.now() - started) / 1000;
      for (let i = 0; i < 600 && [...published.keys()].some((id) => !committed.has(id)); i++) await new Promise((r) => setTimeout(r, 100));
      const cpuMsPerCase = CpuMeter.perOperation(before, meter.sample(), cases);
      if (failures) throw new Error(`${failures} events were not published`);
      const latencies = [...published].flatMap(([id, at]) => {
        const done = committed.get(id);
        return done === undefined ? [] : [done - at];
      });
      latencies.sort((a, b) => a - b);
      const ack = stats(acks);
      return {
        targetCasesPerSec: perSec,
        eventsPerSec: round(published.size / elapsed),
        seconds: round(elapsed),
        events: published.size,
        eventToReadModel: { events: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), maxMs: round(latencies.at(-1) ?? 0) },
        publish: { p50Ms: ack.p50Ms, p99Ms: ack.p99Ms },
        cpuMsPerCase,
      };
    };
    // warm-up (code paths, plans, caches), drained before anything is measured
    await run(Math.max(10, Math.round((rates[0] ?? 200) / 4)), 5);
    const out: StreamLatencyResult[] = [];
    for (const perSec of rates) {
      const r = await run(perSec, seconds);
      console.log(`  ${perSec} cases/s (${r.eventsPerSec} events/s): publish → read model p50 ${r.eventToReadModel.p50Ms} ms, p99 ${r.eventToReadModel.p99Ms} ms`);
      out.push(r);
    }
    return out;
  } finally {
    await listener.end().catch(() => undefined);
    await reporting?.stop();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }
}

export interface ReplayResult {
  cases: number;
  events: number;
  eventsReplayed: number;
  seconds: number;
  eventsPerSec: number;
  /** The subdistrict's `found` after the rebuild (must equal `cases`). */
  found: number;
  /** Rows the rebuild left in the read models and the inbox. */
  rows: number;
  /**
   * The raw baseline, in the same run: the database alone writing those same rows (copied from
   * the rebuilt tables into empty copies of them, with their keys, in one transaction), seconds.
   */
  rawSeconds: number;
  /** The events per second the raw baseline stands for (events / rawSeconds). */
  rawEventsPerSec: number;
}

/** The rebuilt tables copied into empty tables of the same shape, keys included, in one transaction: the database alone writing what a rebuild writes. */
async function rawWriteBaseline(schema: string): Promise<{ rows: number; seconds: number }> {
  const tables = ['case_fact', 'rollup_day', 'rollup_close_hours', 'patrol_grid_day', 'node', 'inbox'];
  const raw = `${schema}_raw`;
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`create schema "${raw}"`);
    for (const t of tables) await client.query(`create table "${raw}"."${t}" (like "${schema}"."${t}" including all)`);
    const started = performance.now();
    let rows = 0;
    await client.query('begin');
    for (const t of tables) rows += (await client.query(`insert into "${raw}"."${t}" select * from "${schema}"."${t}"`)).rowCount ?? 0;
    await client.query('commit');
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.query(`drop schema if exists "${raw}" cascade`).catch(() => undefined);
    await client.end();
  }
}

/** A stream of case events replayed by a rebuild, the live consumers already past them. */
async function replayBench(cases: number): Promise<ReplayResult> {
  const ns = `benchrep${randomBytes(3).toString('hex')}`;
  const stream = `CITYGRID_${ns.toUpperCase()}`;
  const schema = `reporting_${ns}`;
  const subjects = new Subjects({ prefix: ns, stream });
  await ensureTestDatabase();
  const tokens = await TestTokens.create();
  const nc = await connectTestNats();
  let reporting: RunningService | undefined;
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: subjects.streamSubjects() });
    const nodes = tree();
    const grids = nodes.filter((n) => n.gridLevel === 3);
    const events: CityGridCloudEvent[] = nodes.map((n) => gridCreated(n.code, n.name, '2012-12-31T00:00:00.000Z'));
    for (let i = 0; i < cases; i++) {
      // within 2013 in Zhengzhou: from 1 January 08:00 on, all on days of 2013 there
      const at = new Date(Date.UTC(2013, 0, 1) + Math.floor((i * 364 * 86_400_000) / cases)).toISOString();
      const story = new CaseStory(grids[i % grids.length]?.code ?? '', LEAVES[i % LEAVES.length] ?? 'CM05', at).after(1).file().dispatch(48).accept().after(5).handle();
      if (i % 10 !== 0) story.after(2).close();
      events.push(...story.events);
    }
    const js = nc.jetstream();
    for (let i = 0; i < events.length; i += 500) {
      await Promise.all(events.slice(i, i + 500).map((e) => js.publish(subjects.event(eventSubjectOf(e.type)), encodeCloudEvent(e), { msgID: e.id })));
    }
    // reporting's consumers, already at the end of the stream: only the rebuild reads these events
    const filters: Array<[string, string]> = [
      ['reporting', 'citygrid.ticketing.>'],
      ['reporting-grid', 'citygrid.grid-registry.grid.>'],
      ['reporting-place', 'citygrid.grid-registry.place.>'],
      ['reporting-supervision', 'citygrid.ticketing.supervision.>'],
      ['reporting-inspection', 'citygrid.ticketing.inspection.>'],
      ['reporting-staff', 'citygrid.grid-registry.staff.>'],
    ];
    for (const [name, filter] of filters) {
      await jsm.consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        filter_subject: subjects.event(filter),
        ack_wait: nanos(30_000),
        max_deliver: -1,
      });
    }
    reporting = await startService(
      'reporting',
      {
        NATS_URL: TEST_NATS_URL,
        NATS_SUBJECT_PREFIX: ns,
        EVENT_STREAM: stream,
        LOG_LEVEL: 'warn',
        AUTH_JWKS: tokens.jwksJson,
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        MIGRATE_ON_START: 'true',
      },
      60000,
      cpuProfileArgs(),
    );
    const token = await tokens.sign({ roles: [Role.SystemAdmin], nodeScope: null }, { expiresInS: 3600 });
    const started = await rpc<RebuildView>(nc, ns, 'reporting.rebuild.start', {}, token);
    let done: RebuildView = started;
    while (done.status === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      done = await rpc<RebuildView>(nc, ns, 'reporting.rebuild.latest', {}, token);
    }
    if (done.status !== 'completed') throw new Error(`rebuild ${done.status}: ${done.error}`);
    const seconds = (Date.parse(done.finishedAt ?? done.startedAt) - Date.parse(done.startedAt)) / 1000;
    const kpis = await rpc<KpiReportView>(nc, ns, 'reporting.kpi.query', { node: SUBDISTRICT, period: '2013' }, token);
    const raw = await rawWriteBaseline(schema);
    return {
      cases,
      events: events.length,
      eventsReplayed: done.eventsReplayed,
      seconds: round(seconds),
      eventsPerSec: round(done.eventsReplayed / seconds),
      found: kpis.figures.found,
      rows: raw.rows,
      rawSeconds: round(raw.seconds),
      rawEventsPerSec: round(done.eventsReplayed / raw.seconds),
    };
  } finally {
    await reporting?.stop();
    await deleteStream(nc, stream);
    await nc.drain();
    await dropSchema(schema);
  }
}

/**
 * The moment reporting commits the transaction that applied each event, by event id: a trigger
 * the bench puts on reporting's inbox sends a NOTIFY, which Postgres delivers at commit.
 */
async function watchCommits(listener: Client, schema: string, ns: string): Promise<Map<string, number>> {
  await listener.query(
    `create function "${schema}"."bench_applied"() returns trigger language plpgsql as $$ begin if new."consumer" = 'reporting' then perform pg_notify('bench_applied_${ns}', new."event_id"::text); end if; return null; end $$`,
  );
  await listener.query(`create trigger "bench_applied" after insert on "${schema}"."inbox" for each row execute function "${schema}"."bench_applied"()`);
  const committed = new Map<string, number>();
  listener.on('notification', (m) => {
    if (m.payload) committed.set(m.payload, Date.now());
  });
  await listener.query(`listen "bench_applied_${ns}"`);
  return committed;
}

/** `BENCH_CPU_PROFILE=<dir>`: each service writes a V8 CPU profile there when it stops (open it in Chrome DevTools). */
function cpuProfileArgs(): string[] {
  const dir = process.env['BENCH_CPU_PROFILE'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function eventSubjectOf(type: string): string {
  const subject = findEventByType(type)?.subject;
  if (!subject) throw new Error(`no subject for ${type}`);
  return subject;
}

async function rpc<T>(nc: NatsConnection, ns: string, pattern: string, payload: unknown, token: string): Promise<T> {
  const codec = JSONCodec<unknown>();
  const h = natsHeaders();
  h.set('authorization', `Bearer ${token}`);
  const subject = `${ns}.${pattern}`;
  const msg = await nc.request(subject, codec.encode({ id: randomUUID(), pattern: subject, data: { payload } }), { timeout: 60000, headers: h });
  const reply = codec.decode(msg.data) as { response?: T; err?: unknown };
  if (reply.err || reply.response === undefined) throw new Error(`${pattern}: ${JSON.stringify(reply.err)}`);
  return reply.response;
}

export interface ReportingBenchResult {
  kpi?: KpiSizeResult[];
  latency?: LatencyResult[];
  streamLatency?: StreamLatencyResult[];
  replay?: ReplayResult;
}

const numbers = (v: string | undefined, fallback: number[]): number[] => (v ? v.split(',').map((x) => Number(x.trim().replace(/_/g, ''))) : fallback);

export async function runReportingBench(): Promise<ReportingBenchResult> {
  const sizes = numbers(process.env['BENCH_KPI_CASES'], [1_000_000, 10_000_000]);
  const rates = numbers(process.env['BENCH_INTAKE_PER_SEC'], [100, 200]);
  const seconds = Number(process.env['BENCH_INTAKE_SECONDS'] ?? 30);
  const replayCases = Number(process.env['BENCH_REPLAY_CASES'] ?? 20_000);
  // BENCH_ONLY=kpi|latency|stream|replay runs one part
  const only = process.env['BENCH_ONLY'];
  const result: ReportingBenchResult = {};
  // the KPI part last: the gigabytes it writes keep the database's checkpoints busy for minutes, which the latency part would measure
  if (!only || only === 'latency') {
    console.log(`event → read model at ${rates.join(' and ')} cases/s for ${seconds} s each`);
    result.latency = await latencyBench(rates, seconds);
  }
  if (!only || only === 'stream') {
    console.log(`event → read model, reporting fed by the stream, at ${rates.join(' and ')} cases/s for ${seconds} s each`);
    result.streamLatency = await streamLatencyBench(rates, seconds);
  }
  if (!only || only === 'replay') {
    console.log(`replay of ${replayCases.toLocaleString('en')} cases' events`);
    result.replay = await replayBench(replayCases);
  }
  if (!only || only === 'kpi') {
    console.log(`KPI query over ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} cases`);
    result.kpi = await kpiBench(sizes);
  }
  return result;
}

/** Print the figures as tables. */
export function printReportingBench(r: ReportingBenchResult): void {
  if (r.kpi) {
    console.log('\nKPI query for the subdistrict and a quarter (2013-Q1): the service in process and through the gateway, beside a naive GROUP BY over the cases');
    console.table(
      r.kpi.map((k) => ({
        cases: k.cases,
        'generated s (cases + rollups)': `${k.generated.caseSeconds} + ${k.generated.rollupSeconds}`,
        'rollup rows': k.generated.rollupRows,
        'KPI p50/p99 ms': `${k.kpi.totals.p50Ms} / ${k.kpi.totals.p99Ms}`,
        'KPI by community p50/p99 ms': `${k.kpi.byChild.p50Ms} / ${k.kpi.byChild.p99Ms}`,
        'HTTP p50/p99 ms': `${k.kpiHttp.totals.p50Ms} / ${k.kpiHttp.totals.p99Ms}`,
        'rollup reads with = any p50 ms': `${k.rollupAny.totals.p50Ms} / ${k.rollupAny.byChild.p50Ms}`,
        'naive p50 ms': `${k.naive.totals.p50Ms} / ${k.naive.byChild.p50Ms}`,
        'ratio naive / KPI': `${k.ratio.totals} / ${k.ratio.byChild}`,
        agree: k.agree,
      })),
    );
  }
  if (r.latency) {
    console.log('\nevent → read model at a steady intake through the gateway (ticketing, grid-registry, reporting and the gateway as processes)');
    console.table(
      r.latency.map((l) => ({
        'cases/s asked': l.targetPerSec,
        'cases/s done': l.achievedPerSec,
        failures: l.failures,
        'intake p50/p99 ms': `${l.request.p50Ms} / ${l.request.p99Ms}`,
        'event → stream p50/p99 ms': `${l.eventToStream.p50Ms} / ${l.eventToStream.p99Ms}`,
        'event → read model p50/p99/max ms': `${l.eventToReadModel.p50Ms} / ${l.eventToReadModel.p99Ms} / ${l.eventToReadModel.maxMs}`,
        'event → apply start p50/p99 ms': `${l.eventToApplyStart.p50Ms} / ${l.eventToApplyStart.p99Ms}`,
        events: l.eventToReadModel.events,
      })),
    );
    console.log('CPU ms per case, by process');
    console.table(Object.fromEntries(r.latency.map((l) => [`${l.targetPerSec} cases/s`, l.cpuMsPerCase])));
  }
  if (r.streamLatency) {
    console.log('\nevent → read model, reporting alone fed by the stream (each case: 5 or 6 events, one second apart)');
    console.table(
      r.streamLatency.map((l) => ({
        'cases/s': l.targetCasesPerSec,
        'events/s': l.eventsPerSec,
        events: l.events,
        'publish → ack p50/p99 ms': `${l.publish.p50Ms} / ${l.publish.p99Ms}`,
        'publish → read model p50/p99/max ms': `${l.eventToReadModel.p50Ms} / ${l.eventToReadModel.p99Ms} / ${l.eventToReadModel.maxMs}`,
        'CPU ms per case reporting / Postgres / NATS': `${l.cpuMsPerCase['reporting']} / ${l.cpuMsPerCase['postgres']} / ${l.cpuMsPerCase['nats-server']}`,
      })),
    );
  }
  if (r.replay)
    console.log(
      `\nreplay: ${r.replay.eventsReplayed} events in ${r.replay.seconds} s = ${r.replay.eventsPerSec} events/s (found after the rebuild: ${r.replay.found} of ${r.replay.cases}); ` +
        `raw baseline: the database alone writes the same ${r.replay.rows} rows in ${r.replay.rawSeconds} s = ${r.replay.rawEventsPerSec} events/s`,
    );
}

if (require.main === module) {
  const t0 = performance.now();
  runReportingBench()
    .then((r) => {
      printReportingBench(r);
      console.log(`\ntotal ${round((performance.now() - t0) / 1000)} s`);
      const dir = path.join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `reporting-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(r, null, 2));
      if (r.kpi?.some((k) => !k.agree) || (r.latency ?? []).some((l) => l.failures > 0) || (r.replay && r.replay.found !== r.replay.cases)) process.exitCode = 1;
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
