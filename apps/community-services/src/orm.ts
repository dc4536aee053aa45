import { messagingEntities } from '@citygrid/messaging';
import { AuditEntry, serviceOrmOptions } from '@citygrid/persistence';

import { RequestType } from './catalogue/request-type.entity';
import { Centre } from './centres/centre.entity';
import type { CommunityServicesEnv } from './config';
import { Migration20261209100000 } from './migrations/Migration20261209100000';
import { ServiceRequest, ServiceRequestStep } from './requests/service-request.entity';

/** Committed migrations, oldest first. Add new ones at the end. */
export const communityServicesMigrations = [{ name: 'Migration20261209100000', class: Migration20261209100000 }];

export function communityServicesOrmOptions(env: CommunityServicesEnv) {
  return serviceOrmOptions({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    entities: [Centre, RequestType, ServiceRequest, ServiceRequestStep, AuditEntry, ...messagingEntities],
    migrations: communityServicesMigrations,
    logLevel: env.LOG_LEVEL,
  });
}
