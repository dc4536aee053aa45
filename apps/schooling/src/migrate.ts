import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadSchoolingEnv, type SchoolingEnv } from './config';
import { schoolingOrmOptions } from './orm';

/** Apply schooling's committed migrations to its schema. */
export function migrateSchooling(env: SchoolingEnv, createDatabase = false): Promise<string[]> {
  return migrateService(schoolingOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('schooling', (createDatabase) => migrateSchooling(loadSchoolingEnv(), createDatabase));
