import { Migration } from '@mikro-orm/migrations';

/**
 * Categories can be retired (no new case under them; the ones filed keep them) and a sub-class
 * can dispatch its cases by itself when filed (`auto_dispatch`, to the department its kind and
 * the grid suggest). And the CJ/T 214 major classes the first seed lacked, with their standard
 * codes: 部件 05 房屋土地, 06 其他设施; 事件 05 街面秩序, 06 其他事件. Their sub-classes are the
 * city's own table: operators add them through the category API.
 */
export class Migration20261206110000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."category" add column "retired_at" timestamptz null`);
    this.addSql(`alter table "${s}"."category" add column "auto_dispatch" boolean not null default false`);
    this.addSql(`insert into "${s}"."category" ("code", "parent_code", "name", "kind", "leaf", "department_kind", "limit_amount", "limit_unit", "sort_order")
      select v.code, v.parent, v.name, v.kind, false, null, null, null, (select coalesce(max("sort_order"), 0) from "${s}"."category") + v.n
      from (values ('BJ05', 'BJ', '房屋土地', 'component', 1), ('BJ06', 'BJ', '其他设施', 'component', 2), ('SJ05', 'SJ', '街面秩序', 'event', 3), ('SJ06', 'SJ', '其他事件', 'event', 4))
        as v(code, parent, name, kind, n)
      on conflict ("code") do nothing`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(
      `delete from "${s}"."category" where "code" in ('BJ05', 'BJ06', 'SJ05', 'SJ06') and not exists (select 1 from "${s}"."category" c where c."parent_code" in ('BJ05', 'BJ06', 'SJ05', 'SJ06'))`,
    );
    this.addSql(`alter table "${s}"."category" drop column if exists "auto_dispatch"`);
    this.addSql(`alter table "${s}"."category" drop column if exists "retired_at"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
