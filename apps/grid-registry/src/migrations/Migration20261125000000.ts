import { Migration } from '@mikro-orm/migrations';

/** Initial schema: the tree, staff, departments, places, import jobs, and the messaging tables. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."grid_node" (
      "id" uuid primary key,
      "code" text not null unique,
      "name" text not null,
      "name_en" text null,
      "kind" text not null check ("kind" in ('city','district','subdistrict','community','grid')),
      "grid_level" smallint null check ("grid_level" in (1,2,3)),
      "parent_id" uuid null references "${s}"."grid_node" ("id"),
      "parent_code" text null,
      "depth" smallint not null,
      "path" text[] not null,
      "status" text not null default 'active' check ("status" in ('active','retired')),
      "boundary" jsonb not null,
      "min_lng" double precision not null,
      "min_lat" double precision not null,
      "max_lng" double precision not null,
      "max_lat" double precision not null,
      "retired_reason" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1
    )`);
    this.addSql(`create index "grid_node_parent_id_index" on "${s}"."grid_node" ("parent_id")`);
    this.addSql(`create index "grid_node_code_pattern_index" on "${s}"."grid_node" ("code" text_pattern_ops)`);
    this.addSql(`create table "${s}"."staff" (
      "id" uuid primary key,
      "name" text not null,
      "employee_no" text null unique,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."staff_assignment" (
      "id" uuid primary key,
      "staff_id" uuid not null references "${s}"."staff" ("id"),
      "node_id" uuid not null references "${s}"."grid_node" ("id"),
      "role" text not null,
      "assigned_at" timestamptz not null,
      "unassigned_at" timestamptz null
    )`);
    this.addSql(`create index "staff_assignment_staff_id_index" on "${s}"."staff_assignment" ("staff_id")`);
    this.addSql(`create index "staff_assignment_node_id_index" on "${s}"."staff_assignment" ("node_id")`);
    this.addSql(`create unique index "staff_assignment_active_unique" on "${s}"."staff_assignment" ("staff_id", "node_id", "role") where "unassigned_at" is null`);
    this.addSql(`create table "${s}"."department" (
      "id" uuid primary key,
      "code" text not null unique,
      "name" text not null,
      "kind" text not null,
      "serves_node_codes" text[] not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."place" (
      "id" uuid primary key,
      "kind" text not null check ("kind" in ('building','household','unit','key_location')),
      "name" text not null,
      "address" text not null,
      "lng" double precision not null,
      "lat" double precision not null,
      "grid_id" uuid not null references "${s}"."grid_node" ("id"),
      "grid_code" text not null,
      "grid_path" text[] not null,
      "attributes" jsonb not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "place_grid_id_index" on "${s}"."place" ("grid_id")`);
    this.addSql(`create index "place_grid_code_pattern_index" on "${s}"."place" ("grid_code" text_pattern_ops)`);
    this.addSql(`create table "${s}"."import_job" (
      "id" uuid primary key,
      "kind" text not null,
      "file_name" text null,
      "status" text not null,
      "total" integer not null default 0,
      "processed" integer not null default 0,
      "imported" integer not null default 0,
      "errors" jsonb not null default '[]',
      "created_at" timestamptz not null,
      "finished_at" timestamptz null
    )`);
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
    for (const t of ['import_job', 'place', 'department', 'staff_assignment', 'staff', 'grid_node']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'grid_registry';
  }
}
