import type { Caller } from '@citygrid/contracts/identity';
import { ReportingRpc, type RebuildView } from '@citygrid/contracts/reporting';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern } from '@nestjs/microservices';

import { RebuildService } from './rebuild.service';

/** NATS handlers of the rebuild: the system administrator starts one and follows it. */
@RpcController()
export class RebuildRpcController {
  constructor(private readonly rebuilds: RebuildService) {}

  @MessagePattern(ReportingRpc.rebuildStart)
  start(@CurrentCaller() caller: Caller): Promise<RebuildView> {
    return this.rebuilds.start(caller);
  }

  @MessagePattern(ReportingRpc.rebuildLatest)
  latest(@CurrentCaller() caller: Caller): Promise<RebuildView> {
    return this.rebuilds.latest(caller);
  }
}
