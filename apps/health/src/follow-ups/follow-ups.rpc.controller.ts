import type { Page } from '@citygrid/contracts';
import { CreateFollowUpDto, FollowUpIdRequest, HealthRpc, ListFollowUpsQuery, LogHomeVisitRequest, UpdateFollowUpRequest, type HomeVisitFollowUpView } from '@citygrid/contracts/health';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { FollowUpsService } from './follow-ups.service';

/** NATS handlers of the home-visit follow-up list. */
@RpcController()
export class FollowUpsRpcController {
  constructor(private readonly followUps: FollowUpsService) {}

  @MessagePattern(HealthRpc.followUpCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateFollowUpDto): Promise<HomeVisitFollowUpView> {
    return this.followUps.create(caller, dto);
  }

  @MessagePattern(HealthRpc.followUpGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: FollowUpIdRequest): Promise<HomeVisitFollowUpView> {
    return this.followUps.get(caller, req.id);
  }

  @MessagePattern(HealthRpc.followUpList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListFollowUpsQuery): Promise<Page<HomeVisitFollowUpView>> {
    return this.followUps.list(caller, q);
  }

  @MessagePattern(HealthRpc.followUpUpdate)
  update(@CurrentCaller() caller: Caller, @Payload('payload') req: UpdateFollowUpRequest): Promise<HomeVisitFollowUpView> {
    return this.followUps.update(caller, req);
  }

  @MessagePattern(HealthRpc.visitLog)
  visit(@CurrentCaller() caller: Caller, @Payload('payload') req: LogHomeVisitRequest): Promise<HomeVisitFollowUpView> {
    return this.followUps.logVisit(caller, req);
  }
}
