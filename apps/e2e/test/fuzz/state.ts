/**
 * A cheap fingerprint of everything the services store, to show that a refused write changed
 * nothing: per table of the stack's own schemas, the row count and an md5 over the rows. The
 * outbox relay marks rows published in the background, so only what an outbox row says counts,
 * not when it went out; consumers record the events they take in their inbox in the background
 * too, so the inbox does not count at all (what the events change does), and of a dead letter only
 * whether it was replayed.
 */
import { Client } from 'pg';

/** `schema.table` → fingerprint. */
export type Snapshot = ReadonlyMap<string, string>;

export class StateProbe {
  private constructor(
    private readonly client: Client,
    private readonly query: string,
  ) {}

  /** Connect and prepare the fingerprint of every table in `schemas`. */
  static async open(databaseUrl: string, schemas: readonly string[]): Promise<StateProbe> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const tables = await client.query<{ schema: string; table: string }>(
      `select table_schema as schema, table_name as table from information_schema.tables where table_schema = any($1) and table_type = 'BASE TABLE' order by 1, 2`,
      [schemas],
    );
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const parts = tables.rows
      .filter((t) => t.table !== 'mikro_orm_migrations')
      .map(({ schema, table }) => {
        const from = `${q(schema)}.${q(table)} t`;
        // a consumer records each event it takes (inbox) as the event arrives, whatever request is being answered then
        if (table === 'inbox') return `select '${schema}.${table}' as name, '' as print`;
        const rows =
          table === 'outbox'
            ? `coalesce(md5(string_agg(t.id::text || t.subject || t.type || t.event::text, ',' order by t.seq)), '')`
            : table === 'dead_letter'
              ? `coalesce(md5(string_agg(t.id::text || coalesce(t.replayed_at::text, ''), ',' order by t.id)), '')`
              : `coalesce(md5(string_agg(t::text, ',' order by t::text)), '')`;
        return `select '${schema}.${table}' as name, count(*)::text || ':' || ${rows} as print from ${from}`;
      });
    if (!parts.length) throw new Error(`no tables in ${schemas.join(', ')}`);
    return new StateProbe(client, parts.join('\nunion all\n'));
  }

  async snapshot(): Promise<Snapshot> {
    const res = await this.client.query<{ name: string; print: string }>(this.query);
    return new Map(res.rows.map((r) => [r.name, r.print]));
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** Tables whose fingerprint differs between `before` and `after`. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}
