import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadNotificationsEnv, type NotificationsEnv } from './config';
import { notificationsOrmOptions } from './orm';

/** Apply notifications' committed migrations to its schema. */
export function migrateNotifications(env: NotificationsEnv, createDatabase = false): Promise<string[]> {
  return migrateService(notificationsOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('notifications', (createDatabase) => migrateNotifications(loadNotificationsEnv(), createDatabase));
