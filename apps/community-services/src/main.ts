import 'reflect-metadata';

import { bootstrapService, createLogger } from '@citygrid/service-kit';
import type { INestApplication } from '@nestjs/common';

import { CommunityServicesModule } from './app.module';
import { loadCommunityServicesEnv, type CommunityServicesEnv } from './config';
import { migrateCommunityServices } from './migrate';

/** Start community-services (tests call this with overrides and port 0). */
export async function startCommunityServices(overrides: Partial<CommunityServicesEnv> = {}, port?: number): Promise<INestApplication> {
  const env = loadCommunityServicesEnv(overrides);
  if (env.MIGRATE_ON_START === 'true') {
    const applied = await migrateCommunityServices(env, true);
    if (applied.length) createLogger('community-services', env.LOG_LEVEL).info({ applied }, 'migrations applied');
  }
  return bootstrapService({ name: 'community-services', module: CommunityServicesModule.forRoot(env), env, rpc: true, port });
}

if (require.main === module) {
  startCommunityServices().catch((err: unknown) => {
    // The config may be what failed, so no LOG_LEVEL to go by: a fatal line shows at any level.
    createLogger('community-services', 'info').fatal({ err }, 'community-services failed to start');
    process.exit(1);
  });
}
