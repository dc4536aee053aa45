import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { headers, NatsConnection, StoredMsg } from 'nats';
import { Client } from 'pg';
import { defineEvent } from '@citygrid/contracts';
import { closeNats, connectNats, ensureStream, messagingEntities, messagingMigrationSql, Subjects } from '../src';

export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/** This file's subject prefix and stream, as the Jest setup gives each test file (what a service's config would say). */
export const subjects = Subjects.fromConfig(process.env);

/** A service's own state, written in the same transaction as its events. */
@Entity({ tableName: 'case_state' })
export class CaseState {
  @PrimaryKey({ type: 'uuid', columnType: 'uuid' })
  id: string;

  @Property({ type: 'text', columnType: 'text' })
  status: string;

  constructor(id: string, status: string) {
    this.id = id;
    this.status = status;
  }
}

/** Side effect of test handlers: applied twice would show as value 2. */
@Entity({ tableName: 'counter' })
export class Counter {
  @PrimaryKey({ type: 'text', columnType: 'text' })
  name: string;

  @Property({ type: 'integer', columnType: 'int' })
  value = 0;

  constructor(name: string) {
    this.name = name;
  }
}

export const caseOpened = defineEvent<{ caseId: string; title: string }>({
  service: 'ticketing',
  aggregate: 'case',
  event: 'opened',
  version: 1,
  summary: 'A case was opened.',
  schema: { type: 'object' },
});

export interface TestEnv {
  schema: string;
  stream: string;
  admin: Client;
  orm: MikroORM;
  nc: NatsConnection;
}

/** Own schema (messaging tables + test tables), own stream, ORM and NATS connection. */
export async function setupEnv(): Promise<TestEnv> {
  const schema = process.env.CITYGRID_TEST_NS!;
  const stream = subjects.stream;
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  for (const sql of messagingMigrationSql(schema).up) await admin.query(sql);
  await admin.query(`create table "${schema}"."case_state" ("id" uuid primary key, "status" text not null)`);
  await admin.query(`create table "${schema}"."counter" ("name" text primary key, "value" int not null)`);
  const orm = await MikroORM.init({
    clientUrl: DATABASE_URL,
    schema,
    entities: [...messagingEntities, CaseState, Counter],
    pool: { min: 0, max: 6 },
    debug: false,
  });
  const nc = await connectNats({ servers: NATS_URL, name: `messaging-test-${schema}` });
  await ensureStream(nc, { name: stream, subjects: subjects.streamSubjects() });
  return { schema, stream, admin, orm, nc };
}

export async function teardownEnv(env: TestEnv | undefined): Promise<void> {
  if (!env) return;
  try {
    const jsm = await env.nc.jetstreamManager();
    await jsm.streams.delete(env.stream);
  } finally {
    await closeNats(env.nc);
    await env.orm.close(true);
    await env.admin.query(`drop schema if exists "${env.schema}" cascade`);
    await env.admin.end();
  }
}

/** Every message in the stream (a test file's stream is small). */
export async function readStream(nc: NatsConnection, stream: string): Promise<StoredMsg[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: StoredMsg[] = [];
  if (info.state.messages === 0) return out;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    out.push(await jsm.streams.getMessage(stream, { seq }));
  }
  return out;
}

/** Messages in the stream whose `Nats-Msg-Id` is `id`. */
export async function countByMsgId(nc: NatsConnection, stream: string, id: string): Promise<number> {
  return (await readStream(nc, stream)).filter((m) => m.header.get('Nats-Msg-Id') === id).length;
}

export async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Publish raw bytes straight to the stream, bypassing the outbox (to simulate redeliveries). */
export async function publishRaw(nc: NatsConnection, subject: string, body: string | Uint8Array, msgID: string): Promise<void> {
  await nc.jetstream().publish(subject, typeof body === 'string' ? Buffer.from(body) : body, { msgID, headers: headers() });
}
