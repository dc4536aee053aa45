import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { ReportingEnv } from './config';
import { Migration20261203000000 } from './migrations/Migration20261203000000';
import { Migration20261204000000 } from './migrations/Migration20261204000000';
import { Migration20261205000000 } from './migrations/Migration20261205000000';
import { Migration20261206000000 } from './migrations/Migration20261206000000';
import { Migration20261207000000 } from './migrations/Migration20261207000000';
import { NodeRecord } from './read-models/node.entity';
import { RebuildRun } from './rebuild/rebuild-run.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const reportingMigrations = [
  { name: 'Migration20261203000000', class: Migration20261203000000 },
  { name: 'Migration20261204000000', class: Migration20261204000000 },
  { name: 'Migration20261205000000', class: Migration20261205000000 },
  { name: 'Migration20261206000000', class: Migration20261206000000 },
  { name: 'Migration20261207000000', class: Migration20261207000000 },
];

export function reportingOrmOptions(env: ReportingEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [NodeRecord, RebuildRun, AuditEntry, ...messagingEntities],
    migrations: reportingMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
