import { Module } from '@nestjs/common';

import { AssessmentModule } from '../assessment/assessment.module';
import { KpisModule } from '../kpis/kpis.module';
import { ExportsRpcController } from './exports.rpc.controller';
import { ExportsService } from './exports.service';

/** Every report as a file: KPIs and assessments as CSV and XLSX, the quarterly assessment as printable HTML. */
@Module({
  imports: [KpisModule, AssessmentModule],
  controllers: [ExportsRpcController],
  providers: [ExportsService],
})
export class ExportsModule {}
