import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';

import { TEST_DATABASE_URL, TEST_NATS_URL } from './namespace';

/** Create the test database if needed. */
export async function ensureTestDatabase(url = TEST_DATABASE_URL): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0)
      await client.query(`create database "${name}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04' && e.code !== '23505') throw e;
      });
  } finally {
    await client.end();
  }
}

/** Run SQL against the test database. */
export async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = [], url = TEST_DATABASE_URL): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Drop a schema and everything in it. */
export async function dropSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  await sql(`drop schema if exists "${schema}" cascade`, [], url);
}

export function connectTestNats(): Promise<NatsConnection> {
  return connect({ servers: TEST_NATS_URL });
}

/** Delete a stream if it exists. */
export async function deleteStream(nc: NatsConnection, name: string): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.delete(name).catch(() => undefined);
  // and the key-value bucket the gateway keeps beside it (Idempotency-Keys), if it made one
  await jsm.streams.delete(`KV_${name}_IDEMPOTENCY`).catch(() => undefined);
}

/** Messages per subject currently in a stream. */
export async function subjectCounts(nc: NatsConnection, stream: string): Promise<Record<string, number>> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream, { subjects_filter: '>' });
  return info.state.subjects ?? {};
}

/** All messages on `subject` in the stream, oldest first, as parsed JSON. */
export async function readSubject<T = unknown>(nc: NatsConnection, stream: string, subject: string): Promise<T[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: T[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (m && m.subject === subject) out.push(m.json<T>());
  }
  return out;
}

/** Poll `fn` until it returns a truthy value or time runs out. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
