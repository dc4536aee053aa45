import { Migration } from '@mikro-orm/migrations';

/**
 * The facts of party building, volunteers and relocation, from the events of volunteers and
 * relocation: units counted by the formation rule and the organisations they host, party
 * members, volunteer hours, education sessions and attendance; relocation projects, their
 * households' steps and holdouts, and help requests. Each row keeps what counting a subtree needs.
 */
export class Migration20261207000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."volunteer_unit" (
      "unit_id" uuid primary key,
      "place_id" uuid not null,
      "should_have_branch" boolean not null,
      "path" text[] not null,
      "event_time" timestamptz not null
    )`);
    this.addSql(`create index "volunteer_unit_path_idx" on "${s}"."volunteer_unit" using gin ("path")`);
    this.addSql(`create table "${s}"."volunteer_organisation" (
      "organisation_id" uuid primary key,
      "kind" text not null,
      "host_unit_id" uuid null,
      "status" text not null,
      "path" text[] not null,
      "event_time" timestamptz not null
    )`);
    this.addSql(`create index "volunteer_organisation_host_idx" on "${s}"."volunteer_organisation" ("host_unit_id") where "host_unit_id" is not null`);
    this.addSql(`create index "volunteer_organisation_path_idx" on "${s}"."volunteer_organisation" using gin ("path")`);
    this.addSql(`create table "${s}"."volunteer_member" (
      "member_id" uuid primary key,
      "path" text[] not null
    )`);
    this.addSql(`create index "volunteer_member_path_idx" on "${s}"."volunteer_member" using gin ("path")`);
    this.addSql(`create table "${s}"."volunteer_hours" (
      "activity_id" uuid not null,
      "member_id" uuid not null,
      "day" date not null,
      "hours" numeric(10, 2) not null,
      "target_kind" text null,
      "path" text[] not null,
      "event_time" timestamptz not null,
      primary key ("activity_id", "member_id")
    )`);
    this.addSql(`create index "volunteer_hours_path_idx" on "${s}"."volunteer_hours" using gin ("path")`);
    this.addSql(`create table "${s}"."volunteer_session" (
      "session_id" uuid primary key,
      "day" date not null,
      "path" text[] not null
    )`);
    this.addSql(`create table "${s}"."volunteer_attendance" (
      "session_id" uuid not null,
      "member_id" uuid not null,
      "day" date not null,
      "path" text[] not null,
      primary key ("session_id", "member_id")
    )`);
    this.addSql(`create table "${s}"."relocation_project" (
      "project_id" uuid primary key,
      "node_code" text null,
      "path" text[] not null,
      "start_date" date null,
      "households" integer not null default 0,
      "units" integer not null default 0,
      "buildings" integer not null default 0,
      "resolved_time" timestamptz null
    )`);
    this.addSql(`create index "relocation_project_path_idx" on "${s}"."relocation_project" using gin ("path")`);
    this.addSql(`create table "${s}"."relocation_step" (
      "household_id" uuid not null,
      "project_id" uuid not null,
      "rank" smallint not null,
      "at" timestamptz not null,
      primary key ("household_id", "rank")
    )`);
    this.addSql(`create index "relocation_step_project_idx" on "${s}"."relocation_step" ("project_id")`);
    this.addSql(`create table "${s}"."relocation_holdout" (
      "household_id" uuid primary key,
      "project_id" uuid not null,
      "holdout" boolean not null,
      "event_time" timestamptz not null
    )`);
    this.addSql(`create table "${s}"."relocation_help" (
      "help_id" uuid primary key,
      "project_id" uuid not null,
      "state" text not null,
      "event_time" timestamptz not null
    )`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    for (const table of [
      'relocation_help',
      'relocation_holdout',
      'relocation_step',
      'relocation_project',
      'volunteer_attendance',
      'volunteer_session',
      'volunteer_hours',
      'volunteer_member',
      'volunteer_organisation',
      'volunteer_unit',
    ]) {
      this.addSql(`drop table if exists "${s}"."${table}"`);
    }
  }

  private schema(): string {
    return this.config.get('schema') ?? 'reporting';
  }
}
