import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { GridRegistryEnv } from './config';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125090000 } from './migrations/Migration20261125090000';
import { Migration20261125100000 } from './migrations/Migration20261125100000';
import { Migration20261201110000 } from './migrations/Migration20261201110000';
import { Resident } from './residents/resident.entity';
import { gridRegistryEntities } from './shared/entities';

/** Committed migrations, oldest first. Add new ones at the end. */
export const gridRegistryMigrations = [
  { name: 'Migration20261125000000', class: Migration20261125000000 },
  { name: 'Migration20261125090000', class: Migration20261125090000 },
  { name: 'Migration20261125100000', class: Migration20261125100000 },
  { name: 'Migration20261201110000', class: Migration20261201110000 },
];

export function gridRegistryOrmOptions(env: GridRegistryEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [...gridRegistryEntities, Resident, AuditEntry, ...messagingEntities],
    migrations: gridRegistryMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
