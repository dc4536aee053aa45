import { executeBound } from '@citygrid/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { NodeRecord } from '../read-models/node.entity';
import { ALL_CATEGORIES, type Counts, MEASURES, zeroCounts } from '../read-models/projection';
import { MEASURE_COLUMNS } from '../read-models/read-model.repository';

/** How rows are grouped: by node, category, day, month, or not at all (`none`: one row keyed `''`). */
export type GroupKey = 'node' | 'category' | 'day' | 'month' | 'none';

/** Which categories: these codes, or the children of a category (`null`: the classes 大类). */
export type CategorySelection = { codes: readonly string[] } | { childrenOf: string | null };

/** Which rollup rows a query reads. */
export interface RollupSelection {
  nodes: readonly string[];
  categories: CategorySelection;
  from: string;
  to: string;
  by: GroupKey;
}

/** Counters of one group over the period, and the net change to open cases (found − settled + reopened) in it. */
export interface GroupSums {
  counts: Counts;
  /** found − settled + reopened: with `to` as the only bound, the cases open at its end. */
  net: number;
}

const KEY_SQL: Readonly<Record<GroupKey, string>> = {
  node: `"node_code"`,
  category: `"category_code"`,
  day: `to_char("day", 'YYYY-MM-DD')`,
  month: `to_char("day", 'YYYY-MM')`,
  none: `''`,
};

/**
 * The KPI queries. Every count is read from the rollups (rows by node × category × day, a few
 * hundred per node and year), never from the cases; only `overdueNow` reads cases, and only those
 * whose clock runs (a partial index), since a deadline passing is no event. Node and category
 * lists are bound as one jsonb value and compared with `= any(array(…))`: the planner then reads
 * the rollups' primary key, where `in (select …)` made it a semi-join over the whole table
 * (`bench/README.md`, reporting).
 */
@Injectable()
export class KpiRepository {
  private readonly s: string;

