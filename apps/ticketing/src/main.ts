import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { TicketingModule } from './app.module';
import { loadTicketingEnv, type TicketingEnv } from './config';
import { migrateTicketing } from './migrate';

/** Start ticketing (tests call this with overrides and port 0). */
export async function startTicketing(overrides: Partial<TicketingEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadTicketingEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateTicketing(env, true);
    if (applied.length) createLogger('ticketing', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'ticketing', module: TicketingModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startTicketing().catch((err: unknown) => {
    createLogger('ticketing', 'info').fatal({ err }, 'ticketing failed to start');
    process.exit(1);
  });
}
