import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { VolunteersEnv } from './config';
import { VOLUNTEERS_ENTITIES } from './entities';
import { Migration20261210100000 } from './migrations/Migration20261210100000';

/** Committed migrations, oldest first. Add new ones at the end. */
export const volunteersMigrations = [{ name: 'Migration20261210100000', class: Migration20261210100000 }];

export function volunteersOrmOptions(env: VolunteersEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [...VOLUNTEERS_ENTITIES, AuditEntry, ...messagingEntities],
    migrations: volunteersMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
