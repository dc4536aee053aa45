import { Migration } from '@mikro-orm/migrations';

/**
 * The deadline a case was last warned about (预警, `case.due-soon`): the warning is raised once
 * per deadline, and again when the deadline moves (an extension, an escalation's new clock).
 */
export class Migration20261206090000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" add column "due_soon_warned_for" timestamptz null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."ticket_case" drop column if exists "due_soon_warned_for"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
