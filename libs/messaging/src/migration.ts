/** Quote an SQL identifier. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote an SQL string literal. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Channel the outbox trigger notifies and the relay listens on. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/**
 * DDL of the outbox, inbox and dead-letter tables in `schema`, for a service's own committed
 * MikroORM migration (`this.addSql(...)` each statement of `up`, and of `down` to revert).
 *
 * An insert into the outbox fires `pg_notify('<schema>_outbox', '')`. Postgres delivers a
 * NOTIFY only when the transaction commits, and drops it on rollback, which is exactly "wake the
 * relay once the event is durable" without the writer knowing about the relay.
 */
export function messagingMigrationSql(schema: string): { up: string[]; down: string[] } {
  const s = ident(schema);
  const fn = `${s}."outbox_notify"`;
  return {
    up: [
      `create schema if not exists ${s}`,
      `create table if not exists ${s}."outbox" (
        "seq" bigserial primary key,
        "id" uuid not null constraint "outbox_id_key" unique,
        "subject" text not null,
        "type" text not null,
        "event" jsonb not null,
        "created_at" timestamptz not null default now(),
        "published_at" timestamptz null,
        "attempts" int not null default 0,
        "last_error" text null
      )`,
      `create index if not exists "outbox_unpublished_idx" on ${s}."outbox" ("seq") where "published_at" is null`,
      `create table if not exists ${s}."inbox" (
        "consumer" text not null,
        "event_id" uuid not null,
        "processed_at" timestamptz not null default now(),
        primary key ("consumer", "event_id")
      )`,
      `create table if not exists ${s}."dead_letter" (
        "id" uuid primary key,
        "consumer" text not null,
        "event_id" text null,
        "subject" text not null,
        "type" text null,
        "event" jsonb not null,
        "error" text not null,
        "deliveries" int not null,
        "created_at" timestamptz not null default now(),
        "replayed_at" timestamptz null
      )`,
      `create index if not exists "dead_letter_consumer_idx" on ${s}."dead_letter" ("consumer", "created_at")`,
      `create or replace function ${fn}() returns trigger language plpgsql as $$
      begin
        perform pg_notify(${literal(outboxChannel(schema))}, '');
        return null;
      end
      $$`,
      `drop trigger if exists "outbox_notify" on ${s}."outbox"`,
      // per statement: one wake-up per insert, however many rows it carries
      `create trigger "outbox_notify" after insert on ${s}."outbox" for each statement execute function ${fn}()`,
    ],
    down: [
      `drop trigger if exists "outbox_notify" on ${s}."outbox"`,
      `drop function if exists ${fn}()`,
      `drop table if exists ${s}."dead_letter"`,
      `drop table if exists ${s}."inbox"`,
      `drop table if exists ${s}."outbox"`,
    ],
  };
}
