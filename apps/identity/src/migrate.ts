import { applyMigrations, ensureDatabase } from '@citygrid/persistence';
import { createLogger } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';

import { loadIdentityEnv, type IdentityEnv } from './config';
import { identityOrmOptions } from './orm';

/** Apply identity's committed migrations to its schema. */
export async function migrateIdentity(env: IdentityEnv, createDatabase = false): Promise<string[]> {
  if (createDatabase) await ensureDatabase(env.DATABASE_URL);
  const orm = await MikroORM.init(identityOrmOptions(env));
  try {
    return await applyMigrations(orm);
  } finally {
    await orm.close(true);
  }
}

if (require.main === module) {
  const logger = createLogger('identity-migrate');
  migrateIdentity(loadIdentityEnv(), process.argv.includes('--create-database'))
    .then((applied) => {
      logger.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
      process.exit(0);
    })
    .catch((err: unknown) => {
      logger.error({ err }, 'migration failed');
      process.exit(1);
    });
}
