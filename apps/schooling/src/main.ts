import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { SchoolingModule } from './app.module';
import { loadSchoolingEnv, type SchoolingEnv } from './config';
import { migrateSchooling } from './migrate';

/** Start schooling (tests call this with overrides and port 0). */
export async function startSchooling(overrides: Partial<SchoolingEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadSchoolingEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateSchooling(env, true);
    if (applied.length) createLogger('schooling', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'schooling', module: SchoolingModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startSchooling().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('schooling', 'info').fatal({ err }, 'schooling failed to start');
    process.exit(1);
  });
}
