import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts follow their linked staff member's assignments (identity's first durable consumer):
 *
 * - `account.granter_scope`: the node scope of whoever created the account, within which the
 *   assignments may move it. Existing accounts get their creator's current scope (none when the
 *   creator is a system administrator or the account was made at start-up), and their own scope
 *   when the creator is unknown: never a wider subtree than anyone could have granted them.
 * - `staff_assignment`: identity's record of the assignments of linked staff members.
 * - an index on `account.staff_id`, which every staff event looks up.
 *
 * The consumer's `inbox` and `dead_letter` tables exist since Migration20261201000000 (frozen
 * there with the outbox), so this migration does not create them again.
 */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."account" add column "granter_scope" text null`);
    this.addSql(`update "${s}"."account" a set "granter_scope" = case
        when exists (select 1 from "${s}"."account" c where c."id"::text = a."created_by" and c."node_scope" is null and 'system_admin' = any (c."roles")) then null
        else coalesce((select c."node_scope" from "${s}"."account" c where c."id"::text = a."created_by"), a."node_scope")
      end
      where a."created_by" is not null`);
    this.addSql(`create index "account_staff_id_index" on "${s}"."account" ("staff_id") where "staff_id" is not null`);
    this.addSql(`create table "${s}"."staff_assignment" (
      "assignment_id" uuid primary key,
      "staff_id" uuid not null,
      "node_code" text not null,
      "node_path" text[] not null,
      "role" text not null,
      "assigned_at" timestamptz null,
      "ended_at" timestamptz null
    )`);
    this.addSql(`create index "staff_assignment_active_index" on "${s}"."staff_assignment" ("staff_id") where "ended_at" is null`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`drop table if exists "${s}"."staff_assignment"`);
    this.addSql(`drop index if exists "${s}"."account_staff_id_index"`);
    this.addSql(`alter table "${s}"."account" drop column if exists "granter_scope"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'identity';
  }
}
