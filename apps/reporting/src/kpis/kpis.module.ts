import { Module } from '@nestjs/common';

import { KpiRepository } from './kpi.repository';
import { KpisRpcController } from './kpis.rpc.controller';
import { KpisService } from './kpis.service';

/** The KPIs: definitions, and figures per node, category and period read from the rollups. */
@Module({
  controllers: [KpisRpcController],
  providers: [KpiRepository, KpisService],
  exports: [KpisService],
})
export class KpisModule {}
