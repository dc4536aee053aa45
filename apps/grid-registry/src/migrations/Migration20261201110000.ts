import { Migration } from '@mikro-orm/migrations';

/**
 * No NOTIFY per outbox insert: Postgres serialises the commits of notifying transactions (about
 * 15% of the raw rate of intake-shaped writes on the bench, more under contention), and every
 * notification woke the relay for a query of its own. The relay is woken in process after each
 * commit instead, and polls briefly for other replicas' rows.
 */
export class Migration20261201110000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`drop trigger if exists "outbox_notify" on "${s}"."outbox"`);
    this.addSql(`drop function if exists "${s}"."outbox_notify"()`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`create or replace function "${s}"."outbox_notify"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('${s}_outbox', '');
        return null;
      end
      $$`);
    this.addSql(`create trigger "outbox_notify" after insert on "${s}"."outbox" for each statement execute function "${s}"."outbox_notify"()`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'grid_registry';
  }
}
