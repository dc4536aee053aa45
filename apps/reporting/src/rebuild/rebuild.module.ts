import { Module } from '@nestjs/common';

import { AssessmentModule } from '../assessment/assessment.module';
import { LivelihoodModule } from '../livelihood/livelihood.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { RebuildRpcController } from './rebuild.rpc.controller';
import { RebuildService } from './rebuild.service';

/** Rebuilding the read models by replaying the stream (admin RPC, and `npm run reporting:rebuild`). */
@Module({
  imports: [ReadModelsModule, AssessmentModule, LivelihoodModule, ProgrammesModule],
  controllers: [RebuildRpcController],
  providers: [RebuildService],
})
export class RebuildModule {}
