import 'reflect-metadata';

import { closeNats, connectNats, Subjects } from '@citygrid/messaging';
import { EventRecorder } from '@citygrid/persistence';
import { createLogger } from '@citygrid/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';

import { loadReportingEnv } from './config';
import { reportingOrmOptions } from './orm';
import { ReadModelProjector } from './read-models/projector.service';
import { ReadModelRepository } from './read-models/read-model.repository';
import { AssessmentFactsService } from './assessment/assessment-facts.service';
import { AssessmentFactsRepository } from './assessment/facts.repository';
import { KpiChangeSignal } from './read-models/kpi-change-signal';
import { LivelihoodFactsService } from './livelihood/livelihood-facts.service';
import { LivelihoodRepository } from './livelihood/livelihood.repository';
import { ProgrammeFactsService } from './programmes/programme-facts.service';
import { ProgrammeRepository } from './programmes/programme.repository';
import { ReadModelsService } from './read-models/read-models.service';
import { RebuildService } from './rebuild/rebuild.service';

/**
 * `npm run reporting:rebuild`: rebuild reporting's read models from the stream, with the
 * service's environment, and wait for the end. Safe while the service runs (it keeps consuming;
 * one rebuild at a time). Exits 1 when the rebuild fails or another one is running.
 */
async function main(): Promise<number> {
  const env = loadReportingEnv();
  const logger = createLogger('reporting-rebuild', env.LOG_LEVEL);
  const orm = await MikroORM.init(reportingOrmOptions(env));
  const nc = await connectNats({ servers: env.NATS_URL.split(','), name: 'reporting-rebuild', logger });
  try {
    const subjects = Subjects.fromConfig(env);
    const projector = new ReadModelProjector(new ReadModelRepository(env), env);
    // the running service's live feeds refresh when the rebuild completes
    const signal = new KpiChangeSignal(subjects, nc);
    const facts = new AssessmentFactsService(new AssessmentFactsRepository(env), subjects, env);
    const livelihood = new LivelihoodFactsService(new LivelihoodRepository(orm, env), new ReadModelRepository(env), subjects);
    const programmes = new ProgrammeFactsService(new ProgrammeRepository(orm, env), new ReadModelRepository(env), subjects);
    const rebuilds = new RebuildService(orm, nc, subjects, projector, new ReadModelsService(projector, subjects, signal), facts, livelihood, programmes, new EventRecorder(subjects), signal, env);
    const run = await rebuilds.rebuildNow();
    signal.beforeApplicationShutdown();
    logger.info({ rebuild: run }, `rebuild ${run.status}: ${run.eventsReplayed} events replayed`);
    return run.status === 'completed' ? 0 : 1;
  } finally {
    await closeNats(nc);
    await orm.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      createLogger('reporting-rebuild', 'info').fatal({ err }, 'rebuild failed');
      process.exit(1);
    },
  );
}
