import type { DeliveryStatus, NotificationChannel, NotificationRule } from '@citygrid/contracts/notifications';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A notification on one channel: queued with it, sent by the delivery worker, retried with
 * backoff, given up as failed when the channel refuses for good or attempts run out. The address
 * is a copy of the account's at queueing time, encrypted as there.
 */
@Entity({ tableName: 'delivery' })
export class Delivery {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) notificationId!: string;
  @Property({ type: 'text' }) rule!: NotificationRule;
  @Property({ type: 'text' }) accountId!: string;
  @Property({ type: 'text' }) channel!: NotificationChannel;
  /** Encrypted (context `delivery.address`). */
  @Property({ type: 'text' }) address!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) body!: string;
  @Property({ type: 'text' }) status!: DeliveryStatus;
  @Property({ type: 'integer' }) attempts!: number;
  @Property({ type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  /** While a worker sends it: until when the others leave it alone. */
  @Property({ type: 'timestamptz', nullable: true }) leaseUntil!: Date | null;
  @Property({ type: 'text', nullable: true }) lastError!: string | null;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) sentAt!: Date | null;
}
