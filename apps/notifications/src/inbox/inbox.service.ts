import { randomUUID } from 'node:crypto';

import { type Caller } from '@citygrid/contracts/identity';
import {
  DeliveryStatus,
  NotificationChannel,
  NotificationEvents,
  type ListNotificationsQuery,
  type MarkNotificationsReadRequest,
  type MarkNotificationsReadView,
  type NotificationPageView,
  type NotificationRule,
  type NotificationView,
} from '@citygrid/contracts/notifications';
import { FieldCipher } from '@citygrid/pii';
import { EventRecorder, executeBound } from '@citygrid/persistence';
import { metricsRegistry } from '@citygrid/service-kit';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

import type { Recipient } from '../directory/directory.service';
import { Delivery } from '../deliveries/delivery.entity';
import { AccountChannel } from '../settings/account-channel.entity';
import { ADDRESS_CONTEXT, addressOf } from '../settings/addresses';
import { assertStaff } from '../shared/callers';
import { Notification } from './notification.entity';

/** What a rule raises for its recipients. */
export interface Raise {
  rule: NotificationRule;
  /** What it is about, e.g. `case:<id>:v7`: one notification per rule, occurrence and recipient. */
  occurrence: string;
  recipients: readonly Recipient[];
  title: string;
  body: string;
  caseId: string | null;
  caseNumber: string | null;
  nodeCode: string;
}

export const notificationsRaised = new Counter({
  name: 'citygrid_notifications_raised_total',
  help: 'Notifications put in an inbox, by rule',
  labelNames: ['rule'],
  registers: [metricsRegistry],
});

/**
 * The in-app inbox: raising notifications (once per rule, occurrence and recipient: a redelivered
 * event raises nothing new), queueing their deliveries on the channels each recipient chose, and
 * the recipient's own reading of them. Nobody reads another account's notifications.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * On `tx`: a notification for each recipient that has none for this rule and occurrence, its
   * deliveries, and `citygrid.notification.raised.v1`. Returns how many were new.
   */
  async raise(tx: EntityManager, r: Raise): Promise<number> {
    const recipients = [...new Map(r.recipients.map((p) => [p.id, p])).values()];
    if (!recipients.length) return 0;
    const schema = tx.config.get('schema');
    const table = schema ? `"${schema}"."notification"` : '"notification"';
    const now = new Date();
    const rows = recipients.map((p) => ({ id: randomUUID(), account_id: p.id }));
    // one statement for all recipients; the unique key keeps the ones raised before
    const fresh = await executeBound<{ id: string; account_id: string }>(
      tx,
      `insert into ${table} ("id", "rule", "occurrence", "account_id", "title", "body", "case_id", "case_number", "node_code", "created_at", "read_at")
       select r."id", ?, ?, r."account_id", ?, ?, ?, ?, ?, ?, null from jsonb_to_recordset(?::jsonb) as r("id" uuid, "account_id" text)
       order by r."account_id"
       on conflict ("rule", "occurrence", "account_id") do nothing
       returning "id", "account_id"`,
      [r.rule, r.occurrence, r.title, r.body, r.caseId, r.caseNumber, r.nodeCode, now, JSON.stringify(rows)],
    );
    if (!fresh.length) return 0;
    const channels = new Map((await tx.find(AccountChannel, { accountId: { $in: fresh.map((f) => f.account_id) } })).map((c) => [c.accountId, c]));
    for (const f of fresh) {
      const queued = this.queueDeliveries(tx, f.id, f.account_id, r, channels.get(f.account_id), now);
      this.events.record(tx, NotificationEvents.notificationRaised, f.id, { id: f.id, rule: r.rule, accountId: f.account_id, caseId: r.caseId, nodeCode: r.nodeCode, channels: queued });
    }
    notificationsRaised.inc({ rule: r.rule }, fresh.length);
    return fresh.length;
  }

  /** The caller's notifications, newest first, and her unread count. */
  async list(caller: Caller, q: ListNotificationsQuery): Promise<NotificationPageView> {
    assertStaff(caller);
    const em = this.orm.em.fork();
    const where = { accountId: caller.id, ...(q.unread === 'true' ? { readAt: null } : {}), ...(q.rule ? { rule: q.rule } : {}) };
    const [items, total] = await em.findAndCount(Notification, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    const unread = await em.count(Notification, { accountId: caller.id, readAt: null });
    return { items: items.map(toView), total, unread };
  }

  /** Mark some or all of the caller's notifications read (ids of others' are ignored as not found). */
  async markRead(caller: Caller, req: MarkNotificationsReadRequest): Promise<MarkNotificationsReadView> {
    assertStaff(caller);
    const em = this.orm.em.fork();
    const now = new Date();
    const marked = req.all
      ? await em.nativeUpdate(Notification, { accountId: caller.id, readAt: null }, { readAt: now })
      : req.ids?.length
        ? await em.nativeUpdate(Notification, { accountId: caller.id, readAt: null, id: { $in: req.ids } }, { readAt: now })
        : 0;
    return { marked, unread: await em.count(Notification, { accountId: caller.id, readAt: null }) };
  }

  /** A delivery on each channel the recipient chose and has an address for. */
  private queueDeliveries(tx: EntityManager, notificationId: string, accountId: string, r: Raise, ch: AccountChannel | undefined, now: Date): NotificationChannel[] {
    if (!ch) return [];
    const queued: NotificationChannel[] = [];
    for (const channel of ch.channels) {
      const sealed = addressOf(ch, channel);
      if (!sealed) continue;
      const plain = this.cipher.decrypt(sealed, ADDRESS_CONTEXT[channel === NotificationChannel.Email ? 'email' : channel === NotificationChannel.Sms ? 'phone' : channel]);
      tx.persist(
        Object.assign(new Delivery(), {
          id: randomUUID(),
          notificationId,
          rule: r.rule,
          accountId,
          channel,
          address: this.cipher.encrypt(plain, ADDRESS_CONTEXT.delivery),
          title: r.title,
          body: r.body,
          status: DeliveryStatus.Pending,
          attempts: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          lastError: null,
          createdAt: now,
          sentAt: null,
        }),
      );
      queued.push(channel);
    }
    return queued;
  }
}

function toView(n: Notification): NotificationView {
  return {
    id: n.id,
    rule: n.rule,
    title: n.title,
    body: n.body,
    caseId: n.caseId,
    caseNumber: n.caseNumber,
    nodeCode: n.nodeCode,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
