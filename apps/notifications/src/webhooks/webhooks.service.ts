import { randomBytes, randomUUID } from 'node:crypto';

import { ErrorCode, findEventByType, type CityGridCloudEvent, type FieldError, type Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookDeliveryStatus,
  WebhookMode,
  type CreateWebhookSubscriptionDto,
  type ListWebhookDeliveriesRequest,
  type ListWebhookSubscriptionsQuery,
  type UpdateWebhookSubscriptionRequest,
  type WebhookDeliveryIdRequest,
  type WebhookDeliveryView,
  type WebhookSubscriptionView,
  type WebhookSubscriptionWithSecretView,
} from '@citygrid/contracts/notifications';
import { executeBound } from '@citygrid/persistence';
import { FieldCipher } from '@citygrid/pii';
import { createLogger, ServiceError } from '@citygrid/service-kit';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';

import { Inject, Injectable } from '@nestjs/common';

import { NOTIFICATIONS_ENV, type NotificationsEnv } from '../config';
import { assertSystemAdmin } from '../shared/callers';
import { SECRET_CONTEXT, WebhookAttempt, WebhookDelivery, WebhookSubscription } from './webhook.entities';

const SUBSCRIBABLE = new Set(WEBHOOK_EVENT_TYPES);

/** A new signing secret, Standard Webhooks style: `whsec_` and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Webhook subscriptions (the system administrator's), the deliveries the case events make for
 * them, and redelivering a dead one. Secrets are encrypted at rest and answered only by create
 * and rotate-secret; no log line carries one.
 */
@Injectable()
export class WebhooksService {
  private readonly logger;

