import { applyMigrations, ensureDatabase } from '@citygrid/persistence';
import { createLogger } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';

import { loadGridRegistryEnv, type GridRegistryEnv } from './config';
import { gridRegistryOrmOptions } from './orm';

/** Apply grid-registry's committed migrations to its schema. */
export async function migrateGridRegistry(env: GridRegistryEnv, createDatabase = false): Promise<string[]> {
  if (createDatabase) await ensureDatabase(env.DATABASE_URL);
  const orm = await MikroORM.init(gridRegistryOrmOptions(env));
  try {
    return await applyMigrations(orm);
  } finally {
    await orm.close(true);
  }
}

if (require.main === module) {
  const logger = createLogger('grid-registry-migrate');
  migrateGridRegistry(loadGridRegistryEnv(), process.argv.includes('--create-database'))
    .then((applied) => {
      logger.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
      process.exit(0);
    })
    .catch((err: unknown) => {
      logger.error({ err }, 'migration failed');
      process.exit(1);
    });
}
