import { ReportingRpc } from '@citygrid/contracts/reporting';
import { auditTrailController } from '@citygrid/persistence';
import { deadLettersController, serviceConsumerProviders } from '@citygrid/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';

import { AssessmentFactsService } from './assessment/assessment-facts.service';
import { AssessmentModule } from './assessment/assessment.module';
import { type ReportingEnv } from './config';
import { ReportingCoreModule } from './core.module';
import { ExportsModule } from './exports/exports.module';
import { KpisModule } from './kpis/kpis.module';
import { LivelihoodFactsService } from './livelihood/livelihood-facts.service';
import { LivelihoodModule } from './livelihood/livelihood.module';
import { ProgrammeFactsService } from './programmes/programme-facts.service';
import { ProgrammesModule } from './programmes/programmes.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { ReadModelsService } from './read-models/read-models.service';
import { RebuildModule } from './rebuild/rebuild.module';

/** reporting: read models built from events only, the KPIs read from them, assessment, the livelihood, party, volunteer and relocation figures, and their rebuild; one module each. */
@Module({})
export class ReportingModule {
  static forRoot(env: ReportingEnv): DynamicModule {
    return {
      module: ReportingModule,
      imports: [ReportingCoreModule.forRoot(env), ReadModelsModule, KpisModule, RebuildModule, AssessmentModule, ExportsModule, LivelihoodModule, ProgrammesModule],
      // Service-wide, composed here: the audit trail (rebuilds), the durable consumers (their
      // handlers are the read models'), and the dead letters they leave.
      controllers: [auditTrailController(ReportingRpc.auditList), deadLettersController({ list: ReportingRpc.deadLetterList, replay: ReportingRpc.deadLetterReplay })],
      providers: [
        ...serviceConsumerProviders('reporting', env, {
          inject: [ReadModelsService, AssessmentFactsService, LivelihoodFactsService, ProgrammeFactsService],
          useFactory: (readModels: ReadModelsService, assessmentFacts: AssessmentFactsService, livelihood: LivelihoodFactsService, programmes: ProgrammeFactsService) => [
            ...readModels.consumers(),
            ...assessmentFacts.consumers(),
            ...livelihood.consumers(),
            ...programmes.consumers(),
          ],
        }),
      ],
    };
  }
}
