import { Migration } from '@mikro-orm/migrations';

/**
 * The livelihood facts 网格惠民, from the events of employment, health, schooling and
 * community-services: placements and yearly targets, the latest 15-minute coverage of each grid,
 * health lectures, enrolment help requests and service requests to the centres, each with the
 * path of its node to count a subtree by.
 */
export class Migration20261206000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."livelihood_placement" (
      "placement_id" uuid primary key,
      "day" date not null,
      "kind" text not null,
      "categories" text[] not null,
      "path" text[] not null,
      "cancelled" boolean not null default false
    )`);
    this.addSql(`create index "livelihood_placement_path_idx" on "${s}"."livelihood_placement" using gin ("path")`);
    this.addSql(`create table "${s}"."livelihood_target" (
      "node_code" text not null,
      "year" int not null,
      "path" text[] not null,
      "target" int not null,
      primary key ("node_code", "year")
    )`);
    this.addSql(`create table "${s}"."livelihood_coverage" (
      "grid_code" text primary key,
      "path" text[] not null,
      "households" int not null,
      "covered" int not null,
      "computed_at" timestamptz not null
    )`);
    this.addSql(`create index "livelihood_coverage_path_idx" on "${s}"."livelihood_coverage" using gin ("path")`);
    this.addSql(`create table "${s}"."livelihood_lecture" (
      "lecture_id" uuid primary key,
      "day" date not null,
      "attendance" int not null,
      "path" text[] not null
    )`);
    this.addSql(`create index "livelihood_lecture_path_idx" on "${s}"."livelihood_lecture" using gin ("path")`);
    this.addSql(`create table "${s}"."livelihood_enrolment" (
      "request_id" uuid primary key,
      "state" text not null,
      "received_at" timestamptz not null,
      "settled_at" timestamptz null,
      "deadline" timestamptz null,
      "path" text[] not null,
      "event_time" timestamptz not null
    )`);
    this.addSql(`create index "livelihood_enrolment_path_idx" on "${s}"."livelihood_enrolment" using gin ("path")`);
    this.addSql(`create table "${s}"."livelihood_service_request" (
      "request_id" uuid primary key,
      "centre" text not null,
      "state" text not null,
      "received_at" timestamptz not null,
      "due_at" timestamptz null,
      "closed_at" timestamptz null,
      "satisfaction" text null,
      "path" text[] not null,
      "event_time" timestamptz not null
    )`);
    this.addSql(`create index "livelihood_service_request_path_idx" on "${s}"."livelihood_service_request" using gin ("path")`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    for (const table of ['livelihood_service_request', 'livelihood_enrolment', 'livelihood_lecture', 'livelihood_coverage', 'livelihood_target', 'livelihood_placement']) {
      this.addSql(`drop table if exists "${s}"."${table}"`);
    }
  }

  private schema(): string {
    return this.config.get('schema') ?? 'reporting';
  }
}
