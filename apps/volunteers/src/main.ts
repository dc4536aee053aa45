import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { VolunteersModule } from './app.module';
import { loadVolunteersEnv, type VolunteersEnv } from './config';
import { migrateVolunteers } from './migrate';

/** Start volunteers (tests call this with overrides and port 0). */
export async function startVolunteers(overrides: Partial<VolunteersEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadVolunteersEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateVolunteers(env, true);
    if (applied.length) createLogger('volunteers', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'volunteers', module: VolunteersModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startVolunteers().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('volunteers', 'info').fatal({ err }, 'volunteers failed to start');
    process.exit(1);
  });
}
