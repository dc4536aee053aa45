import { Module } from '@nestjs/common';

import { CalendarModule } from '../calendar/calendar.module';
import { CategoriesModule } from '../categories/categories.module';
import { CaseRepository } from './case.repository';
import { CasesRpcController } from './cases.rpc.controller';
import { CasesService } from './cases.service';
import { EscalationService } from './escalation.service';
import { IntakeWriter } from './intake-writer';

/** Cases: intake (group commit), the lifecycle, deadlines and five-level escalation. */
@Module({
  imports: [CalendarModule, CategoriesModule],
  controllers: [CasesRpcController],
  providers: [CaseRepository, IntakeWriter, CasesService, EscalationService],
  exports: [CasesService],
})
export class CasesModule {}
