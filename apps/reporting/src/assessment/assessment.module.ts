import { Module } from '@nestjs/common';

import { KpisModule } from '../kpis/kpis.module';
import { AssessmentFactsService } from './assessment-facts.service';
import { AssessmentRulesService } from './assessment-rules.service';
import { AssessmentRpcController } from './assessment.rpc.controller';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentService } from './assessment.service';
import { AssessmentFactsRepository } from './facts.repository';

/**
 * Quantified assessment 量化考核: rule versions, quarterly scores and rankings read through the
 * KPIs, and the facts of its own consumers (supervision flags, inspections, staff assignments).
 */
@Module({
  imports: [KpisModule],
  controllers: [AssessmentRpcController],
  providers: [AssessmentRepository, AssessmentRulesService, AssessmentService, AssessmentFactsRepository, AssessmentFactsService],
  exports: [AssessmentService, AssessmentRepository, AssessmentFactsService],
})
export class AssessmentModule {}
