import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { HealthModule } from './app.module';
import { loadHealthEnv, type HealthEnv } from './config';
import { migrateHealth } from './migrate';

/** Start health (tests call this with overrides and port 0). */
export async function startHealth(overrides: Partial<HealthEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadHealthEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateHealth(env, true);
    if (applied.length) createLogger('health', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'health', module: HealthModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startHealth().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('health', 'info').fatal({ err }, 'health failed to start');
    process.exit(1);
  });
}
