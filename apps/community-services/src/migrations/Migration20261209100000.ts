import { Migration } from '@mikro-orm/migrations';

/**
 * community-services' first schema:
 * - `centre`: the centres (物业 property, 家政 housekeeping, 文化 culture, 计生 family planning) a
 *   subdistrict or community runs, with the node's path;
 * - `request_type`: each centre's catalogue (time limit, whether satisfaction is asked), seeded
 *   city-wide with the usual types; operators add their own for their node's centres;
 * - `service_request` with its `service_request_step` history: the one workflow (received →
 *   assigned → in progress → closed, or cancelled); the resident's phone only encrypted;
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261209100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."centre" (
      "id" uuid primary key,
      "kind" text not null,
      "name" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "address" text null,
      "hours" text null,
      "phone" text null,
      "retired_at" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "centre_path_idx" on "${s}"."centre" using gin ("path")`);
    this.addSql(`create table "${s}"."request_type" (
      "id" uuid primary key,
      "centre" text not null,
      "code" text not null,
      "name" text not null,
      "description" text null,
      "time_limit_hours" int null,
      "asks_satisfaction" boolean not null default true,
      "node_code" text null,
      "path" text[] not null default '{}',
      "sort_order" int not null default 0,
      "retired_at" timestamptz null
    )`);
    this.addSql(`create unique index "request_type_code_key" on "${s}"."request_type" ("centre", coalesce("node_code", ''), "code")`);
    this.addSql(`insert into "${s}"."request_type" ("id", "centre", "code", "name", "description", "time_limit_hours", "asks_satisfaction", "sort_order") values
        (gen_random_uuid(), 'property', 'repair', '报修', '水电、门窗、公共设施等报修。', 48, true, 0),
        (gen_random_uuid(), 'property', 'cleaning_complaint', '保洁投诉', '楼道、公共区域保洁不到位的投诉。', 24, true, 1),
        (gen_random_uuid(), 'property', 'parking', '停车管理', '小区停车秩序与车位问题。', 72, true, 2),
        (gen_random_uuid(), 'housekeeping', 'housekeeping', '保洁家政', '上门保洁、家务服务预约。', 72, true, 3),
        (gen_random_uuid(), 'housekeeping', 'elderly_care', '养老陪护', '老人陪护、助餐助浴等服务。', 48, true, 4),
        (gen_random_uuid(), 'culture', 'venue_booking', '场地预约', '文化活动室、多功能厅等场地预约。', 48, false, 5),
        (gen_random_uuid(), 'culture', 'activity_signup', '活动报名', '社区文化活动报名。', 72, false, 6),
        (gen_random_uuid(), 'family_planning', 'certificate', '证明办理', '计生相关证明开具。', 120, true, 7),
        (gen_random_uuid(), 'family_planning', 'birth_registration', '生育服务登记', '生育服务登记办理。', 120, true, 8)`);
    this.addSql(`create table "${s}"."service_request" (
      "id" uuid primary key,
      "centre_id" uuid not null references "${s}"."centre" ("id"),
      "centre" text not null,
      "type_id" uuid not null references "${s}"."request_type" ("id"),
      "type_code" text not null,
      "type_name" text not null,
      "asks_satisfaction" boolean not null,
      "description" text not null,
      "state" text not null,
      "resident_id" uuid null,
      "resident_name" text null,
      "resident_phone" text null,
      "node_code" text not null,
      "path" text[] not null,
      "channel" text not null,
      "assignee_id" text null,
      "received_at" timestamptz not null,
      "due_at" timestamptz null,
      "started_at" timestamptz null,
      "closed_at" timestamptz null,
      "satisfaction" text null,
      "cancel_reason" text null,
      "withdrawn" boolean not null default false,
      "version" int not null default 1
    )`);
    this.addSql(`create index "service_request_path_idx" on "${s}"."service_request" using gin ("path")`);
    this.addSql(`create index "service_request_list_idx" on "${s}"."service_request" ("received_at" desc, "id")`);
    this.addSql(`create index "service_request_assignee_idx" on "${s}"."service_request" ("assignee_id", "received_at" desc) where "assignee_id" is not null`);
    this.addSql(`create index "service_request_centre_idx" on "${s}"."service_request" ("centre_id", "state")`);
    this.addSql(`create table "${s}"."service_request_step" (
      "id" bigserial primary key,
      "request_id" uuid not null references "${s}"."service_request" ("id") on delete cascade,
      "action" text not null,
      "by" text not null,
      "at" timestamptz not null,
      "note" text null
    )`);
    this.addSql(`create index "service_request_step_request_idx" on "${s}"."service_request_step" ("request_id", "id")`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'service_request_step', 'service_request', 'request_type', 'centre']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'community_services';
  }
}
