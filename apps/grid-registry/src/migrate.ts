import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadGridRegistryEnv, type GridRegistryEnv } from './config';
import { gridRegistryOrmOptions } from './orm';

/** Apply grid-registry's committed migrations to its schema. */
export function migrateGridRegistry(env: GridRegistryEnv, createDatabase = false): Promise<string[]> {
  return migrateService(gridRegistryOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('grid-registry', (createDatabase) => migrateGridRegistry(loadGridRegistryEnv(), createDatabase));
