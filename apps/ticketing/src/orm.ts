import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import type { TicketingEnv } from './config';
import { Migration20261125150000 } from './migrations/Migration20261125150000';
import { Migration20261125160000 } from './migrations/Migration20261125160000';
import { Migration20261201090000 } from './migrations/Migration20261201090000';
import { Migration20261201110000 } from './migrations/Migration20261201110000';
import { Migration20261203120000 } from './migrations/Migration20261203120000';
import { Migration20261203130000 } from './migrations/Migration20261203130000';
import { Migration20261203140000 } from './migrations/Migration20261203140000';
import { Migration20261204090000 } from './migrations/Migration20261204090000';
import { Migration20261206090000 } from './migrations/Migration20261206090000';
import { Migration20261206110000 } from './migrations/Migration20261206110000';
import { Migration20261208090000 } from './migrations/Migration20261208090000';
import { Campaign } from './campaigns/campaign.entity';
import { Holiday } from './calendar/holiday.entity';
import { Case } from './cases/case.entity';
import { Category } from './categories/category.entity';
import { Patrol, Visit } from './patrols/field-log.entities';
import { SupervisionFlag } from './shared/supervision-flag.entity';
import { Photo } from './photos/photo.entity';
import { Standup } from './standups/standup.entity';
import { Inspection } from './supervision/supervision.entities';

/** The entities of every feature, each declared beside its feature. */
export const ticketingEntities = [Category, Holiday, Case, Patrol, Visit, Standup, SupervisionFlag, Inspection, Campaign, Photo];

/** Committed migrations, oldest first. Add new ones at the end. */
export const ticketingMigrations = [
  { name: 'Migration20261125150000', class: Migration20261125150000 },
  { name: 'Migration20261125160000', class: Migration20261125160000 },
  { name: 'Migration20261201090000', class: Migration20261201090000 },
  { name: 'Migration20261201110000', class: Migration20261201110000 },
  { name: 'Migration20261203120000', class: Migration20261203120000 },
  { name: 'Migration20261203130000', class: Migration20261203130000 },
  { name: 'Migration20261203140000', class: Migration20261203140000 },
  { name: 'Migration20261204090000', class: Migration20261204090000 },
  { name: 'Migration20261206090000', class: Migration20261206090000 },
  { name: 'Migration20261206110000', class: Migration20261206110000 },
  { name: 'Migration20261208090000', class: Migration20261208090000 },
];

export function ticketingOrmOptions(env: TicketingEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [...ticketingEntities, AuditEntry, ...messagingEntities],
    migrations: ticketingMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
