import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { NotificationsEnv } from './config';
import { Delivery } from './deliveries/delivery.entity';
import { AccountRecord, CalendarDay, CaseRef, CategoryName, GridRef, PatrolDay } from './directory/directory.entities';
import { Notification } from './inbox/notification.entity';
import { Migration20261206100000 } from './migrations/Migration20261206100000';
import { AccountChannel } from './settings/account-channel.entity';
import { Migration20261212100000 } from './migrations/Migration20261212100000';
import { WebhookAttempt, WebhookDelivery, WebhookSubscription } from './webhooks/webhook.entities';

/** Committed migrations, oldest first. Add new ones at the end. */
export const notificationsMigrations = [
  { name: 'Migration20261206100000', class: Migration20261206100000 },
  { name: 'Migration20261212100000', class: Migration20261212100000 },
];

export function notificationsOrmOptions(env: NotificationsEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [
      AccountRecord,
      CaseRef,
      GridRef,
      PatrolDay,
      CalendarDay,
      CategoryName,
      Notification,
      AccountChannel,
      Delivery,
      WebhookSubscription,
      WebhookDelivery,
      WebhookAttempt,
      AuditEntry,
      ...messagingEntities,
    ],
    migrations: notificationsMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
