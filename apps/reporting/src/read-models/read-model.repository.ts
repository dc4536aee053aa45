import { executeBound } from '@citygrid/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { categoryLevels, type CaseFacts, type CategoryChange, dueAtOf, type KeyLocationChange, MEASURES, type Measure, type NodeChange, type RollupDelta } from './projection';

/** A text array literal (`{a,b}`) of node codes (digits only, checked with the payload), bound as one parameter. */
function pgTextArray(codes: readonly string[]): string {
  return `{${codes.join(',')}}`;
}

/** Column of each counter of `rollup_day`. */
export const MEASURE_COLUMNS: Readonly<Record<Measure, string>> = Object.fromEntries(MEASURES.map((m) => [m, m.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)])) as Record<Measure, string>;

/** Counters of `rollup_day` that are sums of milliseconds: bigint. */
const BIGINT_COLUMNS: ReadonlySet<string> = new Set(['"close_ms"', '"close_work_ms"']);

/** Most rollup rows one upsert statement carries. */
const ROLLUP_CHUNK = 10_000;

/** The read-model tables a rebuild empties (the inbox rows of reporting's consumers go with them). */
export const READ_MODEL_TABLES = ['case_fact', 'rollup_day', 'rollup_close_hours', 'patrol_grid_day', 'node', 'category', 'key_location', 'key_location_visit_day'] as const;

/**
 * The writes of the projector, as plain statements over JSON parameters (one statement per table
 * and batch, whatever the batch's size), on the transaction that records the events applied.
 */
@Injectable()
export class ReadModelRepository {
  /** The schema, quoted. */
  readonly s: string;

  constructor(@Inject(REPORTING_ENV) env: ReportingEnv) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  /**
   * The facts of these cases, locked until the transaction ends (a replica applying another event
   * of one of them waits). `= any(array(…))` reads the primary key; `in (select …)` would scan.
   */
  async lockFacts(tx: EntityManager, caseIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    if (!caseIds.length) return new Map();
    const rows = await executeBound<{ case_id: string; fold: CaseFacts }>(
      tx,
      `select "case_id", "fold" from ${this.s}."case_fact" where "case_id" = any(array(select value::uuid from jsonb_array_elements_text(?::jsonb))) order by "case_id" for update`,
      [JSON.stringify([...new Set(caseIds)].sort())],
    );
    return new Map(rows.map((r) => [r.case_id, r.fold]));
  }

