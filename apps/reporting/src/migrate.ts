import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadReportingEnv, type ReportingEnv } from './config';
import { reportingOrmOptions } from './orm';

/** Apply reporting's committed migrations to its schema. */
export function migrateReporting(env: ReportingEnv, createDatabase = false): Promise<string[]> {
  return migrateService(reportingOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('reporting', (createDatabase) => migrateReporting(loadReportingEnv(), createDatabase));
