import type { Caller } from '@citygrid/contracts/identity';
import { AssessmentExportRequest, type ExportFileView, ExportRpc, KpiExportRequest, RankingExportRequest } from '@citygrid/contracts/reporting';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { ExportsService } from './exports.service';

/** NATS handlers of the exports: validate, call one service method. */
@RpcController()
export class ExportsRpcController {
  constructor(private readonly exports: ExportsService) {}

  @MessagePattern(ExportRpc.kpis)
  kpis(@CurrentCaller() caller: Caller, @Payload('payload') req: KpiExportRequest): Promise<ExportFileView> {
    return this.exports.kpiFile(caller, req);
  }

  @MessagePattern(ExportRpc.assessments)
  assessments(@CurrentCaller() caller: Caller, @Payload('payload') req: AssessmentExportRequest): Promise<ExportFileView> {
    return this.exports.assessmentFile(caller, req);
  }

  @MessagePattern(ExportRpc.rankings)
  rankings(@CurrentCaller() caller: Caller, @Payload('payload') req: RankingExportRequest): Promise<ExportFileView> {
    return this.exports.rankingFile(caller, req);
  }
}
