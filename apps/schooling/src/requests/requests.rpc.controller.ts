import type { Page } from '@citygrid/contracts';
import type { Caller } from '@citygrid/contracts/identity';
import {
  AdvanceEnrolmentRequest,
  CreateEnrolmentRequestDto,
  HouseholdRequestsRequest,
  ListEnrolmentRequestsQuery,
  SchoolingIdRequest,
  SchoolingRpc,
  type EnrolmentRequestView,
} from '@citygrid/contracts/schooling';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { RequestsService } from './requests.service';

/** NATS handlers for enrolment help requests: raised and advanced by operators and grid staff in scope, read by staff in scope. */
@RpcController()
export class RequestsRpcController {
  constructor(private readonly requests: RequestsService) {}

  @MessagePattern(SchoolingRpc.requestCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateEnrolmentRequestDto): Promise<EnrolmentRequestView> {
    return this.requests.create(caller, dto);
  }

  @MessagePattern(SchoolingRpc.requestList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListEnrolmentRequestsQuery): Promise<Page<EnrolmentRequestView>> {
    return this.requests.list(caller, q);
  }

  @MessagePattern(SchoolingRpc.requestGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: SchoolingIdRequest): Promise<EnrolmentRequestView> {
    return this.requests.get(caller, req.id);
  }

  @MessagePattern(SchoolingRpc.requestAdvance)
  advance(@CurrentCaller() caller: Caller, @Payload('payload') req: AdvanceEnrolmentRequest): Promise<EnrolmentRequestView> {
    return this.requests.advance(caller, req);
  }

  @MessagePattern(SchoolingRpc.householdRequests)
  household(@CurrentCaller() caller: Caller, @Payload('payload') req: HouseholdRequestsRequest): Promise<Page<EnrolmentRequestView>> {
    return this.requests.household(caller, req);
  }
}
