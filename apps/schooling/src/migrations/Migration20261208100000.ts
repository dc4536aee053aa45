import { Migration } from '@mikro-orm/migrations';

/**
 * schooling's first schema:
 * - `school`: schools with their catchment (GeoJSON) and its bounding box for point lookups;
 * - `enrolment_request`: enrolment help requests, the child's ID number and the guardian's phone
 *   encrypted; `enrolment_step`: each step taken on one;
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261208100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."school" (
      "id" uuid primary key,
      "name" text not null,
      "kind" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "address" text not null,
      "lng" double precision not null,
      "lat" double precision not null,
      "capacity_per_grade" int null,
      "catchment" jsonb not null,
      "min_lng" double precision not null,
      "min_lat" double precision not null,
      "max_lng" double precision not null,
      "max_lat" double precision not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "school_path_idx" on "${s}"."school" using gin ("path")`);
    this.addSql(`create index "school_bbox_idx" on "${s}"."school" ("min_lng", "max_lng", "min_lat", "max_lat")`);
    this.addSql(`create table "${s}"."enrolment_request" (
      "id" uuid primary key,
      "household_id" uuid not null,
      "node_code" text not null,
      "path" text[] not null,
      "child_name" text not null,
      "child_birth_date" date not null,
      "child_gender" text not null,
      "child_id_number" text null,
      "guardian_name" text not null,
      "guardian_phone" text not null,
      "grade" smallint not null,
      "school_id" uuid null,
      "suggested_school_id" uuid null,
      "reason" text not null,
      "relocation_project_id" text null,
      "state" text not null,
      "received_at" timestamptz not null,
      "deadline" timestamptz null,
      "settled_at" timestamptz null,
      "placed_school_id" uuid null,
      "refusal_reason" text null,
      "note" text null,
      "created_by" text not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "enrolment_request_path_idx" on "${s}"."enrolment_request" using gin ("path")`);
    this.addSql(`create index "enrolment_request_household_idx" on "${s}"."enrolment_request" ("household_id", "received_at")`);
    this.addSql(`create index "enrolment_request_project_idx" on "${s}"."enrolment_request" ("relocation_project_id") where "relocation_project_id" is not null`);
    this.addSql(`create index "enrolment_request_deadline_idx" on "${s}"."enrolment_request" ("deadline") where "deadline" is not null`);
    this.addSql(`create table "${s}"."enrolment_step" (
      "id" uuid primary key,
      "request_id" uuid not null references "${s}"."enrolment_request" ("id") on delete cascade,
      "action" text null,
      "state" text not null,
      "at" timestamptz not null,
      "by" text not null,
      "note" text null
    )`);
    this.addSql(`create index "enrolment_step_request_idx" on "${s}"."enrolment_step" ("request_id", "at")`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'enrolment_step', 'enrolment_request', 'school']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'schooling';
  }
}
