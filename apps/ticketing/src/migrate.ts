import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadTicketingEnv, type TicketingEnv } from './config';
import { ticketingOrmOptions } from './orm';

/** Apply ticketing's committed migrations to its schema. */
export function migrateTicketing(env: TicketingEnv, createDatabase = false): Promise<string[]> {
  return migrateService(ticketingOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('ticketing', (createDatabase) => migrateTicketing(loadTicketingEnv(), createDatabase));
