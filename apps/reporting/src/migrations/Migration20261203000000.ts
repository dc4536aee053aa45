import { Migration } from '@mikro-orm/migrations';

/**
 * reporting's first schema: the read models it builds from events alone, and the messaging and
 * audit tables.
 *
 * - `case_fact`: one row per case, folded from its events (the facts the KPIs count by), with the
 *   order keys of the fold in `fold`;
 * - `rollup_day`: the counts by node × category × day, for every node of a case's path and every
 *   level of its category (and `*`, all categories), kept in step in the transaction that applies
 *   each event, so that a KPI query reads these rows and never the cases;
 * - `rollup_close_hours`: how long the closed cases took, as a histogram by the same key;
 * - `patrol_grid_day`: which level-3 grid was patrolled on which day (patrol coverage);
 * - `node`, `category`: names and the tree, from grid-registry's and ticketing's events and the
 *   paths of the others;
 * - `rebuild_run`: rebuilds of all of the above from the stream.
 *
 * The outbox, inbox, dead-letter and audit tables are the text of `messagingMigrationSql` and
 * `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261203000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create schema if not exists "${s}"`);
    this.addSql(`create table "${s}"."case_fact" (
      "case_id" uuid primary key,
      "number" text not null default '',
      "category_code" text not null,
      "category_path" text[] not null,
      "grid_path" text[] not null,
      "state" text not null,
      "reported_at" timestamptz null,
      "filed_at" timestamptz null,
      "rejected_at" timestamptz null,
      "dispatched_at" timestamptz null,
      "closed_at" timestamptz null,
      "deadline" timestamptz null,
      "due_at" timestamptz null,
      "on_time" boolean null,
      "rework_count" int not null default 0,
      "escalation_count" int not null default 0,
      "reopen_count" int not null default 0,
      "fold" jsonb not null,
      "updated_at" timestamptz not null default now()
    )`);
    // overdueNow reads only the cases whose clock runs, never the closed history
    this.addSql(`create index "case_fact_running_clock_idx" on "${s}"."case_fact" using gin ("grid_path") where "state" in ('dispatched', 'accepted', 'returned') and "deadline" is not null`);
    this.addSql(`create table "${s}"."rollup_day" (
      "node_code" text not null,
      "category_code" text not null,
      "day" date not null,
      "found" int not null default 0,
      "filed" int not null default 0,
      "rejected" int not null default 0,
      "dispatched" int not null default 0,
      "handled" int not null default 0,
      "closed" int not null default 0,
      "close_timed" int not null default 0,
      "close_ms" bigint not null default 0,
      "due" int not null default 0,
      "closed_on_time" int not null default 0,
      "reworked" int not null default 0,
      "escalated" int not null default 0,
      "reopened" int not null default 0,
      "settled" int not null default 0,
      "patrols" int not null default 0,
      "grids_patrolled" int not null default 0,
      "visits" int not null default 0,
      primary key ("node_code", "category_code", "day")
    )`);
    this.addSql(`create table "${s}"."rollup_close_hours" (
      "node_code" text not null,
      "category_code" text not null,
      "day" date not null,
      "bucket" smallint not null,
      "cases" int not null default 0,
      primary key ("node_code", "category_code", "day", "bucket")
    )`);
    this.addSql(`create table "${s}"."patrol_grid_day" (
      "grid_code" text not null,
      "day" date not null,
      primary key ("grid_code", "day")
    )`);
    this.addSql(`create table "${s}"."node" (
      "code" text primary key,
      "parent_code" text null,
      "path" text[] not null,
      "name" text null,
      "name_en" text null,
      "kind" text null,
      "grid_level" smallint null,
      "created_at" timestamptz null,
      "retired_at" timestamptz null,
      "version" int null
    )`);
    this.addSql(`create index "node_parent_code_idx" on "${s}"."node" ("parent_code")`);
    this.addSql(`create table "${s}"."category" (
      "code" text primary key,
      "parent_code" text null,
      "name" text not null,
      "kind" text not null,
      "leaf" boolean not null,
      "changed_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."rebuild_run" (
      "id" uuid primary key,
      "status" text not null check ("status" in ('running', 'completed', 'failed')),
      "requested_by" text not null,
      "started_at" timestamptz not null,
      "finished_at" timestamptz null,
      "events_replayed" bigint not null default 0,
      "error" text null
    )`);
    this.addSql(`create index "rebuild_run_started_at_idx" on "${s}"."rebuild_run" ("started_at")`);
    // messagingMigrationSql, frozen
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
    // auditMigrationSql, frozen
    this.addSql(`create table "${s}"."audit_log" (
        "id" bigserial primary key,
        "at" timestamptz not null default now(),
        "actor_id" text not null,
        "actor_name" text not null,
        "actor_roles" text[] not null default '{}',
        "action" text not null,
        "entity_type" text not null,
        "entity_id" text not null,
        "node_path" text[] not null default '{}',
        "before" jsonb null,
        "after" jsonb null,
        "correlation_id" text null
      )`);
    this.addSql(`create index "audit_log_node_path_index" on "${s}"."audit_log" using gin ("node_path")`);
    this.addSql(`create index "audit_log_entity_index" on "${s}"."audit_log" ("entity_type", "entity_id")`);
    this.addSql(`create index "audit_log_actor_index" on "${s}"."audit_log" ("actor_id")`);
    this.addSql(`create index "audit_log_at_index" on "${s}"."audit_log" ("at")`);
    this.addSql(`create function "${s}"."audit_log_append_only"() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
        end
      $$`);
    this.addSql(`create trigger "audit_log_no_update_delete" before update or delete on "${s}"."audit_log" for each row execute function "${s}"."audit_log_append_only"()`);
    this.addSql(`create trigger "audit_log_no_truncate" before truncate on "${s}"."audit_log" for each statement execute function "${s}"."audit_log_append_only"()`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`drop table if exists "${s}"."audit_log"`);
    this.addSql(`drop function if exists "${s}"."audit_log_append_only"()`);
    for (const t of ['dead_letter', 'inbox', 'outbox', 'rebuild_run', 'category', 'node', 'patrol_grid_day', 'rollup_close_hours', 'rollup_day', 'case_fact'])
      this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'reporting';
  }
}
