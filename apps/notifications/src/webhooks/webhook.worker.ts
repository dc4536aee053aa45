import { randomUUID } from 'node:crypto';

import { WebhookDeliveryStatus } from '@citygrid/contracts/notifications';
import { FieldCipher } from '@citygrid/pii';
import { createLogger, metricsRegistry } from '@citygrid/service-kit';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';

import { NOTIFICATIONS_ENV, type NotificationsEnv } from '../config';
import { webhookRequest } from './signing';
import { SECRET_CONTEXT, WebhookAttempt, WebhookDelivery, WebhookSubscription } from './webhook.entities';

const BATCH = 20;
/** Longer than any attempt (`WEBHOOKS_TIMEOUT_MS` is checked against it). */
const LEASE_MS = 120_000;

export const webhookAttempts = new Counter({
  name: 'citygrid_webhook_attempts_total',
  help: 'Webhook delivery attempts by outcome (delivered, retry, dead)',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

/** What one attempt came to. */
export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  /** Worth another attempt (network error, timeout, 5xx, 408, 429). */
  retryable: boolean;
  /** A `Retry-After` answered, ms. */
  retryAfterMs?: number;
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a random wait in [base·2^(n-1)/2, base·2^(n-1)], capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How an HTTP answer is taken: 2xx delivered; 408, 429 and 5xx retried; anything else (other 4xx, a redirect) given up. */
export function classify(status: number): Pick<AttemptOutcome, 'retryable'> & { ok: boolean } {
  if (status >= 200 && status < 300) return { ok: true, retryable: false };
  return { ok: false, retryable: status >= 500 || status === 408 || status === 429 };
}

/**
 * Sends the pending webhook deliveries, like the delivery worker of the other channels: takes the
 * due ones (`FOR UPDATE SKIP LOCKED` and a lease, so that no two replicas send one and a replica
 * that dies mid-send hands it back), POSTs each outside any transaction within
 * `WEBHOOKS_TIMEOUT_MS`, keeps the attempt, and plans the next one (exponential backoff with
 * jitter, a `Retry-After` honoured) or gives it up as `dead` (refused for good, or
 * `WEBHOOKS_MAX_ATTEMPTS` ran out).
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly cipher: FieldCipher,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {
    this.logger = createLogger('notifications-webhooks', env.LOG_LEVEL);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.env.DELIVERY_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((err: unknown) => this.logger.error({ err }, 'webhook round failed'))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** One round: take what is due, send it, record each attempt. Returns how many were attempted. */
  async runOnce(now = new Date()): Promise<number> {
    const taken = await this.orm.em.fork().transactional(async (tx) => {
      const due = await tx.find(
        WebhookDelivery,
        { status: WebhookDeliveryStatus.Pending, nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { nextAttemptAt: 'asc' }, limit: BATCH },
      );
      for (const d of due) d.leaseUntil = new Date(now.getTime() + LEASE_MS);
      return due;
    });
    if (!taken.length) return 0;
    const subs = new Map((await this.orm.em.fork().find(WebhookSubscription, { id: { $in: [...new Set(taken.map((d) => d.subscriptionId))] } })).map((s) => [s.id, s]));
    await Promise.all(taken.map((d) => this.send(d, subs.get(d.subscriptionId))));
    return taken.length;
  }

  private async attempt(d: WebhookDelivery, s: WebhookSubscription): Promise<AttemptOutcome> {
    const secret = this.cipher.decrypt(s.secret, SECRET_CONTEXT);
    const { body, headers } = webhookRequest(d.event, s.mode, secret, d.id, Math.floor(Date.now() / 1000));
    try {
      const res = await fetch(s.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.env.WEBHOOKS_TIMEOUT_MS) });
      await res.body?.cancel().catch(() => undefined);
      const { ok, retryable } = classify(res.status);
      if (ok) return { statusCode: res.status, error: null, retryable: false };
      const after = retryAfterMs(res.headers.get('retry-after'));
      return { statusCode: res.status, error: `receiver answered ${res.status}`, retryable, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.env.WEBHOOKS_TIMEOUT_MS} ms` : `network error${e.cause?.code ? ` ${e.cause.code}` : ''}`;
      return { statusCode: null, error: reason, retryable: true };
    }
  }

  private async send(d: WebhookDelivery, s: WebhookSubscription | undefined): Promise<void> {
    const em = this.orm.em.fork();
    if (!s) return; // the subscription was deleted meanwhile: its deliveries went with it
    const started = Date.now();
    const outcome = await this.attempt(d, s);
    const at = new Date();
    const attempts = d.attemptCount + 1;
    const delivered = outcome.statusCode !== null && classify(outcome.statusCode).ok;
    const dead = !delivered && (!outcome.retryable || attempts >= this.env.WEBHOOKS_MAX_ATTEMPTS);
    const wait = Math.min(this.env.WEBHOOKS_BACKOFF_MAX_MS, outcome.retryAfterMs ?? backoffMs(attempts, this.env.WEBHOOKS_BACKOFF_BASE_MS, this.env.WEBHOOKS_BACKOFF_MAX_MS));
    const next = delivered || dead ? null : new Date(at.getTime() + wait);
    await em.transactional(async (tx) => {
      tx.persist(
        Object.assign(new WebhookAttempt(), { id: randomUUID(), deliveryId: d.id, at, statusCode: outcome.statusCode, durationMs: at.getTime() - started, error: outcome.error, nextAttemptAt: next }),
      );
      await tx.nativeUpdate(
        WebhookDelivery,
        { id: d.id },
        {
          status: delivered ? WebhookDeliveryStatus.Delivered : dead ? WebhookDeliveryStatus.Dead : WebhookDeliveryStatus.Pending,
          attemptCount: attempts,
          nextAttemptAt: next,
          leaseUntil: null,
          ...(delivered ? { deliveredAt: at } : {}),
        },
      );
    });
    const outcomeLabel = delivered ? 'delivered' : dead ? 'dead' : 'retry';
    webhookAttempts.inc({ outcome: outcomeLabel });
    // never the URL (it may carry a token) nor the secret
    if (!delivered)
      this.logger.warn(
        { deliveryId: d.id, subscriptionId: s.id, attempts, statusCode: outcome.statusCode, error: outcome.error, dead },
        dead ? 'webhook delivery dead' : 'webhook delivery failed; it will be retried',
      );
  }
}
