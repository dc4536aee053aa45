import { migrateService, runMigrationsCommand } from '@citygrid/persistence';

import { loadEmploymentEnv, type EmploymentEnv } from './config';
import { employmentOrmOptions } from './orm';

/** Apply employment's committed migrations to its schema. */
export function migrateEmployment(env: EmploymentEnv, createDatabase = false): Promise<string[]> {
  return migrateService(employmentOrmOptions(env), createDatabase);
}

if (require.main === module) runMigrationsCommand('employment', (createDatabase) => migrateEmployment(loadEmploymentEnv(), createDatabase));
