import { Migration } from '@mikro-orm/migrations';

/** The append-only audit trail: who created, changed or disabled which account, client or key, and when. */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    // `auditMigrationSql` as of this migration, frozen so that the migration never changes
    this.addSql(`create table "${s}"."audit_log" (
        "id" bigserial primary key,
        "at" timestamptz not null default now(),
        "actor_id" text not null,
        "actor_name" text not null,
        "actor_roles" text[] not null default '{}',
        "action" text not null,
        "entity_type" text not null,
        "entity_id" text not null,
        "node_path" text[] not null default '{}',
        "before" jsonb null,
        "after" jsonb null,
        "correlation_id" text null
      )`);
    this.addSql(`create index "audit_log_node_path_index" on "${s}"."audit_log" using gin ("node_path")`);
    this.addSql(`create index "audit_log_entity_index" on "${s}"."audit_log" ("entity_type", "entity_id")`);
    this.addSql(`create index "audit_log_actor_index" on "${s}"."audit_log" ("actor_id")`);
    this.addSql(`create index "audit_log_at_index" on "${s}"."audit_log" ("at")`);
    this.addSql(`create function "${s}"."audit_log_append_only"() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
        end
      $$`);
    this.addSql(`create trigger "audit_log_no_update_delete" before update or delete on "${s}"."audit_log" for each row execute function "${s}"."audit_log_append_only"()`);
    this.addSql(`create trigger "audit_log_no_truncate" before truncate on "${s}"."audit_log" for each statement execute function "${s}"."audit_log_append_only"()`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`drop table if exists "${s}"."audit_log"`);
    this.addSql(`drop function if exists "${s}"."audit_log_append_only"()`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'identity';
  }
}
