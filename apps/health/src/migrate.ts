import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadHealthEnv, type HealthEnv } from './config';
import { healthOrmOptions } from './orm';

/** Apply health' committed migrations to its schema. */
export function migrateHealth(env: HealthEnv, createDatabase = false): Promise<string[]> {
  return migrateService(healthOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('health', (createDatabase) => migrateHealth(loadHealthEnv(), createDatabase));
