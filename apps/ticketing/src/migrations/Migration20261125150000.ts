import { Migration } from '@mikro-orm/migrations';

type Seed = [code: string, parent: string | null, name: string, kind: string, dept: string | null, amount: number | null, unit: 'working_hours' | 'working_days' | null];

/**
 * The seeded category tree. Roots: the seven key areas 七大重点领域 (KA), city-management items
 * (CM), and the national component 部件 (BJ) and event 事件 (SJ) classes of CJ/T 214, each
 * 大类 → 小类. Limits follow common practice: urgent safety matters in hours, the rest in days.
 */
const CATEGORIES: Seed[] = [
  ['KA', null, '七大重点领域', 'key_area', null, null, null],
  ['KA01', 'KA', '非法经营', 'key_area', 'market_regulation', 3, 'working_days'],
  ['KA02', 'KA', '非法生产', 'key_area', 'quality_supervision', 3, 'working_days'],
  ['KA03', 'KA', '非法建设', 'key_area', 'city_management', 5, 'working_days'],
  ['KA04', 'KA', '安全生产', 'key_area', 'work_safety', 4, 'working_hours'],
  ['KA05', 'KA', '信访稳定', 'key_area', 'police', 2, 'working_days'],
  ['KA06', 'KA', '基层组织建设', 'key_area', 'other', 10, 'working_days'],
  ['KA07', 'KA', '公共服务', 'key_area', 'other', 5, 'working_days'],
  ['CM', null, '城市管理', 'city_management', null, null, null],
  ['CM01', 'CM', '户外广告', 'city_management', 'city_management', 3, 'working_days'],
  ['CM02', 'CM', '门头牌匾', 'city_management', 'city_management', 3, 'working_days'],
  ['CM03', 'CM', '停车场建设', 'city_management', 'city_management', 10, 'working_days'],
  ['CM04', 'CM', '道路路面', 'city_management', 'city_management', 2, 'working_days'],
  ['CM05', 'CM', '违法建设', 'city_management', 'city_management', 5, 'working_days'],
  ['CM06', 'CM', '占道经营', 'city_management', 'city_management', 4, 'working_hours'],
  ['CM07', 'CM', '渣土清运', 'city_management', 'city_management', 1, 'working_days'],
  ['BJ', null, '部件', 'component', null, null, null],
  ['BJ01', 'BJ', '公用设施', 'component', null, null, null],
  ['BJ0101', 'BJ01', '上水井盖', 'component', 'other', 4, 'working_hours'],
  ['BJ0102', 'BJ01', '污水井盖', 'component', 'other', 4, 'working_hours'],
  ['BJ0103', 'BJ01', '路灯', 'component', 'city_management', 2, 'working_days'],
  ['BJ02', 'BJ', '道路交通', 'component', null, null, null],
  ['BJ0201', 'BJ02', '交通信号灯', 'component', 'police', 4, 'working_hours'],
  ['BJ0202', 'BJ02', '道路护栏', 'component', 'city_management', 2, 'working_days'],
  ['BJ03', 'BJ', '市容环境', 'component', null, null, null],
  ['BJ0301', 'BJ03', '公共厕所', 'component', 'city_management', 1, 'working_days'],
  ['BJ0302', 'BJ03', '垃圾箱', 'component', 'city_management', 1, 'working_days'],
  ['BJ04', 'BJ', '园林绿化', 'component', null, null, null],
  ['BJ0401', 'BJ04', '行道树', 'component', 'city_management', 3, 'working_days'],
  ['SJ', null, '事件', 'event', null, null, null],
  ['SJ01', 'SJ', '市容环境', 'event', null, null, null],
  ['SJ0101', 'SJ01', '暴露垃圾', 'event', 'city_management', 4, 'working_hours'],
  ['SJ0102', 'SJ01', '乱堆物堆料', 'event', 'city_management', 1, 'working_days'],
  ['SJ02', 'SJ', '宣传广告', 'event', null, null, null],
  ['SJ0201', 'SJ02', '非法小广告', 'event', 'city_management', 1, 'working_days'],
  ['SJ0202', 'SJ02', '违规户外广告', 'event', 'city_management', 3, 'working_days'],
  ['SJ03', 'SJ', '施工管理', 'event', null, null, null],
  ['SJ0301', 'SJ03', '施工扰民', 'event', 'city_management', 4, 'working_hours'],
  ['SJ0302', 'SJ03', '道路遗撒', 'event', 'city_management', 4, 'working_hours'],
  ['SJ04', 'SJ', '突发事件', 'event', null, null, null],
  ['SJ0401', 'SJ04', '路面塌陷', 'event', 'city_management', 2, 'working_hours'],
  ['SJ0402', 'SJ04', '自来水管破裂', 'event', 'other', 2, 'working_hours'],
  ['SJ0403', 'SJ04', '群体性事件', 'event', 'police', 1, 'working_hours'],
];

