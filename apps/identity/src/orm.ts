import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { IdentityEnv } from './config';
import { Migration20261201000000 } from './migrations/Migration20261201000000';
import { Migration20261201090000 } from './migrations/Migration20261201090000';
import { Migration20261201100000 } from './migrations/Migration20261201100000';
import { Migration20261201110000 } from './migrations/Migration20261201110000';
import { Migration20261202000000 } from './migrations/Migration20261202000000';
import { Migration20261203100000 } from './migrations/Migration20261203100000';
import { Migration20261204100000 } from './migrations/Migration20261204100000';
import { ApiKey } from './api-keys/api-key.entity';
import { identityEntities } from './shared/entities';
import { StaffAssignmentRecord } from './staff-links/staff-assignment.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const identityMigrations = [
  { name: 'Migration20261201000000', class: Migration20261201000000 },
  { name: 'Migration20261201090000', class: Migration20261201090000 },
  { name: 'Migration20261201100000', class: Migration20261201100000 },
  { name: 'Migration20261201110000', class: Migration20261201110000 },
  { name: 'Migration20261202000000', class: Migration20261202000000 },
  { name: 'Migration20261203100000', class: Migration20261203100000 },
  { name: 'Migration20261204100000', class: Migration20261204100000 },
];

export function identityOrmOptions(env: IdentityEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [...identityEntities, ApiKey, StaffAssignmentRecord, AuditEntry, ...messagingEntities],
    migrations: identityMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
