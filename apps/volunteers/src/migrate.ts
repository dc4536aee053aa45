import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadVolunteersEnv, type VolunteersEnv } from './config';
import { volunteersOrmOptions } from './orm';

/** Apply volunteers's committed migrations to its schema. */
export function migrateVolunteers(env: VolunteersEnv, createDatabase = false): Promise<string[]> {
  return migrateService(volunteersOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('volunteers', (createDatabase) => migrateVolunteers(loadVolunteersEnv(), createDatabase));
