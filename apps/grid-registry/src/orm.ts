import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { GridRegistryEnv } from './config';
import { Migration20261125000000 } from './migrations/Migration20261125000000';
import { Migration20261125090000 } from './migrations/Migration20261125090000';
import { Migration20261125100000 } from './migrations/Migration20261125100000';
import { Migration20261201110000 } from './migrations/Migration20261201110000';
import { Department } from './departments/department.entity';
import { ImportJob } from './imports/import-job.entity';
import { GridNode } from './nodes/grid-node.entity';
import { Place } from './places/place.entity';
import { Resident } from './residents/resident.entity';
import { Staff, StaffAssignment } from './staff/staff.entity';

/** The entities of every feature, each declared beside its feature. */
export const gridRegistryEntities = [GridNode, Staff, StaffAssignment, Department, Place, ImportJob, Resident];

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
    entities: [...gridRegistryEntities, AuditEntry, ...messagingEntities],
    migrations: gridRegistryMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
