import { Migration } from '@mikro-orm/migrations';

/**
 * One-time passwords issued by an administrator's reset: stored only hashed, with their expiry;
 * while one is pending the account cannot log in, only set a new password with it.
 */
export class Migration20261203100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."account" add column "one_time_password_hash" text null`);
    this.addSql(`alter table "${s}"."account" add column "one_time_password_expires_at" timestamptz null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."account" drop column if exists "one_time_password_expires_at"`);
    this.addSql(`alter table "${s}"."account" drop column if exists "one_time_password_hash"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'identity';
  }
}
