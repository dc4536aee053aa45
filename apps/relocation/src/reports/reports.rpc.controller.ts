import type { Caller } from '@citygrid/contracts/identity';
import { RelocationReportRequest, RelocationRpc, type DailyReportView, type MeetingAgendaView, type ProgressCurveView } from '@citygrid/contracts/relocation';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ReportsService } from './reports.service';

/** NATS handlers for a project's reports, read by staff in scope. */
@RpcController()
export class ReportsRpcController {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(RelocationRpc.dailyReport)
  daily(@CurrentCaller() caller: Caller, @Payload('payload') q: RelocationReportRequest): Promise<DailyReportView> {
    return this.reports.daily(caller, q);
  }

  @MessagePattern(RelocationRpc.meetingAgenda)
  agenda(@CurrentCaller() caller: Caller, @Payload('payload') q: RelocationReportRequest): Promise<MeetingAgendaView> {
    return this.reports.agenda(caller, q);
  }

  @MessagePattern(RelocationRpc.progressCurve)
  curve(@CurrentCaller() caller: Caller, @Payload('payload') q: RelocationReportRequest): Promise<ProgressCurveView> {
    return this.reports.curve(caller, q);
  }
}
