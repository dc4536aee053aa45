import { DeliveryStatus } from '@citygrid/contracts/notifications';
import { FieldCipher } from '@citygrid/pii';
import { createLogger, metricsRegistry } from '@citygrid/service-kit';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';

import { NOTIFICATIONS_ENV, type NotificationsEnv } from '../config';
import { DeliveryChannel, PermanentDeliveryError, type DeliveryDriver } from '../delivery/channel';
import { ADDRESS_CONTEXT } from '../settings/addresses';
import { Delivery } from './delivery.entity';

/** Deliveries a worker takes at a time. */
const BATCH = 20;
/** How long a taken delivery is left alone by the other replicas while it is sent. */
const LEASE_MS = 120_000;

/** Token of the drivers by channel (`deliveryDrivers`), provided by the core module. */
export const DELIVERY_DRIVERS = Symbol('DELIVERY_DRIVERS');

export const deliveriesAttempted = new Counter({
  name: 'citygrid_notification_deliveries_total',
  help: 'Delivery attempts by channel and outcome (sent, retry, failed)',
  labelNames: ['channel', 'outcome'],
  registers: [metricsRegistry],
});

/**
 * Sends the queued deliveries: takes the due ones (`FOR UPDATE SKIP LOCKED`, then a lease, so
 * that no two replicas send one at once and a replica that dies mid-send hands it back when the
 * lease ends), sends each through its channel's driver outside any transaction, and records the
 * outcome: sent; a retry after `DELIVERY_BACKOFF_MS`; failed when the channel refused for good
 * or `DELIVERY_MAX_ATTEMPTS` ran out (listed at `GET /api/v1/notifications/deliveries?status=failed`).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger;
  private readonly backoff: number[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly cipher: FieldCipher,
    @Inject(DELIVERY_DRIVERS) private readonly drivers: ReadonlyMap<DeliveryChannel, DeliveryDriver>,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {
    this.logger = createLogger('notifications-delivery', env.LOG_LEVEL);
    this.backoff = env.DELIVERY_BACKOFF_MS.split(',').map(Number);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.env.DELIVERY_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    for (const driver of this.drivers.values()) await driver.close?.().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((err: unknown) => this.logger.error({ err }, 'delivery round failed'))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** One round: take what is due, send it, record each outcome. Returns how many were attempted. */
  async runOnce(now = new Date()): Promise<number> {
    const taken = await this.orm.em.fork().transactional(async (tx) => {
      const due = await tx.find(
        Delivery,
        { status: DeliveryStatus.Pending, nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { nextAttemptAt: 'asc' }, limit: BATCH },
      );
      for (const d of due) d.leaseUntil = new Date(now.getTime() + LEASE_MS);
      return due;
    });
    for (const d of taken) await this.send(d);
    return taken.length;
  }

  private async send(d: Delivery): Promise<void> {
    const driver = this.drivers.get(d.channel);
    let error: unknown = null;
    try {
      if (!driver) throw new PermanentDeliveryError(`no driver for channel ${d.channel}`);
      await driver.send({ channel: driver.channel, address: this.cipher.decrypt(d.address, ADDRESS_CONTEXT.delivery), title: d.title, body: d.body, deliveryId: d.id });
    } catch (err) {
      error = err;
    }
    const attempts = d.attempts + 1;
    const at = new Date();
    const em = this.orm.em.fork();
    if (!error) {
      await em.nativeUpdate(Delivery, { id: d.id }, { status: DeliveryStatus.Sent, attempts, sentAt: at, leaseUntil: null, nextAttemptAt: null, lastError: null });
      deliveriesAttempted.inc({ channel: d.channel, outcome: 'sent' });
      return;
    }
    // the drivers' messages name codes and hosts, never an address or a secret
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const giveUp = error instanceof PermanentDeliveryError || attempts >= this.env.DELIVERY_MAX_ATTEMPTS;
    const delay = this.backoff[Math.min(attempts, this.backoff.length) - 1] ?? 60_000;
    await em.nativeUpdate(
      Delivery,
      { id: d.id },
      giveUp
        ? { status: DeliveryStatus.Failed, attempts, leaseUntil: null, nextAttemptAt: null, lastError: message }
        : { status: DeliveryStatus.Pending, attempts, leaseUntil: null, nextAttemptAt: new Date(at.getTime() + delay), lastError: message },
    );
    deliveriesAttempted.inc({ channel: d.channel, outcome: giveUp ? 'failed' : 'retry' });
    this.logger.warn({ deliveryId: d.id, channel: d.channel, attempts, giveUp, error: message }, giveUp ? 'delivery failed for good' : 'delivery failed; it will be retried');
  }
}
