import type { Caller } from '@citygrid/contracts/identity';
import { LivelihoodQuery, ReportingRpc, type LivelihoodReportView } from '@citygrid/contracts/reporting';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { LivelihoodService } from './livelihood.service';

/** NATS handler of the livelihood figures. */
@RpcController()
export class LivelihoodRpcController {
  constructor(private readonly livelihood: LivelihoodService) {}

  @MessagePattern(ReportingRpc.livelihood)
  figures(@CurrentCaller() caller: Caller, @Payload('payload') q: LivelihoodQuery): Promise<LivelihoodReportView> {
    return this.livelihood.figures(caller, q);
  }
}
