import type { Constructor, EntityClass, MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import { createLogger } from '@citygrid/service-kit';

export interface ServiceOrmOptions {
  /** PostgreSQL URL. */
  databaseUrl: string;
  /** Schema owned by the service (`grid_registry`, `ticketing` …). */
  schema: string;
  /** Entities of the service, messaging entities included. */
  entities: EntityClass<unknown>[];
  /** Committed migrations, in order. Listed explicitly so they run the same from source or a bundle. */
  migrations: Array<{ name: string; class: Constructor<Migration> }>;
  /** Connection pool size. */
  poolMax?: number;
  /** Log SQL (debug). */
  debug?: boolean;
  /** Level of the ORM's own messages (migrations applied, SQL when debugging): the service's `LOG_LEVEL`. */
  logLevel: string;
}

/**
 * MikroORM options for one service schema. Every table lives in `schema`; the migrations table
 * too, so services migrate independently even when they share one database.
 */
export function serviceOrmOptions(o: ServiceOrmOptions): Options {
  return defineConfig({
    clientUrl: o.databaseUrl,
    schema: o.schema,
    entities: o.entities,
    extensions: [Migrator],
    forceUtcTimezone: true,
    // Entities declare their column types; discovery must not need TypeScript metadata.
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    pool: { min: 0, max: o.poolMax ?? 10 },
    debug: o.debug ?? false,
    // ORM messages (migrations applied, SQL when debugging) go to the same JSON log as the rest.
    colors: false,
    logger: ormLogger(o.logLevel),
    allowGlobalContext: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: o.migrations as unknown as MigrationObject[],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    schemaGenerator: { managementDbName: 'postgres' },
  });
}

/** The ORM's messages as JSON log lines; the logger is made on the first message (there are few, and usually none). */
function ormLogger(level: string): (message: string) => void {
  let logger: ReturnType<typeof createLogger> | undefined;
  return (message) => {
    logger ??= createLogger('orm', level);
    logger.info({ orm: true }, message);
  };
}

/** Apply pending migrations of the ORM's schema; creates the schema first. Returns the names applied. */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const schema = orm.config.get('schema');
  if (schema) await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** Create the database named in the URL if it does not exist (local runs and tests). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) return;
  const { Client } = await import('pg');
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        // Another service created it at the same moment.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** Apply a service's committed migrations with its ORM options (creating the database first when asked). */
export async function migrateService(options: Options, createDatabase = false): Promise<string[]> {
  if (createDatabase && options.clientUrl) await ensureDatabase(options.clientUrl);
  for (let attempt = 1; ; attempt++) {
    const orm = await MikroORM.init(options);
    try {
      return await applyMigrations(orm);
    } catch (err) {
      if (attempt >= 5 || !droppedElsewhere(err, options.schema)) throw err;
      // another service's schema went away while the migrator listed the database's tables: list again
      await new Promise((r) => setTimeout(r, 200 * attempt));
    } finally {
      await orm.close(true);
    }
  }
}

/**
 * True for the error of a table listing that met another schema being dropped at that moment
 * (`3F000` invalid_schema_name, `42P01` undefined_table, naming a schema that is not ours): the
 * migrator lists every table of the database, and a database shared with other services (or
 * test runs) may be changing under it. Nothing was applied; trying again is safe.
 */
function droppedElsewhere(err: unknown, schema: string | undefined): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e || (e.code !== '3F000' && e.code !== '42P01')) return false;
  const named = /(?:schema|relation) "([^"]+)"/.exec(e.message ?? '')?.[1];
  return named !== undefined && (schema === undefined || !named.startsWith(schema));
}

/** The body of every `apps/<service>/src/migrate.ts` run as a command: log the outcome, exit 0 or 1. */
export function runMigrationsCommand(service: string, migrate: (createDatabase: boolean) => Promise<string[]>): void {
  // a command's outcome is always worth a line
  const log = createLogger(`${service}-migrate`, 'info');
  migrate(process.argv.includes('--create-database'))
    .then((applied) => {
      log.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
      process.exit(0);
    })
    .catch((err: unknown) => {
      log.error({ err }, 'migration failed');
      process.exit(1);
    });
}
