import { Migration } from '@mikro-orm/migrations';

/** Uploaded photos: one record per photo (its bytes are in the object store under `key`). */
export class Migration20261208090000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."photo" (
      "id" uuid not null primary key,
      "key" text not null,
      "content_type" text not null,
      "size" integer not null,
      "sha256" text not null,
      "uploaded_by" text not null,
      "taken_lat" double precision null,
      "taken_lng" double precision null,
      "taken_at" timestamptz null,
      "created_at" timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "${this.schema()}"."photo"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'ticketing';
  }
}
