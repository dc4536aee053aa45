import { Migration } from '@mikro-orm/migrations';

/**
 * The login throttle replaces the account lockout: failed logins counted per login and source
 * address in `login_throttle`, and the lockout columns of `account` dropped (a lock per account let
 * anyone who knew a login keep its owner out).
 */
export class Migration20261201090000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."login_throttle" (
      "login" text not null,
      "source" text not null,
      "failures" integer not null check ("failures" > 0),
      "last_failure_at" timestamptz not null,
      "blocked_until" timestamptz null,
      primary key ("login", "source")
    )`);
    this.addSql(`create index "login_throttle_last_failure_at_index" on "${s}"."login_throttle" ("last_failure_at")`);
    this.addSql(`alter table "${s}"."account" drop column "failed_logins", drop column "locked_until"`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."account" add column "failed_logins" integer not null default 0, add column "locked_until" timestamptz null`);
    this.addSql(`drop table if exists "${s}"."login_throttle"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'identity';
  }
}
