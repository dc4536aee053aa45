import type { Page } from '@citygrid/contracts';
import {
  CancelPlacementRequest,
  EmploymentIdRequest,
  EmploymentRpc,
  ListFollowUpsDueQuery,
  ListPlacementsQuery,
  RecordFollowUpRequest,
  RecordPlacementDto,
  type FollowUpDueView,
  type PlacementView,
} from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { PlacementsService } from './placements.service';

/** NATS handlers of the placements and their follow-ups. */
@RpcController()
export class PlacementsRpcController {
  constructor(private readonly placements: PlacementsService) {}

  @MessagePattern(EmploymentRpc.placementRecord)
  record(@CurrentCaller() caller: Caller, @Payload('payload') dto: RecordPlacementDto): Promise<PlacementView> {
    return this.placements.record(caller, dto);
  }

  @MessagePattern(EmploymentRpc.placementList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListPlacementsQuery): Promise<Page<PlacementView>> {
    return this.placements.list(caller, q);
  }

  @MessagePattern(EmploymentRpc.placementGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: EmploymentIdRequest): Promise<PlacementView> {
    return this.placements.get(caller, req.id);
  }

  @MessagePattern(EmploymentRpc.placementCancel)
  cancel(@CurrentCaller() caller: Caller, @Payload('payload') req: CancelPlacementRequest): Promise<PlacementView> {
    return this.placements.cancel(caller, req);
  }

  @MessagePattern(EmploymentRpc.placementFollowUp)
  followUp(@CurrentCaller() caller: Caller, @Payload('payload') req: RecordFollowUpRequest): Promise<PlacementView> {
    return this.placements.followUp(caller, req);
  }

  @MessagePattern(EmploymentRpc.followUpsDue)
  due(@CurrentCaller() caller: Caller, @Payload('payload') q: ListFollowUpsDueQuery): Promise<Page<FollowUpDueView>> {
    return this.placements.due(caller, q);
  }
}