  /** Write the facts of these cases (the fold, and its facts as columns for queries and exports). */
  async saveFacts(tx: EntityManager, facts: readonly CaseFacts[]): Promise<void> {
    if (!facts.length) return;
    const rows = facts.map((f) => ({
      case_id: f.caseId,
      number: f.number,
      category_code: f.categoryCode,
      category_path: categoryLevels(f.categoryCode).slice(0, -1),
      grid_path: f.gridPath,
      state: f.state,
      reported_at: f.reportedAt,
      filed_at: f.filedAt,
      rejected_at: f.rejectedAt,
      dispatched_at: f.dispatchedAt,
      closed_at: f.closure?.closedAt ?? null,
      deadline: f.deadline,
      due_at: dueAtOf(f),
      on_time: f.closure?.onTime ?? null,
      rework_count: f.reworkCount,
      escalation_count: f.escalationCount,
      reopen_count: f.reopenCount,
      fold: f,
    }));
    await executeBound(
      tx,
      `insert into ${this.s}."case_fact" ("case_id", "number", "category_code", "category_path", "grid_path", "state", "reported_at", "filed_at", "rejected_at", "dispatched_at",
         "closed_at", "deadline", "due_at", "on_time", "rework_count", "escalation_count", "reopen_count", "fold", "updated_at")
       select r."case_id", r."number", r."category_code", r."category_path", r."grid_path", r."state", r."reported_at", r."filed_at", r."rejected_at", r."dispatched_at",
         r."closed_at", r."deadline", r."due_at", r."on_time", r."rework_count", r."escalation_count", r."reopen_count", r."fold", now()
       from jsonb_to_recordset(?::jsonb) as r("case_id" uuid, "number" text, "category_code" text, "category_path" text[], "grid_path" text[], "state" text,
         "reported_at" timestamptz, "filed_at" timestamptz, "rejected_at" timestamptz, "dispatched_at" timestamptz, "closed_at" timestamptz, "deadline" timestamptz,
         "due_at" timestamptz, "on_time" boolean, "rework_count" int, "escalation_count" int, "reopen_count" int, "fold" jsonb)
       order by r."case_id"
       on conflict ("case_id") do update set "number" = excluded."number", "category_code" = excluded."category_code", "category_path" = excluded."category_path",
         "grid_path" = excluded."grid_path", "state" = excluded."state", "reported_at" = excluded."reported_at", "filed_at" = excluded."filed_at",
         "rejected_at" = excluded."rejected_at", "dispatched_at" = excluded."dispatched_at", "closed_at" = excluded."closed_at", "deadline" = excluded."deadline",
         "due_at" = excluded."due_at", "on_time" = excluded."on_time", "rework_count" = excluded."rework_count", "escalation_count" = excluded."escalation_count",
         "reopen_count" = excluded."reopen_count", "fold" = excluded."fold", "updated_at" = excluded."updated_at"`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Add the deltas to the rollups, in key order; rows a decrease left all zero are removed (so
   * any order of events leaves the same rows). The upserts return the rows they left empty, by
   * `ctid` (locked by this transaction until it ends), and only those are deleted: a delete keyed
   * by the changed keys made the planner join them against the whole table.
   */
  async applyRollups(tx: EntityManager, delta: RollupDelta): Promise<void> {
    const rows = delta.changedRows();
    const buckets = delta.changedBuckets();
    // a rebuild's gathered changes go in statements of ROLLUP_CHUNK rows, still in key order
    for (let i = 0; i < Math.max(rows.length, buckets.length); i += ROLLUP_CHUNK) {
      await this.upsertRollups(tx, rows.slice(i, i + ROLLUP_CHUNK), buckets.slice(i, i + ROLLUP_CHUNK));
    }
  }

  private async upsertRollups(tx: EntityManager, rows: ReturnType<RollupDelta['changedRows']>, buckets: ReturnType<RollupDelta['changedBuckets']>): Promise<void> {
    const columns = MEASURES.map((m) => `"${MEASURE_COLUMNS[m]}"`);
    if (rows.length) {
      const json = rows.map((r) => ({ node_code: r.node, category_code: r.category, day: r.day, ...Object.fromEntries(MEASURES.map((m) => [MEASURE_COLUMNS[m], r.counts[m]])) }));
      const emptied = await executeBound<{ at: string }>(
        tx,
        `insert into ${this.s}."rollup_day" as t ("node_code", "category_code", "day", ${columns.join(', ')})
         select r."node_code", r."category_code", r."day"::date, ${columns.map((c) => `r.${c}`).join(', ')}
         from jsonb_to_recordset(?::jsonb) as r("node_code" text, "category_code" text, "day" text, ${columns.map((c) => `${c} ${BIGINT_COLUMNS.has(c) ? 'bigint' : 'int'}`).join(', ')})
         order by r."node_code", r."category_code", r."day"
         on conflict ("node_code", "category_code", "day") do update set ${columns.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}
         returning case when ${columns.map((c) => `t.${c} = 0`).join(' and ')} then t."ctid"::text end as "at"`,
        [JSON.stringify(json)],
      );
      const empty = emptied.flatMap((r) => (r.at ? [r.at] : []));
      if (empty.length) {
        await executeBound(tx, `delete from ${this.s}."rollup_day" where "ctid" = any(?::tid[]) and ${columns.map((c) => `${c} = 0`).join(' and ')}`, [`{${empty.map((at) => `"${at}"`).join(',')}}`]);
      }
    }
    if (buckets.length) {
      const emptied = await executeBound<{ at: string }>(
        tx,
        `insert into ${this.s}."rollup_close_hours" as t ("node_code", "category_code", "day", "bucket", "cases")
         select r."node_code", r."category_code", r."day"::date, r."bucket", r."cases"
         from jsonb_to_recordset(?::jsonb) as r("node_code" text, "category_code" text, "day" text, "bucket" smallint, "cases" int)
         order by r."node_code", r."category_code", r."day", r."bucket"
         on conflict ("node_code", "category_code", "day", "bucket") do update set "cases" = t."cases" + excluded."cases"
         returning case when t."cases" = 0 then t."ctid"::text end as "at"`,
        [JSON.stringify(buckets.map((b) => ({ node_code: b.node, category_code: b.category, day: b.day, bucket: b.bucket, cases: b.n })))],
      );
      const empty = emptied.flatMap((r) => (r.at ? [r.at] : []));
      if (empty.length) await executeBound(tx, `delete from ${this.s}."rollup_close_hours" where "ctid" = any(?::tid[]) and "cases" = 0`, [`{${empty.map((at) => `"${at}"`).join(',')}}`]);
    }
  }

  /**
   * Record which grids were patrolled on which days.
   *
   * @returns the `grid|day` keys that were new (their first patrol): each adds one patrolled grid-day
   */
  async markPatrolDays(tx: EntityManager, days: ReadonlyArray<{ gridCode: string; day: string }>): Promise<Set<string>> {
    if (!days.length) return new Set();
    const unique = [...new Map(days.map((d) => [`${d.gridCode}|${d.day}`, { grid_code: d.gridCode, day: d.day }])).values()].sort((a, b) =>
      `${a.grid_code}|${a.day}` < `${b.grid_code}|${b.day}` ? -1 : 1,
    );
    const inserted = await executeBound<{ grid_code: string; day: string }>(
      tx,
      `insert into ${this.s}."patrol_grid_day" ("grid_code", "day")
       select r."grid_code", r."day"::date from jsonb_to_recordset(?::jsonb) as r("grid_code" text, "day" text) order by r."grid_code", r."day"
       on conflict do nothing
       returning "grid_code", to_char("day", 'YYYY-MM-DD') as "day"`,
      [JSON.stringify(unique)],
    );
    return new Set(inserted.map((r) => `${r.grid_code}|${r.day}`));
  }

  /** Nodes known from the paths of cases, patrols and visits: added without a name when grid-registry's events have not named them yet. */
  async addPathNodes(tx: EntityManager, nodes: ReadonlyArray<{ code: string; parentCode: string | null; path: string[] }>): Promise<void> {
    if (!nodes.length) return;
    const unique = [...new Map(nodes.map((n) => [n.code, { code: n.code, parent_code: n.parentCode, path: n.path }])).values()].sort((a, b) => (a.code < b.code ? -1 : 1));
    await executeBound(
      tx,
      `insert into ${this.s}."node" ("code", "parent_code", "path")
       select r."code", r."parent_code", r."path" from jsonb_to_recordset(?::jsonb) as r("code" text, "parent_code" text, "path" text[]) order by r."code"
       on conflict ("code") do nothing`,
      [JSON.stringify(unique)],
    );
  }

  /**
   * A grid event: the node as of that event, unless a later version was applied already. A
   * retirement is kept whatever the order (a node never comes back).
   */
  async applyNodeChange(tx: EntityManager, c: NodeChange): Promise<void> {
    const parent = c.path.at(-2) ?? null;
    const newer = `(n."version" is null or excluded."version" is null or excluded."version" > n."version")`;
    switch (c.change) {
      case 'created':
        await executeBound(
          tx,
          `insert into ${this.s}."node" as n ("code", "parent_code", "path", "name", "name_en", "kind", "grid_level", "created_at", "version")
           values (?, ?, ?::text[], ?, ?, ?, ?, ?, ?)
           on conflict ("code") do update set "parent_code" = excluded."parent_code", "path" = excluded."path", "kind" = excluded."kind", "grid_level" = excluded."grid_level",
             "created_at" = excluded."created_at",
             "name" = case when ${newer} then excluded."name" else n."name" end,
             "name_en" = case when ${newer} then excluded."name_en" else n."name_en" end,
             "version" = case when ${newer} then excluded."version" else n."version" end`,
          [c.code, parent, pgTextArray(c.path), c.name ?? null, c.nameEn ?? null, c.kind ?? null, c.gridLevel ?? null, c.time, c.version],
        );
        return;
      case 'updated':
        await executeBound(
          tx,
          `insert into ${this.s}."node" as n ("code", "parent_code", "path", "name", "name_en", "version") values (?, ?, ?::text[], ?, ?, ?)
           on conflict ("code") do update set "name" = excluded."name", "name_en" = excluded."name_en", "version" = excluded."version" where ${newer}`,
          [c.code, parent, pgTextArray(c.path), c.name ?? null, c.nameEn ?? null, c.version],
        );
        return;
      case 'retired':
        await executeBound(
          tx,
          `insert into ${this.s}."node" as n ("code", "parent_code", "path", "retired_at", "version") values (?, ?, ?::text[], ?, ?)
           on conflict ("code") do update set "retired_at" = excluded."retired_at",
             "version" = case when ${newer} then excluded."version" else n."version" end`,
          [c.code, parent, pgTextArray(c.path), c.time, c.version],
        );
        return;
    }
  }

  /** Key locations visited on these days (a second visit the same day changes nothing). */
  async markKeyLocationVisits(tx: EntityManager, visits: ReadonlyArray<{ placeId: string; day: string; gridCode: string; path: string[] }>): Promise<void> {
    if (!visits.length) return;
    const unique = [...new Map(visits.map((v) => [`${v.placeId}|${v.day}`, { place_id: v.placeId, day: v.day, grid_code: v.gridCode, path: v.path }])).values()].sort((a, b) =>
      `${a.place_id}|${a.day}` < `${b.place_id}|${b.day}` ? -1 : 1,
    );
    await executeBound(
      tx,
      `insert into ${this.s}."key_location_visit_day" ("place_id", "day", "grid_code", "path")
       select r."place_id", r."day"::date, r."grid_code", r."path" from jsonb_to_recordset(?::jsonb) as r("place_id" uuid, "day" text, "grid_code" text, "path" text[])
       order by r."place_id", r."day"
       on conflict do nothing`,
      [JSON.stringify(unique)],
    );
  }

  /**
   * A key location registered or moved: where it is as of the latest such event (whatever the
   * order they come in); its registration day starts its coverage.
   */
  async applyKeyLocation(tx: EntityManager, c: KeyLocationChange): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."key_location" as k ("place_id", "grid_code", "path", "registered_at", "located_at") values (?, ?, ?::text[], ?, ?)
       on conflict ("place_id") do update set
         "grid_code" = case when excluded."located_at" >= k."located_at" then excluded."grid_code" else k."grid_code" end,
         "path" = case when excluded."located_at" >= k."located_at" then excluded."path" else k."path" end,
         "located_at" = greatest(k."located_at", excluded."located_at"),
         "registered_at" = coalesce(excluded."registered_at", k."registered_at")`,
      [c.placeId, c.gridCode, pgTextArray(c.path), c.moved ? null : c.time, c.time],
    );
  }

  /** A category created or changed: its name as of the latest change. */
  async applyCategoryChange(tx: EntityManager, c: CategoryChange): Promise<void> {
    await executeBound(
      tx,
      `insert into ${this.s}."category" as k ("code", "parent_code", "name", "kind", "leaf", "changed_at") values (?, ?, ?, ?, ?, ?)
       on conflict ("code") do update set "parent_code" = excluded."parent_code", "name" = excluded."name", "kind" = excluded."kind", "leaf" = excluded."leaf",
         "changed_at" = excluded."changed_at"
       where excluded."changed_at" >= k."changed_at"`,
      [c.code, c.parentCode, c.name, c.kind, c.leaf, c.time],
    );
  }
}
