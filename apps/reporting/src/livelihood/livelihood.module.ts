import { Module } from '@nestjs/common';

import { ReadModelsModule } from '../read-models/read-models.module';
import { LivelihoodFactsService } from './livelihood-facts.service';
import { LivelihoodRepository } from './livelihood.repository';
import { LivelihoodRpcController } from './livelihood.rpc.controller';
import { LivelihoodService } from './livelihood.service';

/**
 * Livelihood figures 网格惠民: new urban jobs against targets, 15-minute health coverage and
 * lectures, enrolment help, and the centres' service requests, from those services' events.
 */
@Module({
  imports: [ReadModelsModule],
  controllers: [LivelihoodRpcController],
  providers: [LivelihoodRepository, LivelihoodFactsService, LivelihoodService],
  exports: [LivelihoodFactsService],
})
export class LivelihoodModule {}
