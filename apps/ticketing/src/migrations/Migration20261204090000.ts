import { Migration } from '@mikro-orm/migrations';

/** When the case was last handled (处置反馈): the verification that follows is timed from it (及时核查). */
export class Migration20261204090000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" add column "handled_at" timestamptz null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" drop column if exists "handled_at"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
