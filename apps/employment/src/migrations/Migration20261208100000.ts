import { Migration } from '@mikro-orm/migrations';

/**
 * employment's first schema:
 * - `seeker`: job seekers (linked to a registry resident or not), their categories, skills and
 *   wishes; the phone only as ciphertext;
 * - `employer` (contact phone as ciphertext) and `posting`, the jobs they offer;
 * - `fair` (job fairs and campaigns, with the employers and seekers attending) and `fair_offer`;
 * - `placement` 新增就业 (at most one counting per seeker) and its `follow_up`s;
 * - `target`: a node's yearly target of new urban jobs;
 * - the outbox, inbox, dead-letter and audit tables: the text of `messagingMigrationSql` and
 *   `auditMigrationSql` when this migration was committed, frozen here so that it never changes.
 */
export class Migration20261208100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."seeker" (
      "id" uuid primary key,
      "resident_id" uuid null constraint "seeker_resident_key" unique,
      "name" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "categories" text[] not null,
      "skills" text[] not null default '{}',
      "wishes" jsonb not null,
      "status" text not null,
      "phone_cipher" text null,
      "version" int not null default 1,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "seeker_path_idx" on "${s}"."seeker" using gin ("path")`);
    this.addSql(`create table "${s}"."employer" (
      "id" uuid primary key,
      "name" text not null,
      "credit_code" text not null constraint "employer_credit_code_key" unique,
      "node_code" text not null,
      "path" text[] not null,
      "contact_name" text null,
      "contact_phone_cipher" text null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "employer_path_idx" on "${s}"."employer" using gin ("path")`);
    this.addSql(`create table "${s}"."posting" (
      "id" uuid primary key,
      "employer_id" uuid not null references "${s}"."employer" ("id"),
      "title" text not null,
      "job_type" text not null,
      "skills" text[] not null default '{}',
      "wage_min" int not null,
      "wage_max" int not null,
      "openings" int not null,
      "welcomes" text[] not null default '{}',
      "hours" text not null,
      "status" text not null,
      "node_code" text not null,
      "path" text[] not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "posting_wages_check" check ("wage_min" <= "wage_max")
    )`);
    this.addSql(`create index "posting_path_idx" on "${s}"."posting" using gin ("path")`);
    this.addSql(`create index "posting_employer_idx" on "${s}"."posting" ("employer_id")`);
    this.addSql(`create table "${s}"."fair" (
      "id" uuid primary key,
      "kind" text not null,
      "title" text not null,
      "date" date not null,
      "node_code" text not null,
      "path" text[] not null,
      "employer_ids" uuid[] not null default '{}',
      "seeker_ids" uuid[] not null default '{}',
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "fair_path_idx" on "${s}"."fair" using gin ("path")`);
    this.addSql(`create table "${s}"."fair_offer" (
      "id" uuid primary key,
      "fair_id" uuid not null references "${s}"."fair" ("id"),
      "seeker_id" uuid not null references "${s}"."seeker" ("id"),
      "posting_id" uuid not null references "${s}"."posting" ("id"),
      "employer_id" uuid not null references "${s}"."employer" ("id"),
      "created_at" timestamptz not null,
      constraint "fair_offer_once" unique ("fair_id", "seeker_id", "posting_id")
    )`);
    this.addSql(`create table "${s}"."placement" (
      "id" uuid primary key,
      "seeker_id" uuid not null references "${s}"."seeker" ("id"),
      "kind" text not null,
      "date" date not null,
      "employer_id" uuid null references "${s}"."employer" ("id"),
      "posting_id" uuid null references "${s}"."posting" ("id"),
      "node_code" text not null,
      "path" text[] not null,
      "categories" text[] not null,
      "status" text not null,
      "cancel_reason" text null,
      "cancelled_at" timestamptz null,
      "by" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "placement_path_idx" on "${s}"."placement" using gin ("path")`);
    this.addSql(`create index "placement_date_idx" on "${s}"."placement" ("date")`);
    // a seeker is placed once at a time: a second placement needs the first cancelled
    this.addSql(`create unique index "placement_one_recorded" on "${s}"."placement" ("seeker_id") where "status" = 'recorded'`);
    this.addSql(`create table "${s}"."follow_up" (
      "id" uuid primary key,
      "placement_id" uuid not null references "${s}"."placement" ("id"),
      "date" date not null,
      "still_employed" boolean not null,
      "notes" text null,
      "by" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "follow_up_placement_idx" on "${s}"."follow_up" ("placement_id")`);
    this.addSql(`create table "${s}"."target" (
      "node_code" text not null,
      "year" int not null,
      "path" text[] not null,
      "target" int not null,
      "by" text not null,
      "updated_at" timestamptz not null,
      primary key ("node_code", "year")
    )`);
    this.addSql(`create index "target_path_idx" on "${s}"."target" using gin ("path")`);
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
    for (const t of ['dead_letter', 'inbox', 'outbox', 'target', 'follow_up', 'placement', 'fair_offer', 'fair', 'posting', 'employer', 'seeker']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'employment';
  }
}