  constructor(
    private readonly orm: MikroORM,
    private readonly cipher: FieldCipher,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {
    this.logger = createLogger('notifications-webhooks', env.LOG_LEVEL);
  }

  /**
   * On `tx` (the consumer's, with the inbox): a delivery of `event` for each active subscription
   * to its type whose node (if any) is on the case's path. Unique on subscription and event: an
   * event delivered twice by the stream queues nothing new. Returns how many were queued.
   */
  async enqueue(tx: EntityManager, event: CityGridCloudEvent): Promise<number> {
    if (!SUBSCRIBABLE.has(event.type)) return 0;
    const data = event.data as { path?: unknown } | null;
    const path = Array.isArray(data?.path) ? data.path.filter((p): p is string => typeof p === 'string') : [];
    const schema = tx.config.get('schema');
    const t = (name: string): string => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    const rows = await executeBound<{ id: string }>(
      tx,
      `insert into ${t('webhook_delivery')} ("id", "subscription_id", "event_id", "event_type", "event", "status", "attempt_count", "next_attempt_at", "lease_until", "created_at", "delivered_at")
       select gen_random_uuid(), s."id", ?, ?, ?::jsonb, 'pending', 0, now(), null, now(), null from ${t('webhook_subscription')} s
       where not s."paused" and ? = any(s."event_types") and (s."node_code" is null or s."node_code" = any(?::text[]))
       on conflict ("subscription_id", "event_id") do nothing
       returning "id"`,
      [event.id, event.type, JSON.stringify(event), event.type, path],
    );
    return rows.length;
  }

  async create(caller: Caller, dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretView> {
    assertSystemAdmin(caller);
    this.check({ url: dto.url, eventTypes: dto.eventTypes });
    const now = new Date();
    const secret = newSecret();
    const s = Object.assign(new WebhookSubscription(), {
      id: randomUUID(),
      url: dto.url,
      eventTypes: [...new Set(dto.eventTypes)],
      nodeCode: dto.nodeCode ?? null,
      mode: dto.mode ?? WebhookMode.Structured,
      paused: false,
      description: dto.description ?? null,
      secret: this.cipher.encrypt(secret, SECRET_CONTEXT),
      createdAt: now,
      updatedAt: now,
    });
    await this.orm.em.fork().persistAndFlush(s);
    this.logger.info({ subscriptionId: s.id, eventTypes: s.eventTypes, nodeCode: s.nodeCode, by: caller.id }, 'webhook subscription created');
    return { ...view(s), secret };
  }

  async list(caller: Caller, q: ListWebhookSubscriptionsQuery): Promise<Page<WebhookSubscriptionView>> {
    assertSystemAdmin(caller);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const [rows, total] = await this.orm.em.fork().findAndCount(WebhookSubscription, {}, { orderBy: { createdAt: 'desc', id: 'asc' }, limit, offset });
    return { items: rows.map(view), total, limit, offset };
  }

  async get(caller: Caller, id: string): Promise<WebhookSubscriptionView> {
    assertSystemAdmin(caller);
    return view(await this.find(this.orm.em.fork(), id));
  }

  async update(caller: Caller, req: UpdateWebhookSubscriptionRequest): Promise<WebhookSubscriptionView> {
    assertSystemAdmin(caller);
    this.check({ url: req.url, eventTypes: req.eventTypes });
    const em = this.orm.em.fork();
    const s = await this.find(em, req.id);
    if (req.url !== undefined) s.url = req.url;
    if (req.eventTypes !== undefined) s.eventTypes = [...new Set(req.eventTypes)];
    if (req.nodeCode !== undefined) s.nodeCode = req.nodeCode;
    if (req.mode !== undefined) s.mode = req.mode;
    if (req.paused !== undefined) s.paused = req.paused;
    if (req.description !== undefined) s.description = req.description;
    s.updatedAt = new Date();
    await em.flush();
    return view(s);
  }

  async remove(caller: Caller, id: string): Promise<WebhookSubscriptionView> {
    assertSystemAdmin(caller);
    const em = this.orm.em.fork();
    const s = await this.find(em, id);
    // its deliveries and their attempts go with it (on delete cascade)
    await em.nativeDelete(WebhookSubscription, { id: s.id });
    this.logger.info({ subscriptionId: s.id, by: caller.id }, 'webhook subscription deleted');
    return view(s);
  }

  async rotateSecret(caller: Caller, id: string): Promise<WebhookSubscriptionWithSecretView> {
    assertSystemAdmin(caller);
    const em = this.orm.em.fork();
    const s = await this.find(em, id);
    const secret = newSecret();
    s.secret = this.cipher.encrypt(secret, SECRET_CONTEXT);
    s.updatedAt = new Date();
    await em.flush();
    this.logger.info({ subscriptionId: s.id, by: caller.id }, 'webhook secret rotated');
    return { ...view(s), secret };
  }

  async deliveries(caller: Caller, q: ListWebhookDeliveriesRequest): Promise<Page<WebhookDeliveryView>> {
    assertSystemAdmin(caller);
    const em = this.orm.em.fork();
    await this.find(em, q.id);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const [rows, total] = await em.findAndCount(WebhookDelivery, { subscriptionId: q.id, ...(q.status ? { status: q.status } : {}) }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit, offset });
    const attempts = rows.length ? await em.find(WebhookAttempt, { deliveryId: { $in: rows.map((r) => r.id) } }, { orderBy: { at: 'asc', id: 'asc' } }) : [];
    return {
      items: rows.map((d) =>
        deliveryView(
          d,
          attempts.filter((a) => a.deliveryId === d.id),
        ),
      ),
      total,
      limit,
      offset,
    };
  }

  /** A dead delivery goes back to pending, due now, with a fresh count of attempts (the attempts made stay listed). 409 unless it is dead. */
  async redeliver(caller: Caller, req: WebhookDeliveryIdRequest): Promise<WebhookDeliveryView> {
    assertSystemAdmin(caller);
    const em = this.orm.em.fork();
    await this.find(em, req.id);
    const d = await em.findOne(WebhookDelivery, { id: req.deliveryId, subscriptionId: req.id });
    if (!d) throw new ServiceError(ErrorCode.NotFound, 'No such delivery of this subscription.');
    if (d.status !== WebhookDeliveryStatus.Dead) throw new ServiceError(ErrorCode.Conflict, `Only a dead delivery is redelivered; this one is ${d.status}.`);
    d.status = WebhookDeliveryStatus.Pending;
    d.attemptCount = 0;
    d.nextAttemptAt = new Date();
    d.leaseUntil = null;
    await em.flush();
    this.logger.info({ subscriptionId: req.id, deliveryId: d.id, by: caller.id }, 'webhook delivery redelivered');
    return deliveryView(d, await em.find(WebhookAttempt, { deliveryId: d.id }, { orderBy: { at: 'asc', id: 'asc' } }));
  }

  private async find(em: EntityManager, id: string): Promise<WebhookSubscription> {
    const s = await em.findOne(WebhookSubscription, { id });
    if (!s) throw new ServiceError(ErrorCode.NotFound, 'No such webhook subscription.');
    return s;
  }

  /** 400 naming each field: the scheme the deployment allows, event types of the catalogue that webhooks offer. */
  private check(x: { url?: string; eventTypes?: string[] }): void {
    const errors: FieldError[] = [];
    if (x.url !== undefined) {
      let scheme = '';
      try {
        scheme = new URL(x.url).protocol;
      } catch {
        errors.push({ field: 'url', reason: 'must be an absolute http(s) URL' });
      }
      if (scheme === 'http:' && !this.env.WEBHOOKS_ALLOW_HTTP) errors.push({ field: 'url', reason: 'must be https (this deployment does not allow http targets)' });
      else if (scheme && scheme !== 'http:' && scheme !== 'https:') errors.push({ field: 'url', reason: 'must be an http(s) URL' });
    }
    for (const [i, type] of (x.eventTypes ?? []).entries()) {
      if (!findEventByType(type)) errors.push({ field: `eventTypes[${i}]`, reason: `${type} is not an event type of the catalogue` });
      else if (!SUBSCRIBABLE.has(type)) errors.push({ field: `eventTypes[${i}]`, reason: `${type} is not offered over webhooks (case events only)` });
    }
    if (errors.length) throw ServiceError.validation(errors);
  }
}

function view(s: WebhookSubscription): WebhookSubscriptionView {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    nodeCode: s.nodeCode,
    mode: s.mode,
    paused: s.paused,
    description: s.description,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function deliveryView(d: WebhookDelivery, attempts: WebhookAttempt[]): WebhookDeliveryView {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    attempts: attempts.map((a) => ({ at: a.at.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error, nextAttemptAt: a.nextAttemptAt?.toISOString() ?? null })),
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
