import { Migration } from '@mikro-orm/migrations';

/** Scope columns: a staff member's home node and the area of whoever started an import. */
export class Migration20261125090000 extends Migration {
  override async up(): Promise<void> {
    const s = this.config.get('schema') ?? 'grid_registry';
    this.addSql(`alter table "${s}"."staff" add column "home_code" text null, add column "home_path" text[] not null default '{}'`);
    this.addSql(`create index "staff_home_path_index" on "${s}"."staff" using gin ("home_path")`);
    this.addSql(`alter table "${s}"."import_job" add column "scope_path" text[] not null default '{}'`);
    this.addSql(`create index "grid_node_path_index" on "${s}"."grid_node" using gin ("path")`);
    this.addSql(`create index "place_grid_path_index" on "${s}"."place" using gin ("grid_path")`);
  }

  override async down(): Promise<void> {
    const s = this.config.get('schema') ?? 'grid_registry';
    this.addSql(`drop index if exists "${s}"."place_grid_path_index"`);
    this.addSql(`drop index if exists "${s}"."grid_node_path_index"`);
    this.addSql(`alter table "${s}"."import_job" drop column "scope_path"`);
    this.addSql(`alter table "${s}"."staff" drop column "home_path", drop column "home_code"`);
  }
}
