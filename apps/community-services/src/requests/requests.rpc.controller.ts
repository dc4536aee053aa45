import type { Page } from '@citygrid/contracts';
import {
  AssignServiceRequestRequest,
  CancelServiceRequestRequest,
  CloseServiceRequestRequest,
  CommunityServicesIdRequest,
  CommunityServicesRpc,
  CreateServiceRequestDto,
  ListServiceRequestsQuery,
  NoteServiceRequestRequest,
  ServiceFiguresQuery,
  StartServiceRequestRequest,
  type CentreFiguresView,
  type ServiceRequestView,
} from '@citygrid/contracts/community-services';
import type { Caller } from '@citygrid/contracts/identity';
import { CurrentCaller, RpcController } from '@citygrid/service-kit';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { RequestsService } from './requests.service';

/** NATS handlers for service requests: intake, the workflow's steps, the lists and the figures. */
@RpcController()
export class RequestsRpcController {
  constructor(private readonly requests: RequestsService) {}

  @MessagePattern(CommunityServicesRpc.requestCreate)
  create(@CurrentCaller() caller: Caller, @Payload('payload') dto: CreateServiceRequestDto): Promise<ServiceRequestView> {
    return this.requests.create(caller, dto);
  }

  @MessagePattern(CommunityServicesRpc.requestList)
  list(@CurrentCaller() caller: Caller, @Payload('payload') q: ListServiceRequestsQuery): Promise<Page<ServiceRequestView>> {
    return this.requests.list(caller, q);
  }

  @MessagePattern(CommunityServicesRpc.requestMine)
  mine(@CurrentCaller() caller: Caller, @Payload('payload') q: ListServiceRequestsQuery): Promise<Page<ServiceRequestView>> {
    return this.requests.mine(caller, q);
  }

  @MessagePattern(CommunityServicesRpc.requestGet)
  get(@CurrentCaller() caller: Caller, @Payload('payload') req: CommunityServicesIdRequest): Promise<ServiceRequestView> {
    return this.requests.get(caller, req.id);
  }

  @MessagePattern(CommunityServicesRpc.requestAssign)
  assign(@CurrentCaller() caller: Caller, @Payload('payload') req: AssignServiceRequestRequest): Promise<ServiceRequestView> {
    return this.requests.assign(caller, req);
  }

  @MessagePattern(CommunityServicesRpc.requestStart)
  start(@CurrentCaller() caller: Caller, @Payload('payload') req: StartServiceRequestRequest): Promise<ServiceRequestView> {
    return this.requests.start(caller, req);
  }

  @MessagePattern(CommunityServicesRpc.requestNote)
  note(@CurrentCaller() caller: Caller, @Payload('payload') req: NoteServiceRequestRequest): Promise<ServiceRequestView> {
    return this.requests.note(caller, req);
  }

  @MessagePattern(CommunityServicesRpc.requestClose)
  close(@CurrentCaller() caller: Caller, @Payload('payload') req: CloseServiceRequestRequest): Promise<ServiceRequestView> {
    return this.requests.close(caller, req);
  }

  @MessagePattern(CommunityServicesRpc.requestCancel)
  cancel(@CurrentCaller() caller: Caller, @Payload('payload') req: CancelServiceRequestRequest): Promise<ServiceRequestView> {
    return this.requests.cancel(caller, req);
  }

  @MessagePattern(CommunityServicesRpc.figures)
  figures(@CurrentCaller() caller: Caller, @Payload('payload') q: ServiceFiguresQuery): Promise<CentreFiguresView[]> {
    return this.requests.figures(caller, q);
  }
}
