import { Migration } from '@mikro-orm/migrations';

/** Verifications 核查 and those within the time limit 及时核查, by node × category × day. */
export class Migration20261205000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."rollup_day" add column "verified" int not null default 0, add column "verified_on_time" int not null default 0`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."rollup_day" drop column if exists "verified_on_time", drop column if exists "verified"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'reporting';
  }
}
