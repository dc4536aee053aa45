import { Migration } from '@mikro-orm/migrations';

/**
 * volunteers' first schema:
 * - `unit`: units counted by the formation rule; `organisation`: party organisations;
 * - `member`: party members (residents), the phone encrypted;
 * - `team`, `team_member`, `assignment`, `activity`, `participation`: volunteer teams, what they are
 *   assigned to, their activities and each member's sign-up, check-in, check-out and hours;
 * - `education_session`, `session_attendance`: remote-education sessions 远程教育 and who attended;
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261210100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."unit" (
      "id" uuid primary key,
      "place_id" uuid not null constraint "unit_place_id_key" unique,
      "non_public" boolean not null,
      "party_member_count" int not null,
      "should_have_branch_override" boolean null,
      "node_code" text not null,
      "path" text[] not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "unit_path_idx" on "${s}"."unit" using gin ("path")`);
    this.addSql(`create table "${s}"."organisation" (
      "id" uuid primary key,
      "name" text not null,
      "kind" text not null,
      "host_unit_id" uuid null,
      "parent_id" uuid null references "${s}"."organisation" ("id"),
      "node_code" text not null,
      "path" text[] not null,
      "formed_on" date not null,
      "status" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "organisation_path_idx" on "${s}"."organisation" using gin ("path")`);
    this.addSql(`create index "organisation_host_idx" on "${s}"."organisation" ("host_unit_id") where "host_unit_id" is not null`);
    this.addSql(`create table "${s}"."member" (
      "id" uuid primary key,
      "resident_id" uuid not null constraint "member_resident_id_key" unique,
      "name" text not null,
      "organisation_id" uuid not null references "${s}"."organisation" ("id"),
      "grid_code" text not null,
      "path" text[] not null,
      "joined_on" date not null,
      "phone" text null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "member_path_idx" on "${s}"."member" using gin ("path")`);
    this.addSql(`create index "member_organisation_idx" on "${s}"."member" ("organisation_id")`);
    this.addSql(`create table "${s}"."team" (
      "id" uuid primary key,
      "name" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "leader_member_id" uuid null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "team_path_idx" on "${s}"."team" using gin ("path")`);
    this.addSql(`create table "${s}"."team_member" (
      "id" uuid primary key,
      "team_id" uuid not null references "${s}"."team" ("id"),
      "resident_id" uuid not null,
      "party_member_id" uuid null,
      "created_at" timestamptz not null,
      constraint "team_member_team_resident_key" unique ("team_id", "resident_id")
    )`);
    this.addSql(`create table "${s}"."assignment" (
      "id" uuid primary key,
      "team_id" uuid not null references "${s}"."team" ("id"),
      "target_kind" text not null,
      "target_id" text not null,
      "path" text[] not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "assignment_path_idx" on "${s}"."assignment" using gin ("path")`);
    this.addSql(`create table "${s}"."activity" (
      "id" uuid primary key,
      "team_id" uuid not null references "${s}"."team" ("id"),
      "title" text not null,
      "date" date not null,
      "capacity" int null,
      "assignment_id" uuid null references "${s}"."assignment" ("id"),
      "path" text[] not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "activity_path_idx" on "${s}"."activity" using gin ("path")`);
    this.addSql(`create index "activity_assignment_idx" on "${s}"."activity" ("assignment_id") where "assignment_id" is not null`);
    this.addSql(`create table "${s}"."participation" (
      "activity_id" uuid not null references "${s}"."activity" ("id"),
      "member_id" uuid not null references "${s}"."team_member" ("id"),
      "signed_up_at" timestamptz not null,
      "checked_in_at" timestamptz null,
      "checked_out_at" timestamptz null,
      "quarters" int null,
      "hours_reason" text null,
      primary key ("activity_id", "member_id")
    )`);
    this.addSql(`create table "${s}"."education_session" (
      "id" uuid primary key,
      "organisation_id" uuid not null references "${s}"."organisation" ("id"),
      "topic" text not null,
      "date" date not null,
      "path" text[] not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "education_session_path_idx" on "${s}"."education_session" using gin ("path")`);
    this.addSql(`create table "${s}"."session_attendance" (
      "session_id" uuid not null references "${s}"."education_session" ("id"),
      "member_id" uuid not null references "${s}"."member" ("id"),
      "recorded_at" timestamptz not null,
      primary key ("session_id", "member_id")
    )`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'session_attendance', 'education_session', 'participation', 'activity', 'assignment', 'team_member', 'team', 'member', 'organisation', 'unit'])
      this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'volunteers';
  }
}
