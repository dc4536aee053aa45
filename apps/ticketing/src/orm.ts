import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { TicketingEnv } from './config';
import { Migration20261125150000 } from './migrations/Migration20261125150000';
import { Migration20261125160000 } from './migrations/Migration20261125160000';
import { Migration20261201090000 } from './migrations/Migration20261201090000';
import { Migration20261201110000 } from './migrations/Migration20261201110000';
import { ticketingEntities } from './shared/entities';
import { fieldWorkEntities } from './field-work';

/** Committed migrations, oldest first. Add new ones at the end. */
export const ticketingMigrations = [
  { name: 'Migration20261125150000', class: Migration20261125150000 },
  { name: 'Migration20261125160000', class: Migration20261125160000 },
  { name: 'Migration20261201090000', class: Migration20261201090000 },
  { name: 'Migration20261201110000', class: Migration20261201110000 },
];

export function ticketingOrmOptions(env: TicketingEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [...ticketingEntities, ...fieldWorkEntities, AuditEntry, ...messagingEntities],
    migrations: ticketingMigrations,
  });
}
