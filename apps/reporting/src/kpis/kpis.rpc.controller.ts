import type { Caller } from '@citygrid/contracts/identity';
import { KpiDashboardQuery, KpiQuery, ReportingRpc, type KpiDashboardView, type KpiDefinitionView, type KpiReportView } from '@citygrid/contracts/reporting';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { KpisService } from './kpis.service';

/** NATS handlers of the KPIs: validate, call one service method. */
@RpcController()
export class KpisRpcController {
  constructor(private readonly kpis: KpisService) {}

  @MessagePattern(ReportingRpc.kpiDefinitions)
  definitions(): KpiDefinitionView[] {
    return this.kpis.definitions();
  }

  @MessagePattern(ReportingRpc.kpiQuery)
  query(@CurrentCaller() caller: Caller, @Payload('payload') q: KpiQuery): Promise<KpiReportView> {
    return this.kpis.query(caller, q);
  }

  @MessagePattern(ReportingRpc.kpiDashboard)
  dashboard(@CurrentCaller() caller: Caller, @Payload('payload') q: KpiDashboardQuery): Promise<KpiDashboardView> {
    return this.kpis.dashboard(caller, q);
  }
}
