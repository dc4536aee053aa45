import { Migration } from '@mikro-orm/migrations';

/**
 * health's first schema:
 * - `station`: community health stations (doctors' phones encrypted inside `doctors`), retired
 *   rather than deleted;
 * - `road_graph`: the imported road graph (one row while one is in use); `grid_coverage`: the
 *   latest coverage computed per level-3 grid;
 * - `lecture`: health lectures with their attendance;
 * - `follow_up` and `visit`: the home-visit follow-up list and the visits (notes encrypted);
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261209100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."station" (
      "id" uuid primary key,
      "name" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "lng" double precision not null,
      "lat" double precision not null,
      "opening_hours" jsonb not null default '[]',
      "services" text[] not null default '{}',
      "doctors" jsonb not null default '[]',
      "retired" boolean not null default false,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "station_path_idx" on "${s}"."station" using gin ("path")`);
    this.addSql(`create table "${s}"."road_graph" (
      "id" smallint primary key,
      "node_code" text not null,
      "lines" jsonb not null,
      "features" int not null,
      "vertices" int not null,
      "edges" int not null,
      "length_metres" double precision not null,
      "imported_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."grid_coverage" (
      "grid_code" text primary key,
      "path" text[] not null,
      "households" int not null,
      "covered" int not null,
      "limit_minutes" double precision not null,
      "method" text not null,
      "computed_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."lecture" (
      "id" uuid primary key,
      "station_id" uuid not null references "${s}"."station" ("id"),
      "node_code" text not null,
      "path" text[] not null,
      "date" date not null,
      "topic" text not null,
      "speaker" text not null,
      "attendance" int not null,
      "attendee_resident_ids" uuid[] not null default '{}',
      "created_by_id" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "lecture_path_idx" on "${s}"."lecture" using gin ("path")`);
    this.addSql(`create table "${s}"."follow_up" (
      "id" uuid primary key,
      "resident_id" uuid not null constraint "follow_up_resident_id_unique" unique,
      "node_code" text not null,
      "path" text[] not null,
      "conditions" text[] not null,
      "interval_days" int not null,
      "active" boolean not null default true,
      "last_visit_on" date null,
      "next_due_on" date not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "follow_up_path_idx" on "${s}"."follow_up" using gin ("path")`);
    this.addSql(`create index "follow_up_due_idx" on "${s}"."follow_up" ("next_due_on") where "active"`);
    this.addSql(`create table "${s}"."visit" (
      "id" uuid primary key,
      "follow_up_id" uuid not null references "${s}"."follow_up" ("id"),
      "date" date not null,
      "doctor" text not null,
      "notes" text null,
      "logged_by" text not null,
      "logged_by_id" text not null,
      "logged_at" timestamptz not null
    )`);
    this.addSql(`create index "visit_follow_up_idx" on "${s}"."visit" ("follow_up_id", "date" desc)`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'visit', 'follow_up', 'lecture', 'grid_coverage', 'road_graph', 'station']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'health';
  }
}
