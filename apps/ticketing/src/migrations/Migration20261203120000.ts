import { Migration } from '@mikro-orm/migrations';

/** Who handled a case last (separation of duties: the handler does not verify her own work). */
export class Migration20261203120000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" add column "handled_by" text null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" drop column if exists "handled_by"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
