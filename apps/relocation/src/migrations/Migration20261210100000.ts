import { Migration } from '@mikro-orm/migrations';

/**
 * relocation's first schema:
 * - `project`: relocation projects with their red line (GeoJSON);
 * - `project_place`: units, buildings and households inside a red line (snapshots of grid-registry
 *   places), a household with its state, package and holdout flag; `household_step`: each step;
 * - `work_package`: leaders' and work groups' packages; `help_request`: schooling and rental help;
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261210100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."project" (
      "id" uuid primary key,
      "name" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "red_line" jsonb not null,
      "start_date" date not null,
      "status" text not null,
      "resolved_at" timestamptz null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "project_path_idx" on "${s}"."project" using gin ("path")`);
    this.addSql(`create table "${s}"."project_place" (
      "id" uuid primary key,
      "project_id" uuid not null references "${s}"."project" ("id") on delete cascade,
      "place_id" uuid not null,
      "kind" text not null,
      "name" text not null,
      "grid_code" text not null,
      "lng" double precision not null,
      "lat" double precision not null,
      "inside" boolean not null,
      "state" text null,
      "package_id" uuid null,
      "holdout" boolean not null default false,
      "holdout_reasons" text[] not null default '{}',
      "last_visit_at" timestamptz null,
      "updated_at" timestamptz not null,
      constraint "project_place_unique" unique ("project_id", "place_id")
    )`);
    this.addSql(`create index "project_place_package_idx" on "${s}"."project_place" ("package_id") where "package_id" is not null`);
    this.addSql(`create table "${s}"."household_step" (
      "id" uuid primary key,
      "project_id" uuid not null,
      "household_id" uuid not null references "${s}"."project_place" ("id") on delete cascade,
      "state" text not null,
      "at" timestamptz not null,
      "note" text null,
      "by" text not null,
      "recorded_at" timestamptz not null,
      constraint "household_step_unique" unique ("household_id", "state")
    )`);
    this.addSql(`create index "household_step_project_idx" on "${s}"."household_step" ("project_id", "at")`);
    this.addSql(`create table "${s}"."work_package" (
      "id" uuid primary key,
      "project_id" uuid not null references "${s}"."project" ("id") on delete cascade,
      "leader" text not null,
      "group" text not null,
      "created_by" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."help_request" (
      "id" uuid primary key,
      "project_id" uuid not null references "${s}"."project" ("id") on delete cascade,
      "household_id" uuid not null references "${s}"."project_place" ("id") on delete cascade,
      "kind" text not null,
      "state" text not null,
      "schooling_request_id" uuid null,
      "note" text null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "help_request_project_idx" on "${s}"."help_request" ("project_id", "created_at")`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'help_request', 'work_package', 'household_step', 'project_place', 'project']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'relocation';
  }
}
