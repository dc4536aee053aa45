import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { NotificationsModule } from './app.module';
import { loadNotificationsEnv, type NotificationsEnv } from './config';
import { migrateNotifications } from './migrate';

/** Start notifications (tests call this with overrides and port 0). */
export async function startNotifications(overrides: Partial<NotificationsEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadNotificationsEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateNotifications(env, true);
    if (applied.length) createLogger('notifications', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'notifications', module: NotificationsModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startNotifications().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('notifications', 'info').fatal({ err }, 'notifications failed to start');
    process.exit(1);
  });
}
