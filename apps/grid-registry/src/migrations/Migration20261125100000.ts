import { Migration } from '@mikro-orm/migrations';

/**
 * Residents (ID numbers and phones encrypted, with keyed-hash indexes for exact search) and the
 * append-only audit trail. The database itself refuses UPDATE, DELETE and TRUNCATE on `audit_log`,
 * so not even a bug or a hand-typed statement in the service's own role can rewrite history.
 */
export class Migration20261125100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."resident" (
      "id" uuid primary key,
      "household_id" uuid not null references "${s}"."place" ("id"),
      "name" text not null,
      "id_number_cipher" text not null check ("id_number_cipher" like 'v1.%'),
      "id_number_index" text not null,
      "phone_cipher" text null check ("phone_cipher" like 'v1.%'),
      "phone_index" text null,
      "grid_id" uuid not null references "${s}"."grid_node" ("id"),
      "grid_code" text not null,
      "grid_path" text[] not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create unique index "resident_id_number_index_unique" on "${s}"."resident" ("id_number_index")`);
    this.addSql(`create index "resident_phone_index_index" on "${s}"."resident" ("phone_index")`);
    this.addSql(`create index "resident_household_id_index" on "${s}"."resident" ("household_id")`);
    this.addSql(`create index "resident_grid_path_index" on "${s}"."resident" using gin ("grid_path")`);

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
    this.addSql(`drop table if exists "${s}"."resident"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'grid_registry';
  }
}
