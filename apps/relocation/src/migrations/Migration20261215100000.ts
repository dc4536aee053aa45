import { Migration } from '@mikro-orm/migrations';

/**
 * `project.reach`: every node on the paths of the grids holding a place inside the red line, so
 * that the community and grid staff of those grids see and work a project opened above them. A
 * project resolved before this migration gets its reach at its next resolve.
 */
export class Migration20261215100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`alter table "${s}"."project" add column "reach" text[] not null default '{}'`);
    this.addSql(`create index "project_reach_idx" on "${s}"."project" using gin ("reach")`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    this.addSql(`drop index if exists "${s}"."project_reach_idx"`);
    this.addSql(`alter table "${s}"."project" drop column "reach"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'relocation';
  }
}
