import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { RelocationModule } from './app.module';
import { loadRelocationEnv, type RelocationEnv } from './config';
import { migrateRelocation } from './migrate';

/** Start relocation (tests call this with overrides and port 0). */
export async function startRelocation(overrides: Partial<RelocationEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadRelocationEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateRelocation(env, true);
    if (applied.length) createLogger('relocation', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'relocation', module: RelocationModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startRelocation().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('relocation', 'info').fatal({ err }, 'relocation failed to start');
    process.exit(1);
  });
}
