import { Migration } from '@mikro-orm/migrations';

/** Open311 API keys: per API client, stored as SHA-256 hashes, revocable, several at once. */
export class Migration20261204100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(
      `create table "${s}"."api_key" ("id" uuid not null primary key, "client_id" uuid not null references "${s}"."api_client" ("id"), "prefix" text not null unique, "key_hash" text not null unique, "label" text not null, "created_by" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null)`,
    );
    this.addSql(`create index "api_key_client_id_index" on "${s}"."api_key" ("client_id")`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "${this.schema()}"."api_key"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'identity';
  }
}
