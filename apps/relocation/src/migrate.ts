import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadRelocationEnv, type RelocationEnv } from './config';
import { relocationOrmOptions } from './orm';

/** Apply relocation's committed migrations to its schema. */
export function migrateRelocation(env: RelocationEnv, createDatabase = false): Promise<string[]> {
  return migrateService(relocationOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('relocation', (createDatabase) => migrateRelocation(loadRelocationEnv(), createDatabase));
