import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { ReportingModule } from './app.module';
import { loadReportingEnv, type ReportingEnv } from './config';
import { migrateReporting } from './migrate';

/** Start reporting (tests call this with overrides and port 0). */
export async function startReporting(overrides: Partial<ReportingEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadReportingEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateReporting(env, true);
    if (applied.length) createLogger('reporting', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'reporting', module: ReportingModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startReporting().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('reporting', 'info').fatal({ err }, 'reporting failed to start');
    process.exit(1);
  });
}
