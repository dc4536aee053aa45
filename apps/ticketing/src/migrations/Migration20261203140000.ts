import { Migration } from '@mikro-orm/migrations';

/** After closing: the evaluation 综合评价 and the reporter's satisfaction, each recorded once. */
export class Migration20261203140000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" add column "evaluation" jsonb null`);
    this.addSql(`alter table "${s}"."ticket_case" add column "satisfaction" jsonb null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" drop column if exists "satisfaction"`);
    this.addSql(`alter table "${s}"."ticket_case" drop column if exists "evaluation"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
