import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { GridRegistryModule } from './app.module';
import { loadGridRegistryEnv, type GridRegistryEnv } from './config';
import { migrateGridRegistry } from './migrate';

/** Start grid-registry (tests call this with overrides and port 0). */
export async function startGridRegistry(overrides: Partial<GridRegistryEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadGridRegistryEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateGridRegistry(env, true);
    if (applied.length) createLogger('grid-registry', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'grid-registry', module: GridRegistryModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startGridRegistry().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('grid-registry', 'info').fatal({ err }, 'grid-registry failed to start');
    process.exit(1);
  });
}