  constructor(
    private readonly orm: MikroORM,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {
    this.s = `"${env.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
  }

  node(code: string): Promise<NodeRecord | null> {
    return this.orm.em.fork().findOne(NodeRecord, { code });
  }

  /** The children of a node known to reporting (named by grid events or seen in a path), by code. */
  children(code: string): Promise<NodeRecord[]> {
    return this.orm.em.fork().find(NodeRecord, { parentCode: code }, { orderBy: { code: 'asc' } });
  }

  /** Names of categories known from ticketing's category events. */
  async categoryNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.orm.em
      .fork()
      .execute<Array<{ code: string; name: string }>>(`select "code", "name" from ${this.s}."category" where "code" in (select jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(codes)]);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** Category codes directly beneath `parent` (the classes for null) known from the category events. */
  async knownChildCategories(parent: string | null): Promise<string[]> {
    const rows = await this.orm.em
      .fork()
      .execute<Array<{ code: string }>>(`select "code" from ${this.s}."category" where ${this.childrenOf('"code"', parent)} order by "code"`, parent === null ? [] : [parent]);
    return rows.map((r) => r.code);
  }

  /** True while a rebuild is replaying the stream. */
  async rebuilding(): Promise<boolean> {
    const rows = await this.orm.em.fork().execute<Array<{ running: boolean }>>(`select exists (select 1 from ${this.s}."rebuild_run" where "status" = 'running') as "running"`);
    return rows[0]?.running === true;
  }

  /**
   * Counters by group over `from`..`to`, and the net change to open cases over every day up to
   * `to` (so that, with no day grouping, `net` is the number open at the end of the period).
   */
  async sums(sel: RollupSelection): Promise<Map<string, GroupSums>> {
    const timeGrouped = sel.by === 'day' || sel.by === 'month';
    const columns = MEASURES.map((m) => `coalesce(sum("${MEASURE_COLUMNS[m]}") filter (where "day" >= ?::date), 0)::bigint as "${m}"`);
    const [categoryWhere, categoryParams] = this.categoryWhere(sel.categories);
    const rows = await this.orm.em.fork().execute<Array<Record<string, string | number> & { key: string }>>(
      `select ${KEY_SQL[sel.by]} as "key", ${columns.join(', ')}, coalesce(sum("found" - "settled" + "reopened"), 0)::bigint as "net"
       from ${this.s}."rollup_day"
       where "node_code" = any(array(select jsonb_array_elements_text(?::jsonb))) and ${categoryWhere} and "day" <= ?::date ${timeGrouped ? `and "day" >= ?::date` : ''}
       group by 1`,
      [...MEASURES.map(() => sel.from), JSON.stringify(sel.nodes), ...categoryParams, sel.to, ...(timeGrouped ? [sel.from] : [])],
    );
    return new Map(
      rows.map((r) => {
        const counts = zeroCounts();
        for (const m of MEASURES) counts[m] = Number(r[m]);
        return [r.key, { counts, net: Number(r['net']) }];
      }),
    );
  }

  /** Cases open at the start of `day`, before it (found − settled + reopened on the days before). */
  async openBefore(nodes: readonly string[], categories: CategorySelection, day: string): Promise<number> {
    const [categoryWhere, categoryParams] = this.categoryWhere(categories);
    const rows = await this.orm.em.fork().execute<Array<{ net: string }>>(
      `select coalesce(sum("found" - "settled" + "reopened"), 0)::bigint as "net" from ${this.s}."rollup_day"
       where "node_code" = any(array(select jsonb_array_elements_text(?::jsonb))) and ${categoryWhere} and "day" < ?::date`,
      [JSON.stringify(nodes), ...categoryParams, day],
    );
    return Number(rows[0]?.net ?? 0);
  }

  /** The histogram of hours to close by group over the period: key → bucket → closings. */
  async closeHours(sel: RollupSelection): Promise<Map<string, Map<number, number>>> {
    const [categoryWhere, categoryParams] = this.categoryWhere(sel.categories);
    const rows = await this.orm.em.fork().execute<Array<{ key: string; bucket: number; cases: string }>>(
      `select ${KEY_SQL[sel.by]} as "key", "bucket", sum("cases")::bigint as "cases" from ${this.s}."rollup_close_hours"
       where "node_code" = any(array(select jsonb_array_elements_text(?::jsonb))) and ${categoryWhere} and "day" between ?::date and ?::date
       group by 1, 2`,
      [JSON.stringify(sel.nodes), ...categoryParams, sel.from, sel.to],
    );
    const out = new Map<string, Map<number, number>>();
    for (const r of rows) {
      const m = out.get(r.key) ?? new Map<number, number>();
      m.set(Number(r.bucket), Number(r.cases));
      out.set(r.key, m);
    }
    return out;
  }

  /**
   * Open cases whose running deadline has passed, now, in `node`'s subtree (and `category`'s),
   * by the child node (`by: 'node'`) or the child category (`by: 'category'`) they fall under.
   */
  async overdueNow(node: string, category: string | null, by: 'node' | 'category' | 'none'): Promise<Map<string, number>> {
    const params: unknown[] = [];
    let key = `''`;
    let from = `${this.s}."case_fact" f`;
    if (by === 'node') {
      key = `f."grid_path"[array_position(f."grid_path", ?) + 1]`;
      params.push(node);
    } else if (by === 'category') {
      from += `, unnest(f."category_path") as c("code")`;
      key = `c."code"`;
    }
    params.push(`{${node}}`);
    // a running clock: the states the escalation timer watches, as in the partial index of `case_fact`
    let where = `f."state" in ('dispatched', 'accepted', 'returned') and f."deadline" is not null and f."deadline" < now() and f."grid_path" @> ?::text[]`;
    if (category !== null) {
      where += ` and f."category_path" @> ?::text[]`;
      params.push(`{${category}}`);
    }
    if (by === 'category') {
      where += ` and ${this.childrenOf('c."code"', category)}`;
      if (category !== null) params.push(category);
    }
    const rows = await this.orm.em.fork().execute<Array<{ key: string | null; n: string }>>(`select ${key} as "key", count(*)::bigint as "n" from ${from} where ${where} group by 1`, params);
    return new Map(rows.flatMap((r) => (r.key === null ? [] : [[r.key, Number(r.n)] as const])));
  }

  /**
   * Level-3 grid-days of the period by group (`node`: under each of `nodes`; `day`, `month`; or
   * `none`): each level-3 grid counts from the day it was created to the day before it was
   * retired (a grid known only from a path counts on every day).
   */
  async gridDays(nodes: readonly string[], from: string, to: string, by: 'node' | 'day' | 'month' | 'none'): Promise<Map<string, number>> {
    if (from > to) return new Map();
    const tz = this.env.WORK_TIME_ZONE;
    const level3 = `(g."grid_level" = 3 or (g."grid_level" is null and length(g."code") = 16))`;
    const firstDay = `(g."created_at" at time zone ?)::date`;
    const lastDay = `((g."retired_at" at time zone ?)::date - 1)`;
    let rows: Array<{ key: string; n: string }>;
    if (by === 'day' || by === 'month') {
      rows = await this.orm.em.fork().execute(
        `select to_char(d, ?) as "key", count(*)::bigint as "n"
         from generate_series(?::date, ?::date, interval '1 day') as d
         join ${this.s}."node" g on ${level3} and (g."created_at" is null or ${firstDay} <= d::date) and (g."retired_at" is null or ${lastDay} >= d::date)
         where exists (select 1 from unnest(g."path") as a where a in (select jsonb_array_elements_text(?::jsonb)))
         group by 1`,
        [by === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM', from, to, tz, tz, JSON.stringify(nodes)],
      );
    } else {
      rows = await this.orm.em.fork().execute(
        `select ${by === 'node' ? 'a' : `''`} as "key",
           coalesce(sum(greatest(0, least(?::date, coalesce(${lastDay}, ?::date)) - greatest(?::date, coalesce(${firstDay}, ?::date)) + 1)), 0)::bigint as "n"
         from ${this.s}."node" g, unnest(g."path") as a
         where ${level3} and a in (select jsonb_array_elements_text(?::jsonb))
         group by 1`,
        [to, tz, to, from, tz, from, JSON.stringify(nodes)],
      );
    }
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /**
   * Key-location coverage by group (`node`: under each of `nodes`; `day`, `month`; or `none`):
   * `days`, the key-location-days of the period (each key location from the day it was
   * registered, under the node it is in now), and `covered`, those on which it was visited and
   * its grid (at the visit) patrolled, as ticketing's daily check asks.
   */
  async keyLocationDays(nodes: readonly string[], from: string, to: string, by: 'node' | 'day' | 'month' | 'none'): Promise<Map<string, { covered: number; days: number }>> {
    const out = new Map<string, { covered: number; days: number }>();
    if (from > to) return out;
    const tz = this.env.WORK_TIME_ZONE;
    const nodeList = JSON.stringify(nodes);
    const firstDay = `coalesce((k."registered_at" at time zone ?)::date, ?::date)`;
    let days: Array<{ key: string; n: string }>;
    let covered: Array<{ key: string; n: string }>;
    if (by === 'day' || by === 'month') {
      const fmt = by === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
      days = await executeBound(
        this.orm.em.fork(),
        `select to_char(d, ?) as "key", count(*)::bigint as "n"
         from generate_series(?::date, ?::date, interval '1 day') as d
         join ${this.s}."key_location" k on ${firstDay} <= d::date
         where k."path" && array(select jsonb_array_elements_text(?::jsonb))
         group by 1`,
        [fmt, from, to, tz, from, nodeList],
      );
      covered = await executeBound(
        this.orm.em.fork(),
        `select to_char(v."day", ?) as "key", count(*)::bigint as "n"
         from ${this.s}."key_location_visit_day" v join ${this.s}."patrol_grid_day" p on p."grid_code" = v."grid_code" and p."day" = v."day"
         where v."path" && array(select jsonb_array_elements_text(?::jsonb)) and v."day" between ?::date and ?::date
         group by 1`,
        [fmt, nodeList, from, to],
      );
    } else {
      const key = by === 'node' ? 'a' : `''`;
      days = await executeBound(
        this.orm.em.fork(),
        `select ${key} as "key", coalesce(sum(greatest(0, ?::date - greatest(?::date, ${firstDay}) + 1)), 0)::bigint as "n"
         from ${this.s}."key_location" k, unnest(k."path") as a
         where a = any(array(select jsonb_array_elements_text(?::jsonb)))
         group by 1`,
        [to, from, tz, from, nodeList],
      );
      covered = await executeBound(
        this.orm.em.fork(),
        `select ${key} as "key", count(*)::bigint as "n"
         from ${this.s}."key_location_visit_day" v join ${this.s}."patrol_grid_day" p on p."grid_code" = v."grid_code" and p."day" = v."day", unnest(v."path") as a
         where a = any(array(select jsonb_array_elements_text(?::jsonb))) and v."day" between ?::date and ?::date
         group by 1`,
        [nodeList, from, to],
      );
    }
    for (const r of days) out.set(r.key, { covered: 0, days: Number(r.n) });
    for (const r of covered) out.set(r.key, { covered: Number(r.n), days: out.get(r.key)?.days ?? 0 });
    return out;
  }

  private categoryWhere(sel: CategorySelection): [string, unknown[]] {
    if ('codes' in sel) return [`"category_code" = any(array(select jsonb_array_elements_text(?::jsonb)))`, [JSON.stringify(sel.codes)]];
    return [this.childrenOf('"category_code"', sel.childrenOf), sel.childrenOf === null ? [] : [sel.childrenOf]];
  }

  /** SQL: `column` names a category directly beneath `parent` (one `?` for it), or a class when null. */
  private childrenOf(column: string, parent: string | null): string {
    if (parent === null) return `${column} <> '${ALL_CATEGORIES}' and length(${column}) = 2`;
    return `length(${column}) = ${parent.length + 2} and left(${column}, ${parent.length}) = ?`;
  }
}
