import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { applyMigrations, ensureDatabase, serviceOrmOptions } from '../src';

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/citygrid_test';

class CreateThing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "${this.config.get('schema')}"."thing" ("id" int primary key)`);
  }
  override async down(): Promise<void> {
    this.addSql(`drop table "${this.config.get('schema')}"."thing"`);
  }
}

class Broken extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "${this.config.get('schema')}"."half" ("id" int)`);
    this.addSql('select no_such_function()');
  }
}

async function query(url: string, text: string): Promise<Array<Record<string, unknown>>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('service migrations', () => {
  const ns = process.env['CITYGRID_TEST_NS']!;
  const schema = `persistence_${ns}`;
  const dbName = `citygrid_${ns}`;
  const url = new URL(BASE_URL);

  afterAll(async () => {
    await query(BASE_URL, `drop schema if exists "${schema}" cascade`);
    url.pathname = '/postgres';
    await query(url.toString(), `drop database if exists "${dbName}"`);
  });

  it('creates the database and the schema, applies committed migrations once, in the service schema', async () => {
    const dbUrl = new URL(BASE_URL);
    dbUrl.pathname = `/${dbName}`;
    await ensureDatabase(dbUrl.toString());
    await ensureDatabase(dbUrl.toString());
    await ensureDatabase(BASE_URL);
    const options = serviceOrmOptions({ databaseUrl: BASE_URL, schema, entities: [], migrations: [{ name: 'Migration1', class: CreateThing }], logLevel: 'warn' });
    const orm = await MikroORM.init({ ...options, discovery: { warnWhenNoEntities: false } });
    try {
      expect(await applyMigrations(orm)).toEqual(['Migration1']);
      expect(await applyMigrations(orm)).toEqual([]);
    } finally {
      await orm.close(true);
    }
    const tables = await query(BASE_URL, `select table_name from information_schema.tables where table_schema = '${schema}' order by 1`);
    expect(tables.map((t) => t['table_name'])).toEqual(['mikro_orm_migrations', 'thing']);
    expect(await query(BASE_URL, `select 1 from pg_database where datname = '${dbName}'`)).toHaveLength(1);
  });

  it('rolls a failing migration back whole', async () => {
    const options = serviceOrmOptions({
      databaseUrl: BASE_URL,
      schema,
      entities: [],
      migrations: [
        { name: 'Migration1', class: CreateThing },
        { name: 'Migration2', class: Broken },
      ],
      logLevel: 'warn',
    });
    const orm = await MikroORM.init({ ...options, discovery: { warnWhenNoEntities: false } });
    try {
      await expect(applyMigrations(orm)).rejects.toThrow();
    } finally {
      await orm.close(true);
    }
    const half = await query(BASE_URL, `select 1 from information_schema.tables where table_schema = '${schema}' and table_name = 'half'`);
    expect(half).toHaveLength(0);
  });
});
