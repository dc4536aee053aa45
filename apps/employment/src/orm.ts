import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { EmploymentEnv } from './config';
import { Employer, Posting } from './employers/employer.entities';
import { Fair, FairOffer } from './fairs/fair.entities';
import { Migration20261208100000 } from './migrations/Migration20261208100000';
import { FollowUp, Placement } from './placements/placement.entities';
import { Seeker } from './seekers/seeker.entity';
import { Target } from './targets/target.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const employmentMigrations = [{ name: 'Migration20261208100000', class: Migration20261208100000 }];

export function employmentOrmOptions(env: EmploymentEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [Seeker, Employer, Posting, Fair, FairOffer, Placement, FollowUp, Target, AuditEntry, ...messagingEntities],
    migrations: employmentMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
