/** Quote an SQL identifier. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * DDL of the append-only audit trail (`audit_log`) in `schema`, for a service's own committed
 * migration. The database itself refuses UPDATE, DELETE and TRUNCATE on it: no code path, and
 * no operator with the service's credentials, rewrites history.
 */
export function auditMigrationSql(schema: string): { up: string[]; down: string[] } {
  const s = ident(schema);
  return {
    up: [
      `create table ${s}."audit_log" (
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
      )`,
      `create index "audit_log_node_path_index" on ${s}."audit_log" using gin ("node_path")`,
      `create index "audit_log_entity_index" on ${s}."audit_log" ("entity_type", "entity_id")`,
      `create index "audit_log_actor_index" on ${s}."audit_log" ("actor_id")`,
      `create index "audit_log_at_index" on ${s}."audit_log" ("at")`,
      `create function ${s}."audit_log_append_only"() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
        end
      $$`,
      `create trigger "audit_log_no_update_delete" before update or delete on ${s}."audit_log" for each row execute function ${s}."audit_log_append_only"()`,
      `create trigger "audit_log_no_truncate" before truncate on ${s}."audit_log" for each statement execute function ${s}."audit_log_append_only"()`,
    ],
    down: [`drop table if exists ${s}."audit_log"`, `drop function if exists ${s}."audit_log_append_only"()`],
  };
}
