import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { MEASURES, type RollupDelta } from './projection';
import { MEASURE_COLUMNS } from './read-model.repository';

/** Rows of COPY text sent to the server per chunk. */
const COPY_CHUNK_ROWS = 5_000;

/** A value as a field of COPY's text format (the codes are checked, but a tab or backslash would shift every column after it). */
function field(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** `rows` as COPY text, a chunk of lines at a time. */
function copyText<T>(rows: Iterable<T>, line: (row: T) => string): Readable {
  return Readable.from(
    (function* () {
      let chunk: string[] = [];
      for (const row of rows) {
        chunk.push(line(row));
        if (chunk.length === COPY_CHUNK_ROWS) {
          yield `${chunk.join('\n')}\n`;
          chunk = [];
        }
      }
      if (chunk.length) yield `${chunk.join('\n')}\n`;
    })(),
  );
}

/**
 * Writes the rollup changes a rebuild gathered, hundreds of thousands of rows at once: `COPY`
 * into a temporary table, then one `insert … select … on conflict` adding them to the rollups in
 * key order, then the rows that a decrease left all zero removed (as the live path does, so that
 * any order of events leaves the same rows). The live consumers' small batches go through
 * {@link ReadModelRepository.applyRollups}; this is the bulk path, where binding the rows as
 * JSON cost five times what the database needs to store them.
 *
 * The statements run on `client`, a connection of the rebuild's own, in one transaction.
 */
export class RollupCopyWriter {
  /** @param s the schema, quoted */
  constructor(private readonly s: string) {}

  async write(client: Client, delta: RollupDelta): Promise<void> {
    const rows = [...delta.rows.values()].filter((r) => MEASURES.some((m) => r.counts[m] !== 0));
    const buckets = [...delta.buckets.values()].filter((b) => b.n !== 0);
    if (!rows.length && !buckets.length) return;
    const columns = MEASURES.map((m) => `"${MEASURE_COLUMNS[m]}"`);
    await client.query('begin');
    try {
      if (rows.length) {
        await client.query(`create temporary table "rollup_day_in" (like ${this.s}."rollup_day") on commit drop`);
        await pipeline(
          copyText(rows, (r) => [field(r.node), field(r.category), r.day, ...MEASURES.map((m) => r.counts[m])].join('\t')),
          client.query(copyFrom(`copy "rollup_day_in" ("node_code", "category_code", "day", ${columns.join(', ')}) from stdin`)),
        );
        const emptied = await client.query<{ at: string }>(
          `with up as (
             insert into ${this.s}."rollup_day" as t ("node_code", "category_code", "day", ${columns.join(', ')})
             select "node_code", "category_code", "day", ${columns.join(', ')} from "rollup_day_in" order by "node_code", "category_code", "day"
             on conflict ("node_code", "category_code", "day") do update set ${columns.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}
             returning t."ctid", ${columns.map((c) => `t.${c} = 0`).join(' and ')} as "empty")
           select "ctid"::text as "at" from up where "empty"`,
        );
        if (emptied.rows.length) {
          await client.query(`delete from ${this.s}."rollup_day" where "ctid" = any($1::tid[]) and ${columns.map((c) => `${c} = 0`).join(' and ')}`, [emptied.rows.map((r) => r.at)]);
        }
      }
      if (buckets.length) {
        await client.query(`create temporary table "rollup_close_hours_in" (like ${this.s}."rollup_close_hours") on commit drop`);
        await pipeline(
          copyText(buckets, (b) => [field(b.node), field(b.category), b.day, b.bucket, b.n].join('\t')),
          client.query(copyFrom(`copy "rollup_close_hours_in" ("node_code", "category_code", "day", "bucket", "cases") from stdin`)),
        );
        const emptied = await client.query<{ at: string }>(
          `with up as (
             insert into ${this.s}."rollup_close_hours" as t ("node_code", "category_code", "day", "bucket", "cases")
             select "node_code", "category_code", "day", "bucket", "cases" from "rollup_close_hours_in" order by "node_code", "category_code", "day", "bucket"
             on conflict ("node_code", "category_code", "day", "bucket") do update set "cases" = t."cases" + excluded."cases"
             returning t."ctid", t."cases" = 0 as "empty")
           select "ctid"::text as "at" from up where "empty"`,
        );
        if (emptied.rows.length) {
          await client.query(`delete from ${this.s}."rollup_close_hours" where "ctid" = any($1::tid[]) and "cases" = 0`, [emptied.rows.map((r) => r.at)]);
        }
      }
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
  }
}
