import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadCommunityServicesEnv, type CommunityServicesEnv } from './config';
import { communityServicesOrmOptions } from './orm';

/** Apply community-services' committed migrations to its schema. */
export function migrateCommunityServices(env: CommunityServicesEnv, createDatabase = false): Promise<string[]> {
  return migrateService(communityServicesOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('community-services', (createDatabase) => migrateCommunityServices(loadCommunityServicesEnv(), createDatabase));
