import { Migration } from '@mikro-orm/migrations';

/**
 * Verifications 核查 and those within the time limit 及时核查, by node × category × day; and
 * key-location coverage: the key locations 重点场所 from grid-registry's place events
 * (`key_location`) and the days each was visited (`key_location_visit_day`, with the grid and path
 * of the visit), which the patrolled grid-days complete.
 */
export class Migration20261205000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(
      `alter table "${s}"."rollup_day" add column "verified" int not null default 0, add column "verified_on_time" int not null default 0,
         add column "close_work_timed" int not null default 0, add column "close_work_ms" bigint not null default 0`,
    );
    this.addSql(`create table "${s}"."key_location" (
      "place_id" uuid primary key,
      "grid_code" text not null,
      "path" text[] not null,
      "registered_at" timestamptz null,
      "located_at" timestamptz not null
    )`);
    this.addSql(`create index "key_location_path_idx" on "${s}"."key_location" using gin ("path")`);
    this.addSql(`create table "${s}"."key_location_visit_day" (
      "place_id" uuid not null,
      "day" date not null,
      "grid_code" text not null,
      "path" text[] not null,
      primary key ("place_id", "day")
    )`);
    this.addSql(`create index "key_location_visit_day_path_idx" on "${s}"."key_location_visit_day" using gin ("path")`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`drop table if exists "${s}"."key_location_visit_day"`);
    this.addSql(`drop table if exists "${s}"."key_location"`);
    this.addSql(
      `alter table "${s}"."rollup_day" drop column if exists "close_work_ms", drop column if exists "close_work_timed", drop column if exists "verified_on_time", drop column if exists "verified"`,
    );
  }

  private schema(): string {
    return this.config.get('schema') ?? 'reporting';
  }
}
