import { Migration } from '@mikro-orm/migrations';

/**
 * notifications' first schema:
 * - the directory it resolves recipients with, kept from events only: `account` (identity's
 *   account events: roles, node scope, department, disabled), `case_ref` (ticketing's case
 *   events: where a case is, who dispatched, accepted and handled it), `grid` (grid-registry's
 *   grid events), `patrol_day` (patrols), `calendar_day` (ticketing's working calendar) and
 *   `category` (names);
 * - `notification`: the in-app inbox, one row per (rule, occurrence, recipient);
 * - `account_channel`: an account's own e-mail and mobile number (encrypted) and the channels it
 *   wants besides the inbox; `delivery`: each notification on each of those channels, with its
 *   attempts and retries; `unpatrolled_check`: the daily check, once per day across replicas;
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261206100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."account" (
      "id" text primary key,
      "roles" text[] not null default '{}',
      "node_scope" text null,
      "department_code" text null,
      "disabled" boolean not null default false,
      "changed_at" timestamptz not null
    )`);
    this.addSql(`create index "account_node_scope_idx" on "${s}"."account" ("node_scope")`);
    this.addSql(`create index "account_department_idx" on "${s}"."account" ("department_code") where "department_code" is not null`);
    this.addSql(`create table "${s}"."case_ref" (
      "id" uuid primary key,
      "number" text not null,
      "category_code" text not null,
      "path" text[] not null,
      "level" smallint not null,
      "state" text not null,
      "dispatch_target" text null,
      "department_code" text null,
      "dispatched_by" text null,
      "accepted_by" text null,
      "handled_by" text null,
      "deadline" timestamptz null,
      "version" int not null
    )`);
    this.addSql(`create table "${s}"."grid" (
      "code" text primary key,
      "path" text[] not null,
      "grid_level" smallint null,
      "name" text not null,
      "retired" boolean not null default false
    )`);
    this.addSql(`create table "${s}"."patrol_day" (
      "grid_code" text not null,
      "day" date not null,
      primary key ("grid_code", "day")
    )`);
    this.addSql(`create table "${s}"."calendar_day" (
      "day" date primary key,
      "kind" text not null
    )`);
    this.addSql(`create table "${s}"."category" (
      "code" text primary key,
      "name" text not null
    )`);
    this.addSql(`create table "${s}"."notification" (
      "id" uuid primary key,
      "rule" text not null,
      "occurrence" text not null,
      "account_id" text not null,
      "title" text not null,
      "body" text not null,
      "case_id" uuid null,
      "case_number" text null,
      "node_code" text not null,
      "created_at" timestamptz not null,
      "read_at" timestamptz null,
      constraint "notification_once" unique ("rule", "occurrence", "account_id")
    )`);
    this.addSql(`create index "notification_inbox_idx" on "${s}"."notification" ("account_id", "created_at" desc, "id")`);
    this.addSql(`create index "notification_unread_idx" on "${s}"."notification" ("account_id") where "read_at" is null`);
    this.addSql(`create table "${s}"."account_channel" (
      "account_id" text primary key,
      "email" text null,
      "phone" text null,
      "wecom" text null,
      "dingtalk" text null,
      "channels" text[] not null default '{}',
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."delivery" (
      "id" uuid primary key,
      "notification_id" uuid not null references "${s}"."notification" ("id") on delete cascade,
      "rule" text not null,
      "account_id" text not null,
      "channel" text not null,
      "address" text not null,
      "title" text not null,
      "body" text not null,
      "status" text not null,
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz null,
      "lease_until" timestamptz null,
      "last_error" text null,
      "created_at" timestamptz not null,
      "sent_at" timestamptz null
    )`);
    this.addSql(`create index "delivery_due_idx" on "${s}"."delivery" ("next_attempt_at") where "status" = 'pending'`);
    this.addSql(`create index "delivery_status_idx" on "${s}"."delivery" ("status", "created_at" desc)`);
    this.addSql(`create table "${s}"."unpatrolled_check" (
      "day" date primary key,
      "checked_at" timestamptz not null,
      "grids" int not null
    )`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'unpatrolled_check', 'delivery', 'account_channel', 'notification', 'category', 'calendar_day', 'patrol_day', 'grid', 'case_ref', 'account'])
      this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'notifications';
  }
}
