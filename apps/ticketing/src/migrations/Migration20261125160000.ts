import { Migration } from '@mikro-orm/migrations';

/** Field work: patrols, visits, stand-ups, supervision flags, inspections, campaigns. */
export class Migration20261125160000 extends Migration {
  override async up(): Promise<void> {
    const s = this.config.get('schema') ?? 'ticketing';
    this.addSql(`create table "${s}"."patrol" (
      "id" uuid primary key,
      "account_id" text not null,
      "staff_id" uuid null,
      "staff_name" text not null,
      "grid_code" text not null,
      "grid_path" text[] not null,
      "day" text not null,
      "started_at" timestamptz not null,
      "ended_at" timestamptz not null,
      "track" jsonb null,
      "notes" text null,
      "created_at" timestamptz not null
    )`);
    // Coverage asks "which grids had a patrol under way on day D": a range over the start time.
    this.addSql(`create index "patrol_started_at_index" on "${s}"."patrol" ("started_at")`);
    this.addSql(`create index "patrol_day_index" on "${s}"."patrol" ("day")`);
    this.addSql(`create index "patrol_grid_path_index" on "${s}"."patrol" using gin ("grid_path")`);
    this.addSql(`create table "${s}"."visit" (
      "id" uuid primary key,
      "account_id" text not null,
      "staff_id" uuid null,
      "staff_name" text not null,
      "grid_code" text not null,
      "grid_path" text[] not null,
      "place_id" uuid not null,
      "place_kind" text not null,
      "day" text not null,
      "visited_at" timestamptz not null,
      "notes" text null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "visit_day_place_index" on "${s}"."visit" ("day", "place_id")`);
    this.addSql(`create index "visit_grid_path_index" on "${s}"."visit" using gin ("grid_path")`);
    this.addSql(`create table "${s}"."standup" (
      "id" uuid primary key,
      "node_code" text not null,
      "node_path" text[] not null,
      "day" text not null,
      "held_at" timestamptz not null,
      "attendees" jsonb not null,
      "decisions" jsonb not null,
      "notes" text null,
      "recorded_by" text not null,
      "recorded_by_id" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "standup_node_held_index" on "${s}"."standup" ("node_code", "held_at")`);
    this.addSql(`create index "standup_node_path_index" on "${s}"."standup" using gin ("node_path")`);
    this.addSql(`create table "${s}"."supervision_flag" (
      "id" uuid primary key,
      "case_id" uuid not null,
      "grid_code" text not null,
      "grid_path" text[] not null,
      "deadline" timestamptz not null,
      "case_deadline" timestamptz null,
      "note" text not null,
      "flagged_by" text not null,
      "flagged_by_id" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "supervision_flag_case_id_index" on "${s}"."supervision_flag" ("case_id")`);
    this.addSql(`create index "supervision_flag_grid_path_index" on "${s}"."supervision_flag" using gin ("grid_path")`);
    this.addSql(`create table "${s}"."inspection" (
      "id" uuid primary key,
      "grid_code" text not null,
      "grid_path" text[] not null,
      "inspected_at" timestamptz not null,
      "findings" jsonb not null,
      "inspector" text not null,
      "inspector_id" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "inspection_grid_path_index" on "${s}"."inspection" using gin ("grid_path")`);
    this.addSql(`create table "${s}"."campaign" (
      "id" uuid primary key,
      "name" text not null,
      "area_code" text not null,
      "area_path" text[] not null,
      "category_codes" text[] not null,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz not null check ("ends_at" > "starts_at"),
      "created_by" text not null,
      "created_by_id" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "campaign_area_path_index" on "${s}"."campaign" using gin ("area_path")`);
  }

  override async down(): Promise<void> {
    const s = this.config.get('schema') ?? 'ticketing';
    for (const t of ['campaign', 'inspection', 'supervision_flag', 'standup', 'visit', 'patrol']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }
}
