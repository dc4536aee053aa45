import type { Page } from '@citygrid/contracts';
import { CreateFairDto, EmploymentIdRequest, EmploymentRpc, ListFairsQuery, RecordAttendanceRequest, RecordOfferRequest, type FairView } from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { FairsService } from './fairs.service';

/** NATS handlers of the job fairs and campaigns. */
@RpcController()
export class FairsRpcController {
  constructor(private readonly fairs: FairsService) {}

  @MessagePattern(EmploymentRpc.fairCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateFairDto): Promise<FairView> {
    return this.fairs.create(caller, dto);
  }

  @MessagePattern(EmploymentRpc.fairList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListFairsQuery): Promise<Page<FairView>> {
    return this.fairs.list(caller, q);
  }

  @MessagePattern(EmploymentRpc.fairGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: EmploymentIdRequest): Promise<FairView> {
    return this.fairs.get(caller, req.id);
  }

  @MessagePattern(EmploymentRpc.fairAttendance)
  attendance(@CurrentCaller() caller: Caller, @Payload('payload') req: RecordAttendanceRequest): Promise<FairView> {
    return this.fairs.attendance(caller, req);
  }

  @MessagePattern(EmploymentRpc.fairOffer)
  offer(@CurrentCaller() caller: Caller, @Payload('payload') req: RecordOfferRequest): Promise<FairView> {
    return this.fairs.offer(caller, req);
  }
}