const lit = (v: string | number | null): string => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** Initial schema: categories (seeded), holidays, cases, the case-number counter, messaging tables. */
export class Migration20261125150000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."category" (
      "code" text primary key,
      "parent_code" text null references "${s}"."category" ("code"),
      "name" text not null,
      "kind" text not null check ("kind" in ('key_area','city_management','component','event')),
      "leaf" boolean not null,
      "department_kind" text null check ("department_kind" in ('police','market_regulation','quality_supervision','work_safety','city_management','other')),
      "limit_amount" integer null check ("limit_amount" > 0),
      "limit_unit" text null check ("limit_unit" in ('working_hours','working_days')),
      "sort_order" integer not null,
      check (not "leaf" or ("department_kind" is not null and "limit_amount" is not null and "limit_unit" is not null))
    )`);
    const rows = CATEGORIES.map(
      ([code, parent, name, kind, dept, amount, unit], i) => `(${lit(code)}, ${lit(parent)}, ${lit(name)}, ${lit(kind)}, ${dept ? 'true' : 'false'}, ${lit(dept)}, ${lit(amount)}, ${lit(unit)}, ${i})`,
    );
    this.addSql(`insert into "${s}"."category" ("code","parent_code","name","kind","leaf","department_kind","limit_amount","limit_unit","sort_order") values ${rows.join(',\n')}`);
    this.addSql(`create table "${s}"."holiday" (
      "date" text primary key check ("date" ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      "kind" text not null check ("kind" in ('holiday','workday')),
      "name" text not null
    )`);
    this.addSql(`create table "${s}"."case_number_counter" (
      "category_code" text not null,
      "day" text not null,
      "last" integer not null,
      primary key ("category_code", "day")
    )`);
    this.addSql(`create table "${s}"."ticket_case" (
      "id" uuid primary key,
      "number" text not null unique,
      "source" text not null,
      "category_code" text not null references "${s}"."category" ("code"),
      "description" text not null,
      "lng" double precision not null,
      "lat" double precision not null,
      "address" text not null,
      "priority" text not null,
      "state" text not null,
      "grid_code" text not null,
      "grid_path" text[] not null,
      "level" smallint not null,
      "dispatch_target" text null,
      "department_code" text null,
      "deadline" timestamptz null,
      "reporters" jsonb not null,
      "photos" jsonb not null,
      "pending_request" jsonb null,
      "suspended_from" text null,
      "suspended_remaining_ms" bigint null,
      "reason" text null,
      "handling_notes" text null,
      "rework_count" integer not null default 0,
      "escalation_count" integer not null default 0,
      "merged_into_id" uuid null,
      "closed_at" timestamptz null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1
    )`);
    this.addSql(`create index "ticket_case_state_index" on "${s}"."ticket_case" ("state")`);
    this.addSql(`create index "ticket_case_grid_path_index" on "${s}"."ticket_case" using gin ("grid_path")`);
    // The escalation timer's query: clocked cases by deadline.
    this.addSql(`create index "ticket_case_deadline_index" on "${s}"."ticket_case" ("deadline") where "state" in ('dispatched','accepted','returned')`);
    this.addSql(`create index "ticket_case_duplicate_index" on "${s}"."ticket_case" ("category_code", "created_at")`);
    this.addSql(`create index "ticket_case_department_index" on "${s}"."ticket_case" ("department_code")`);
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
    for (const t of ['ticket_case', 'case_number_counter', 'holiday', 'category']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
