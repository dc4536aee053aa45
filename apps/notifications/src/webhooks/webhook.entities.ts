import type { WebhookDeliveryStatus, WebhookMode } from '@citygrid/contracts/notifications';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A receiver of case events over HTTP. The secret is encrypted (context `webhook_subscription.secret`). */
@Entity({ tableName: 'webhook_subscription' })
export class WebhookSubscription {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) url!: string;
  @Property({ type: 'text[]' }) eventTypes!: string[];
  @Property({ type: 'text', nullable: true }) nodeCode!: string | null;
  @Property({ type: 'text' }) mode!: WebhookMode;
  @Property({ type: 'boolean' }) paused!: boolean;
  @Property({ type: 'text', nullable: true }) description!: string | null;
  @Property({ type: 'text' }) secret!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) updatedAt!: Date;
}

/** One event for one subscription (unique on both). */
@Entity({ tableName: 'webhook_delivery' })
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) subscriptionId!: string;
  @Property({ type: 'text' }) eventId!: string;
  @Property({ type: 'text' }) eventType!: string;
  /** The CloudEvent as it came off the stream. */
  @Property({ type: 'json' }) event!: Record<string, unknown>;
  @Property({ type: 'text' }) status!: WebhookDeliveryStatus;
  @Property({ type: 'integer' }) attemptCount!: number;
  @Property({ type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  @Property({ type: 'timestamptz', nullable: true }) leaseUntil!: Date | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
}

/** One HTTP attempt of a delivery. */
@Entity({ tableName: 'webhook_attempt' })
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) deliveryId!: string;
  @Property({ type: 'timestamptz' }) at!: Date;
  @Property({ type: 'integer', nullable: true }) statusCode!: number | null;
  @Property({ type: 'integer' }) durationMs!: number;
  @Property({ type: 'text', nullable: true }) error!: string | null;
  @Property({ type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
}

/** Encryption context of the secret: a ciphertext copied elsewhere does not decrypt. */
export const SECRET_CONTEXT = 'webhook_subscription.secret';
