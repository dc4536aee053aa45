import { auditMigrationSql } from '@citygrid/persistence';
import { Migration } from '@mikro-orm/migrations';

/** The append-only audit trail: every ticketing change (cases, field work, calendar, categories) leaves a row. */
export class Migration20261201090000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of auditMigrationSql(this.schema()).up) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of auditMigrationSql(this.schema()).down) this.addSql(sql);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
