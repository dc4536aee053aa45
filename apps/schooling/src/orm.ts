import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { SchoolingEnv } from './config';
import { Migration20261208100000 } from './migrations/Migration20261208100000';
import { EnrolmentRequest, EnrolmentStep } from './requests/enrolment-request.entity';
import { School } from './schools/school.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const schoolingMigrations = [{ name: 'Migration20261208100000', class: Migration20261208100000 }];

export function schoolingOrmOptions(env: SchoolingEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [School, EnrolmentRequest, EnrolmentStep, AuditEntry, ...messagingEntities],
    migrations: schoolingMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
