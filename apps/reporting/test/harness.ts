import type { CityGridCloudEvent } from '@citygrid/contracts';
import { Role, type Caller } from '@citygrid/contracts/identity';
import { applyInTransaction } from '@citygrid/messaging';
import { dropSchema, ensureTestDatabase, TEST_DATABASE_URL } from '@citygrid/testing';
import { MikroORM } from '@mikro-orm/postgresql';

import { loadReportingEnv, type ReportingEnv } from '../src/config';
import { KpiRepository } from '../src/kpis/kpi.repository';
import { KpisService } from '../src/kpis/kpis.service';
import { migrateReporting } from '../src/migrate';
import { reportingOrmOptions } from '../src/orm';
import { ReadModelProjector } from '../src/read-models/projector.service';
import { ReadModelRepository } from '../src/read-models/read-model.repository';
import { GRID_CONSUMER, TICKETING_CONSUMER } from '../src/read-models/read-models.service';

export const ADMIN: Caller = { id: 'admin', kind: 'staff', name: 'admin', roles: [Role.SystemAdmin], nodeScope: null, departmentCode: null, staffId: null, scopes: [] };

/** reporting's read models on a schema of their own, with the projector and the KPI service over them (no NATS). */
export interface ReadModelsOnSchema {
  env: ReportingEnv;
  orm: MikroORM;
  projector: ReadModelProjector;
  kpis: KpisService;
  /** Apply one event as the durable consumer does: inbox row and handler in one transaction. */
  consume(event: CityGridCloudEvent): Promise<boolean>;
  /** Apply events in one transaction through the projector (as a rebuild does), without the inbox. */
  applyBatch(events: readonly CityGridCloudEvent[]): Promise<void>;
  /** Rows of a table in a stable order, without the columns a write time fills. */
  table(name: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function readModelsOn(schema: string, overrides: Partial<ReportingEnv> = {}): Promise<ReadModelsOnSchema> {
  await ensureTestDatabase();
  const env = loadReportingEnv({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'silent', ...overrides }, {});
  await migrateReporting(env, true);
  const orm = await MikroORM.init(reportingOrmOptions(env));
  const projector = new ReadModelProjector(new ReadModelRepository(env), env);
  const kpis = new KpisService(new KpiRepository(orm, env), env);
  const consumerOf = (type: string): string => (type.startsWith('citygrid.grid.') ? GRID_CONSUMER : TICKETING_CONSUMER);
  return {
    env,
    orm,
    projector,
    kpis,
    consume: (event) => orm.em.fork().transactional((tx) => applyInTransaction(tx, consumerOf(event.type), event, projector.handles(event.type) ? (e, em) => projector.apply([e], em) : undefined)),
    applyBatch: (events) => orm.em.fork().transactional((tx) => projector.apply(events, tx)),
    table: async (name) => {
      const order: Record<string, string> = {
        case_fact: '"case_id"',
        rollup_day: '"node_code", "category_code", "day"',
        rollup_close_hours: '"node_code", "category_code", "day", "bucket"',
        patrol_grid_day: '"grid_code", "day"',
        node: '"code"',
        category: '"code"',
      };
      const rows = await orm.em.fork().execute<Array<Record<string, unknown>>>(`select * from "${schema}"."${name}" order by ${order[name] ?? '1'}`);
      return rows.map(({ updated_at: _updated, ...rest }) => rest);
    },
    close: async () => {
      await orm.close();
      await dropSchema(schema, TEST_DATABASE_URL);
    },
  };
}
