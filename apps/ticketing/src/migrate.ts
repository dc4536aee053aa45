import { applyMigrations, ensureDatabase } from '@citygrid/persistence';
import { createLogger } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';

import { loadTicketingEnv, type TicketingEnv } from './config';
import { ticketingOrmOptions } from './orm';

/** Apply ticketing's committed migrations to its schema. */
export async function migrateTicketing(env: TicketingEnv, createDatabase = false): Promise<string[]> {
  if (createDatabase) await ensureDatabase(env.DATABASE_URL);
  const orm = await MikroORM.init(ticketingOrmOptions(env));
  try {
    return await applyMigrations(orm);
  } finally {
    await orm.close(true);
  }
}

if (require.main === module) {
  const logger = createLogger('ticketing-migrate');
  migrateTicketing(loadTicketingEnv(), process.argv.includes('--create-database'))
    .then((applied) => {
      logger.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
      process.exit(0);
    })
    .catch((err: unknown) => {
      logger.error({ err }, 'migration failed');
      process.exit(1);
    });
}
