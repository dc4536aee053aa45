import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks: `webhook_subscription` (a receiver's URL, the case event types and node it wants, its
 * signing secret encrypted), `webhook_delivery` (one per subscription and event: the unique key
 * keeps a redelivered stream message from making a second one) and `webhook_attempt` (each
 * attempt's status code, duration, error and the next attempt planned).
 */
export class Migration20261212100000 extends Migration {
  override async up(): Promise<void> {
    const s = this.schema();
    this.addSql(`create table "${s}"."webhook_subscription" (
      "id" uuid primary key,
      "url" text not null,
      "event_types" text[] not null,
      "node_code" text null,
      "mode" text not null,
      "paused" boolean not null default false,
      "description" text null,
      "secret" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "webhook_subscription_event_types_idx" on "${s}"."webhook_subscription" using gin ("event_types")`);
    this.addSql(`create table "${s}"."webhook_delivery" (
      "id" uuid primary key,
      "subscription_id" uuid not null references "${s}"."webhook_subscription" ("id") on delete cascade,
      "event_id" text not null,
      "event_type" text not null,
      "event" jsonb not null,
      "status" text not null,
      "attempt_count" integer not null default 0,
      "next_attempt_at" timestamptz null,
      "lease_until" timestamptz null,
      "created_at" timestamptz not null,
      "delivered_at" timestamptz null,
      constraint "webhook_delivery_subscription_event_unique" unique ("subscription_id", "event_id")
    )`);
    this.addSql(`create index "webhook_delivery_due_idx" on "${s}"."webhook_delivery" ("next_attempt_at") where "status" = 'pending'`);
    this.addSql(`create index "webhook_delivery_subscription_idx" on "${s}"."webhook_delivery" ("subscription_id", "created_at" desc)`);
    this.addSql(`create table "${s}"."webhook_attempt" (
      "id" uuid primary key,
      "delivery_id" uuid not null references "${s}"."webhook_delivery" ("id") on delete cascade,
      "at" timestamptz not null,
      "status_code" integer null,
      "duration_ms" integer not null,
      "error" text null,
      "next_attempt_at" timestamptz null
    )`);
    this.addSql(`create index "webhook_attempt_delivery_idx" on "${s}"."webhook_attempt" ("delivery_id", "at")`);
  }

  override async down(): Promise<void> {
    const s = this.schema();
    for (const t of ['webhook_attempt', 'webhook_delivery', 'webhook_subscription']) this.addSql(`drop table if exists "${s}"."${t}"`);
  }

  private schema(): string {
    return this.config.get('schema') ?? 'notifications';
  }
}
