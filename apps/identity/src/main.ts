import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { IdentityModule } from './app.module';
import { loadIdentityEnv, type IdentityEnv } from './config';
import { migrateIdentity } from './migrate';

/** Start identity (tests call this with overrides and port 0). */
export async function startIdentity(overrides: Partial<IdentityEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadIdentityEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateIdentity(env, true);
    if (applied.length) createLogger('identity', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'identity', module: IdentityModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startIdentity().catch((err: unknown) => {
    createLogger('identity', 'info').fatal({ err }, 'identity failed to start');
    process.exit(1);
  });
}
