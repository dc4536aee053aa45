import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { EmploymentModule } from './app.module';
import { loadEmploymentEnv, type EmploymentEnv } from './config';
import { migrateEmployment } from './migrate';

/** Start employment (tests call this with overrides and port 0). */
export async function startEmployment(overrides: Partial<EmploymentEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadEmploymentEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateEmployment(env, true);
    if (applied.length) createLogger('employment', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'employment', module: EmploymentModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startEmployment().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('employment', 'info').fatal({ err }, 'employment failed to start');
    process.exit(1);
  });
}
