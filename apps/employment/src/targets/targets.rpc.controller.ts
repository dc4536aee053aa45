import { EmploymentRpc, ProgressRequest, SetTargetRequest, SplitTargetRequest, type ProgressView, type TargetView } from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { TargetsService } from './targets.service';

/** NATS handlers of the yearly targets. */
@RpcController()
export class TargetsRpcController {
  constructor(private readonly targets: TargetsService) {}

  @MessagePattern(EmploymentRpc.targetSet)
  set(@CurrentCaller() caller: Caller, @Payload('payload') req: SetTargetRequest): Promise<TargetView> {
    return this.targets.set(caller, req);
  }

  @MessagePattern(EmploymentRpc.targetSplit)
  split(@CurrentCaller() caller: Caller, @Payload('payload') req: SplitTargetRequest): Promise<TargetView[]> {
    return this.targets.split(caller, req);
  }

  @MessagePattern(EmploymentRpc.targetProgress)
  progress(@CurrentCaller() caller: Caller, @Payload('payload') req: ProgressRequest): Promise<ProgressView> {
    return this.targets.progress(caller, req);
  }
}
