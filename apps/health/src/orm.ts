import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { HealthEnv } from './config';
import { GridCoverageRecord, RoadGraphRecord } from './coverage/coverage.entities';
import { FollowUp, Visit } from './follow-ups/follow-up.entities';
import { Lecture } from './lectures/lecture.entity';
import { Migration20261209100000 } from './migrations/Migration20261209100000';
import { Station } from './shared/station.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const healthMigrations = [{ name: 'Migration20261209100000', class: Migration20261209100000 }];

export function healthOrmOptions(env: HealthEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [Station, RoadGraphRecord, GridCoverageRecord, Lecture, FollowUp, Visit, AuditEntry, ...messagingEntities],
    migrations: healthMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
