import { Migration } from '@mikro-orm/migrations';

/** Initial schema: accounts, API clients, sessions and refresh tokens, signing keys, and the messaging tables. */
export class Migration20261201000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."account" (
      "id" uuid primary key,
      "login" text not null unique check ("login" = lower("login")),
      "password_hash" text not null,
      "roles" text[] not null,
      "node_scope" text null,
      "department_code" text null,
      "staff_id" uuid null,
      "disabled" boolean not null default false,
      "failed_logins" integer not null default 0,
      "locked_until" timestamptz null,
      "created_by" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "account_node_scope_index" on "${s}"."account" ("node_scope" text_pattern_ops)`);
    this.addSql(`create table "${s}"."api_client" (
      "id" uuid primary key,
      "client_id" text not null unique,
      "secret_hash" text not null,
      "name" text not null,
      "scopes" text[] not null,
      "node_scope" text null,
      "disabled" boolean not null default false,
      "created_by" text not null,
      "created_at" timestamptz not null
    )`);
    // A session is one refresh-token family; its id is the `sid` claim of its access tokens.
    this.addSql(`create table "${s}"."session" (
      "id" uuid primary key,
      "account_id" uuid not null references "${s}"."account" ("id"),
      "created_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_reason" text null
    )`);
    this.addSql(`create index "session_account_id_index" on "${s}"."session" ("account_id")`);
    this.addSql(`create index "session_revoked_at_index" on "${s}"."session" ("revoked_at") where "revoked_at" is not null`);
    this.addSql(`create table "${s}"."refresh_token" (
      "id" uuid primary key,
      "token_hash" text not null unique,
      "session_id" uuid not null references "${s}"."session" ("id"),
      "account_id" uuid not null references "${s}"."account" ("id"),
      "used_at" timestamptz null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "refresh_token_session_id_index" on "${s}"."refresh_token" ("session_id")`);
    this.addSql(`create table "${s}"."signing_key" (
      "kid" text primary key,
      "public_jwk" jsonb not null,
      "private_jwk_sealed" text not null,
      "status" text not null check ("status" in ('active','retiring')),
      "created_at" timestamptz not null,
      "retired_at" timestamptz null
    )`);
    this.addSql(`create unique index "signing_key_one_active" on "${s}"."signing_key" ("status") where "status" = 'active'`);
    // The messaging tables (outbox, inbox, dead letters) as `messagingMigrationSql` wrote them
    // when this migration was committed, frozen here so that the migration never changes.
    this.addSql(`create schema if not exists "${s}"`);
    this.addSql(`create table if not exists "${s}"."outbox" (
        "seq" bigserial primary key,
        "id" uuid not null constraint "outbox_id_key" unique,
        "subject" text not null,
        "type" text not null,
        "event" jsonb not null,
        "created_at" timestamptz not null default now(),
        "published_at" timestamptz null,
        "attempts" int not null default 0,
        "last_error" text null
      )`);
    this.addSql(`create index if not exists "outbox_unpublished_idx" on "${s}"."outbox" ("seq") where "published_at" is null`);
    this.addSql(`create table if not exists "${s}"."inbox" (
        "consumer" text not null,
        "event_id" uuid not null,
        "processed_at" timestamptz not null default now(),
        primary key ("consumer", "event_id")
      )`);
    this.addSql(`create table if not exists "${s}"."dead_letter" (
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
      )`);
    this.addSql(`create index if not exists "dead_letter_consumer_idx" on "${s}"."dead_letter" ("consumer", "created_at")`);
    this.addSql(`create or replace function "${s}"."outbox_notify"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('${s}_outbox', '');
        return null;
      end
      $$`);
    this.addSql(`drop trigger if exists "outbox_notify" on "${s}"."outbox"`);
    this.addSql(`create trigger "outbox_notify" after insert on "${s}"."outbox" for each statement execute function "${s}"."outbox_notify"()`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    // frozen, as above
    this.addSql(`drop trigger if exists "outbox_notify" on "${s}"."outbox"`);
    this.addSql(`drop function if exists "${s}"."outbox_notify"()`);
    this.addSql(`drop table if exists "${s}"."dead_letter"`);
    this.addSql(`drop table if exists "${s}"."inbox"`);
    this.addSql(`drop table if exists "${s}"."outbox"`);
    for (const t of ['signing_key', 'refresh_token', 'session', 'api_client', 'account']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'identity';
  }
}
