import { Migration } from '@mikro-orm/migrations';

/** When a case overdue at the city level raised its city alert (it does so once). */
export class Migration20261203130000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" add column "city_alerted_at" timestamptz null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" drop column if exists "city_alerted_at"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
