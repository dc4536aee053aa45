import { Module } from '@nestjs/common';

import { ReadModelsModule } from '../read-models/read-models.module';
import { ProgrammeFactsService } from './programme-facts.service';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammesRpcController } from './programmes.rpc.controller';
import { ProgrammesService } from './programmes.service';

/**
 * Party building 党建, volunteers 志愿服务 and relocation 征拆 figures: the formation rate, volunteer
 * hours per node and period, education sessions, and the progress of each relocation project, from
 * the events of volunteers and relocation.
 */
@Module({
  imports: [ReadModelsModule],
  controllers: [ProgrammesRpcController],
  providers: [ProgrammeRepository, ProgrammeFactsService, ProgrammesService],
  exports: [ProgrammeFactsService],
})
export class ProgrammesModule {}
