import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { RelocationEnv } from './config';
import { HelpRequest } from './help/help-request.entity';
import { Migration20261210100000 } from './migrations/Migration20261210100000';
import { Migration20261215100000 } from './migrations/Migration20261215100000';
import { WorkPackage } from './packages/work-package.entity';
import { HouseholdStep, ProjectPlace, RelocationProject } from './projects/project.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const relocationMigrations = [
  { name: 'Migration20261210100000', class: Migration20261210100000 },
  { name: 'Migration20261215100000', class: Migration20261215100000 },
];

export function relocationOrmOptions(env: RelocationEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [RelocationProject, ProjectPlace, HouseholdStep, WorkPackage, HelpRequest, AuditEntry, ...messagingEntities],
    migrations: relocationMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
