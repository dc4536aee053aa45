import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadIdentityEnv, type IdentityEnv } from './config';
import { identityOrmOptions } from './orm';

/** Apply identity's committed migrations to its schema. */
export function migrateIdentity(env: IdentityEnv, createDatabase = false): Promise<string[]> {
  return migrateService(identityOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('identity', (createDatabase) => migrateIdentity(loadIdentityEnv(), createDatabase));
