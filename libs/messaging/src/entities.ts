import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { CityGridCloudEvent } from '@citygrid/contracts';

/*
 * Column types and names are spelled out on every property: the lib must map the same way
 * whatever naming strategy or metadata provider the service configures, and must match the SQL
 * of `messagingMigrationSql` exactly. The tables live in the ORM's default schema (the service's).
 */

/** One event waiting to be (or already) published by the relay; written in the state-change transaction. */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  /** Insertion order; the relay publishes in this order. Bigint arrives as a string. */
  @PrimaryKey({ type: 'bigint', columnType: 'bigint', fieldName: 'seq', autoincrement: true })
  seq?: string;

  /** Event id; also the `Nats-Msg-Id`. */
  @Property({ type: 'uuid', columnType: 'uuid', fieldName: 'id', unique: 'outbox_id_key' })
  id: string;

  /** Full NATS subject (prefix included). */
  @Property({ type: 'text', columnType: 'text', fieldName: 'subject' })
  subject: string;

  /** CloudEvents type, for queries and metrics. */
  @Property({ type: 'text', columnType: 'text', fieldName: 'type' })
  type: string;

  /** The whole envelope, published byte-for-byte as JSON. */
  @Property({ type: 'json', columnType: 'jsonb', fieldName: 'event' })
  event: CityGridCloudEvent;

  @Property({ type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' })
  createdAt: Date = new Date();

  /** Set once JetStream acknowledged the publish. */
  @Property({ type: 'datetime', columnType: 'timestamptz', fieldName: 'published_at', nullable: true })
  publishedAt: Date | null = null;

  /** Failed publish attempts so far. */
  @Property({ type: 'integer', columnType: 'int', fieldName: 'attempts', default: 0 })
  attempts = 0;

  @Property({ type: 'text', columnType: 'text', fieldName: 'last_error', nullable: true })
  lastError: string | null = null;

  constructor(subject: string, event: CityGridCloudEvent) {
    this.id = event.id;
    this.subject = subject;
    this.type = event.type;
    this.event = event;
  }
}

/** Marks an event as applied by one consumer, so a redelivery is recognised and skipped. */
@Entity({ tableName: 'inbox' })
export class InboxMessage {
  [PrimaryKeyProp]?: ['consumer', 'eventId'];

  /** Durable consumer name, e.g. `reporting`. */
  @PrimaryKey({ type: 'text', columnType: 'text', fieldName: 'consumer' })
  consumer: string;

  @PrimaryKey({ type: 'uuid', columnType: 'uuid', fieldName: 'event_id' })
  eventId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', fieldName: 'processed_at' })
  processedAt: Date = new Date();

  constructor(consumer: string, eventId: string) {
    this.consumer = consumer;
    this.eventId = eventId;
  }
}

/** An event a consumer gave up on, kept for inspection and replay. */
@Entity({ tableName: 'dead_letter' })
@Index({ name: 'dead_letter_consumer_idx', properties: ['consumer', 'createdAt'] })
export class DeadLetter {
  @PrimaryKey({ type: 'uuid', columnType: 'uuid', fieldName: 'id' })
  id: string = randomUUID();

  @Property({ type: 'text', columnType: 'text', fieldName: 'consumer' })
  consumer: string;

  /** Event id, or null when the message could not be parsed. Text: a poison message may carry anything. */
  @Property({ type: 'text', columnType: 'text', fieldName: 'event_id', nullable: true })
  eventId: string | null = null;

  /** NATS subject the message arrived on. */
  @Property({ type: 'text', columnType: 'text', fieldName: 'subject' })
  subject: string;

  @Property({ type: 'text', columnType: 'text', fieldName: 'type', nullable: true })
  type: string | null = null;

  /** The parsed CloudEvent, or the raw body as a JSON string when it could not be parsed. */
  @Property({ type: 'json', columnType: 'jsonb', fieldName: 'event' })
  event: CityGridCloudEvent | string;

  /** Last error message. */
  @Property({ type: 'text', columnType: 'text', fieldName: 'error' })
  error: string;

  /** Deliveries made before giving up. */
  @Property({ type: 'integer', columnType: 'int', fieldName: 'deliveries' })
  deliveries: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' })
  createdAt: Date = new Date();

  /** When an operator replayed it successfully. */
  @Property({ type: 'datetime', columnType: 'timestamptz', fieldName: 'replayed_at', nullable: true })
  replayedAt: Date | null = null;

  constructor(init: { consumer: string; subject: string; event: CityGridCloudEvent | string; error: string; deliveries: number }) {
    this.consumer = init.consumer;
    this.subject = init.subject;
    this.event = init.event;
    this.error = init.error;
    this.deliveries = init.deliveries;
    if (typeof init.event !== 'string') {
      this.eventId = init.event.id;
      this.type = init.event.type;
    }
  }
}

/** Add these to the service's MikroORM `entities`. */
export const messagingEntities = [OutboxMessage, InboxMessage, DeadLetter];
